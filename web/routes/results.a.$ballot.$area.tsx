import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { publicAccess } from "../http/public-results.server.ts";
import { areaJson } from "../results/api.server.ts";
import { electionChoice } from "../http/election-param.server.ts";
import { invariantResponse } from "../http/guards.server.ts";
import { BALLOT_KEY } from "../tally/tally-rules.ts";
import { LevelCounts } from "../ui/level-counts.tsx";
import { ChoiceBars, Embargoed, InvalidBallots, usePercent } from "../ui/contest-results.tsx";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatNumber } from "../i18n/format.ts";
import { ProvisionalPanel } from "../ui/provisional.tsx";
import { provisionalArea } from "../live/provisional.server.ts";
import { SearchBox } from "../ui/results-search.tsx";
import { AsOf } from "../ui/follow.tsx";

export const meta: MetaFunction = () => [{ title: "ผลรายเขตพื้นที่ / Area results" }];

// HTML only: it follows the count with public/follow.js, not React (ADR 0041).
export const handle = { hydrate: false };

// One area of any contest: a Bangkok council district, one of the districts a governor's
// count is kept by, a multi-member area; by the kind's rule, who is elected there.
export async function loader({ request, params }: LoaderFunctionArgs) {
  invariantResponse(BALLOT_KEY.test(params.ballot ?? "") && (params.area ?? "").length <= 40, "Not found");
  const access = await publicAccess(request);
  const { election, query } = await electionChoice(request);
  if (!access.show) return { ...access, a: null, provisional: null, query };
  const [a, provisional] = await Promise.all([
    areaJson(params.ballot!, params.area!, election.slug),
    provisionalArea(election.id, params.ballot!, params.area!),
  ]);
  invariantResponse(a, "Not found");
  const live = provisional && provisional.unitsCounting + provisional.unitsFinished + provisional.unitsFinal > 0;
  return { ...access, a, provisional: live ? provisional : null, query, at: new Date().toISOString() };
}

export default function AreaResult() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const pct = usePercent();
  if (!d.a) return <Embargoed />;
  const a = d.a;
  const n = (v: number) => formatNumber(v, locale);
  return (
    <>
      <section className="card" aria-labelledby="a-title">
        <p>
          <Link to={`/results${d.query}`}>← {t("results.backToContests")}</Link>
        </p>
        <h1 id="a-title">
          {locale === "th" ? a.contest.nameTh : a.contest.nameEn} · {locale === "th" ? a.area.nameTh : a.area.nameEn}
        </h1>
        <SearchBox query={d.query} />
        {d.preview && <p className="notice">{t("results.preview")}</p>}
        {"at" in d && <AsOf change={a.asOfChange} at={d.at} />}
        <p data-testid="coverage">
          {t("results.coverage", {
            verified: n(a.coverage.verified),
            units: n(a.coverage.units),
            pct: pct(a.coverage.units ? a.coverage.verified / a.coverage.units : 0),
            reported: n(a.coverage.reported),
          })}
        </p>
        <LevelCounts levels={a.coverage.levels} units={a.coverage.units} />
        <p>{t("results.turnout", { pct: pct(a.turnout) })}</p>
        {a.area.seats > 1 && <p>{t("results.areaSeats", { n: a.area.seats })}</p>}
        <ChoiceBars choices={a.choices} label={locale === "th" ? a.area.nameTh : a.area.nameEn} />
        <p data-testid="area-outcome">
          {a.elected.length > 0
            ? t("results.elected", { numbers: a.elected.join(", ") })
            : a.voteNoWins
              ? t("results.voteNoWins", { voteNo: n(a.voteNo) })
              : a.tiedForFirst.length > 0
                ? t("results.tiedForFirst", { numbers: a.tiedForFirst.join(", ") })
                : a.contest.kind === "district" || a.contest.kind === "multi_member"
                  ? t("results.noLeader")
                  : ""}
        </p>
        {a.tiedForLastSeats.length > 0 && (
          <p className="notice">{t("results.tiedForLast", { numbers: a.tiedForLastSeats.join(", ") })}</p>
        )}
        <InvalidBallots kind={a.contest.kind} invalid={a.invalid} voteNo={a.voteNo} />
      </section>
      {d.provisional && <ProvisionalPanel initial={d.provisional} query={d.query} />}
    </>
  );
}
