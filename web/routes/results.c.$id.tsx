import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { publicAccess } from "../http/public-results.server.ts";
import { constituencyJson } from "../results/api.server.ts";
import { electionQuery, requestElection } from "../http/election-param.server.ts";
import { areaCall } from "../results/races.server.ts";
import { officialDifferences } from "../results/official.server.ts";
import { OfficialDifferences } from "../ui/official-differences.tsx";
import { LevelCounts } from "../ui/level-counts.tsx";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatNumber } from "../i18n/format.ts";
import { invariantResponse } from "../http/guards.server.ts";
import { Embargoed } from "../ui/contest-results.tsx";
import { SearchBox } from "../ui/results-search.tsx";
import { AsOf } from "../ui/follow.tsx";

export const meta: MetaFunction = () => [{ title: "ผลรายเขต / Constituency results" }];

// HTML only: it follows the count with public/follow.js, not React (ADR 0041).
export const handle = { hydrate: false };

export async function loader({ request, params }: LoaderFunctionArgs) {
  invariantResponse(/^\d{2}-\d{2}$/.test(params.id ?? ""), "Not found");
  const access = await publicAccess(request);
  const query = electionQuery(request);
  if (!access.show) return { ...access, c: null, query };
  const election = await requestElection(request);
  const c = await constituencyJson(params.id!, election.slug);
  invariantResponse(c, "Not found");
  return {
    ...access,
    c,
    query,
    at: new Date().toISOString(),
    official: await officialDifferences(election.id, { constituencyId: params.id!, take: 100 }),
    // No call before the boxes close (issue 39's blackout), even for staff previewing.
    call: Date.now() >= election.closesAt.getTime() ? await areaCall(election.id, "constituency", params.id!) : null,
  };
}

export default function ConstituencyResult() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  if (!d.c) return <Embargoed />;
  const c = d.c;
  const n = (v: number) => formatNumber(v, locale);
  const max = Math.max(1, ...c.candidates.map((k) => k.votes));
  return (
    <section className="card" aria-labelledby="c-title">
      <p>
        <Link to={`/results${d.query}`}>← {t("results.title")}</Link>
      </p>
      <h1 id="c-title">
        {locale === "th" ? c.provinceTh : c.provinceEn} {t("signup.constituencyNo", { n: c.number })}
      </h1>
      <SearchBox query={d.query} />
      {d.preview && <p className="notice">{t("results.preview")}</p>}
      {"at" in d && <AsOf change={c.asOfChange} at={d.at} />}
      <p data-testid="coverage">
        {t("results.coverage", {
          verified: n(c.unitsVerified),
          units: n(c.units),
          pct: `${Math.round((1000 * c.unitsVerified) / Math.max(1, c.units)) / 10}%`,
          reported: n(c.unitsReported),
        })}
      </p>
      <LevelCounts levels={c.levels} units={c.units} />
      {"call" in d && d.call && (
        <p data-testid="call">
          <span className={`badge call-${d.call.callStatus}`}>{t(`calls.${d.call.callStatus}`)}</span>{" "}
          <span className="hint">{t(`calls.explain.${d.call.callStatus}`)}</span>
          {d.call.projectedCallStatus !== d.call.callStatus && (
            <>
              <br />
              <span className="hint" data-testid="projected-call">
                {t("calls.explain.projected", { status: t(`calls.${d.call.projectedCallStatus}`) })}
              </span>
            </>
          )}
        </p>
      )}
      <p data-testid="leader">
        {c.leader
          ? t("results.leader", { n: c.leader.number, name: c.leader.name, margin: n(c.leader.margin) })
          : c.tiedForFirst.length > 0
            ? t("results.tiedForFirst", { numbers: c.tiedForFirst.join(", ") })
            : c.voteNoWins
              ? t("results.voteNoWins", { voteNo: n(c.voteNo) })
              : t("results.noLeader")}
      </p>
      <p className="hint" data-testid="invalid-voteno">
        {t("results.invalidVoteNo", { invalid: n(c.invalid), voteNo: n(c.voteNo) })}
        {c.runnerUp && <> · {t("results.runnerUp", { n: c.runnerUp.number, name: c.runnerUp.name })}</>}
      </p>
      <figure className="bars">
        {c.candidates.map((k) => (
          <div className="bar-row" key={k.number}>
            <span className="bar-label">
              {k.number}. {k.name} <span className="hint">{locale === "th" ? k.partyTh : k.partyEn}</span>
            </span>
            <span className="bar" style={{ width: `${(100 * k.votes) / max}%`, background: k.colour }} />
            <span className="bar-value">{n(k.votes)}</span>
          </div>
        ))}
      </figure>
      <section aria-labelledby="official-title">
        <h2 id="official-title">{t("official.publicTitle")}</h2>
        {d.official.compared === 0 ? (
          <p className="hint">{t("official.notYet")}</p>
        ) : (
          <OfficialDifferences d={d.official} headingLevel={3} />
        )}
      </section>
    </section>
  );
}
