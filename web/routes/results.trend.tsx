import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { publicAccess } from "../http/public-results.server.ts";
import { electionChoice } from "../http/election-param.server.ts";
import { publicEstimates } from "../quickcount/quickcount.server.ts";
import { Embargoed } from "../ui/contest-results.tsx";
import { Coverage, EstimatesTable } from "../ui/quickcount.tsx";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatDateTime, formatNumber } from "../i18n/format.ts";

export const meta: MetaFunction = () => [{ title: "แนวโน้มจากการนับเร็ว / Quick-count trend" }];

// HTML only: it follows the count with public/follow.js, not React (ADR 0041).
export const handle = { hydrate: false };

// The quick count's trend for the public: nothing before the close (the blackout), then
// the estimates once the publication rule is met, saying how much of the sample they rest on.
export async function loader({ request }: LoaderFunctionArgs) {
  const access = await publicAccess(request);
  const { election, query } = await electionChoice(request);
  if (!access.show) return { show: false as const, query };
  const trend = await publicEstimates(election);
  return {
    show: true as const,
    query,
    closesAt: election.closesAt.toISOString(),
    at: new Date().toISOString(),
    ...trend,
  };
}

export default function Trend() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  if (!d.show) return <Embargoed />;
  const e = d.estimates;
  return (
    <section className="card" aria-labelledby="trend-title">
      <p>
        <Link to={`/results${d.query}`}>← {t("results.title")}</Link>
      </p>
      <h1 id="trend-title">
        {e && e.contest.kind !== "party_list"
          ? t("quickcount.trend.titleOther", { contest: locale === "th" ? e.contest.nameTh : e.contest.nameEn })
          : t("quickcount.trend.title")}
      </h1>
      <p className="hint">{formatDateTime(d.at, locale)}</p>
      <div data-testid="trend-state" data-state={d.state}>
        {d.state === "blackout" && <p>{t("quickcount.trend.blackout", { at: formatDateTime(d.closesAt, locale) })}</p>}
        {d.state === "none" && <p>{t("quickcount.trend.none")}</p>}
        {d.state === "waiting" && d.coverage && (
          <p>
            {t("quickcount.trend.waiting", {
              in: formatNumber(d.coverage.sampleIn, locale),
              size: formatNumber(d.coverage.sampleSize, locale),
              strataIn: formatNumber(d.coverage.strataIn, locale),
              strata: formatNumber(d.coverage.strata, locale),
            })}
          </p>
        )}
        {e && (
          <>
            <Coverage coverage={e.coverage} />
            <EstimatesTable estimates={e} />
          </>
        )}
      </div>
      <p>
        <a href={`/audit/quickcount${d.query}`}>{t("quickcount.audit.title")}</a>
      </p>
    </section>
  );
}
