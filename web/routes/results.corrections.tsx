import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { publicAccess } from "../http/public-results.server.ts";
import { electionChoice } from "../http/election-param.server.ts";
import { correctionsLog } from "../results/feed.server.ts";
import { Embargoed } from "../ui/contest-results.tsx";
import { AsOf } from "../ui/follow.tsx";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatDateTime } from "../i18n/format.ts";

export const meta: MetaFunction = () => [{ title: "บันทึกการแก้ไขผล / Corrections log" }];

// HTML only: it follows the count with public/follow.js, not React (ADR 0041).
export const handle = { hydrate: false };

// The public corrections log: every verified result later corrected or withdrawn.
export async function loader({ request }: LoaderFunctionArgs) {
  const access = await publicAccess(request);
  const { election, query } = await electionChoice(request);
  if (!access.show) return { log: null, query, at: "" };
  return { log: await correctionsLog(election.id, 300), query, at: new Date().toISOString() };
}

export default function Corrections() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  if (!d.log) return <Embargoed />;
  return (
    <section className="card" aria-labelledby="corr-title">
      <p>
        <Link to={`/results${d.query}`}>← {t("results.title")}</Link>
      </p>
      <h1 id="corr-title">{t("corrections.title")}</h1>
      <p className="hint">{t("corrections.intro")}</p>
      <AsOf change={d.log.asOfChange} at={d.at} />
      {d.log.corrections.length === 0 ? (
        <p data-testid="corrections-none">{t("corrections.none")}</p>
      ) : (
        <table className="compact" data-testid="corrections">
          <thead>
            <tr>
              <th scope="col">{t("corrections.change")}</th>
              <th scope="col">{t("corrections.when")}</th>
              <th scope="col">{t("corrections.unit")}</th>
              <th scope="col">{t("corrections.what")}</th>
            </tr>
          </thead>
          <tbody>
            {d.log.corrections.map((c) => (
              <tr key={c.seq}>
                <td>{c.seq}</td>
                <td>{formatDateTime(c.at, locale)}</td>
                <td>
                  <Link to={`/results/u/${c.unit}${d.query}`} className="mono">
                    {c.unit}
                  </Link>{" "}
                  {c.ballot}
                </td>
                <td>{t(`corrections.kind.${c.kind}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
