import { Link } from "@remix-run/react";
import { useLocale, useT } from "./i18n.tsx";
import { formatNumber } from "../i18n/format.ts";
import type { OfficialComparison } from "../results/results.sql.server.ts";

export type OfficialDifferencesData = OfficialComparison;

/** Where the ECT's official figures and our verified ones differ, every figure, and which
 *  units either side lacks (war room and public pages). */
export function OfficialDifferences({ d, headingLevel = 2 }: { d: OfficialDifferencesData; headingLevel?: 2 | 3 }) {
  const t = useT();
  const locale = useLocale();
  const n = (v: number) => formatNumber(v, locale);
  const H = `h${headingLevel}` as "h2" | "h3";
  const diff = (ours: number | null, official: number) => {
    const d = (ours ?? 0) - official;
    return (d > 0 ? "+" : "") + n(d);
  };
  // A figure's name (voters, invalid…) or a number's votes.
  const figure = (f: string) => (/^\d+$/.test(f) ? t("report.number", { n: f }) : t(`report.${f}`));
  const unitLink = (unitCode: string, ballot: string) => (
    <>
      <Link to={`/results/u/${unitCode}`} className="mono">
        {unitCode}
      </Link>{" "}
      {t(`report.ballot.${ballot}`)}
    </>
  );
  return (
    <>
      <p data-testid="compared">{t("official.compared", { n: n(d.compared) })}</p>
      <H>{t("official.byConstituency")}</H>
      {d.byConstituency.length === 0 ? (
        <p>{t("official.none")}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <p className="hint">{t("official.absDiffHint")}</p>
          <table data-testid="official-constituencies">
            <thead>
              <tr>
                <th scope="col">{t("official.constituency")}</th>
                <th scope="col">{t("official.figure")}</th>
                <th scope="col">{t("official.ours")}</th>
                <th scope="col">{t("official.officialCol")}</th>
                <th scope="col">{t("official.diff")}</th>
                <th scope="col">{t("official.absDiff")}</th>
                <th scope="col">{t("official.unitsCol")}</th>
              </tr>
            </thead>
            <tbody>
              {d.byConstituency.map((r) => (
                <tr key={`${r.constituencyId}-${r.ballot}-${r.figure}`}>
                  <td>
                    <Link to={`/results/c/${r.constituencyId}`}>{r.constituencyId}</Link>{" "}
                    {t(`report.ballot.${r.ballot}`)}
                  </td>
                  <td>{figure(r.figure)}</td>
                  <td>{n(r.ours)}</td>
                  <td>{n(r.official)}</td>
                  <td>{diff(r.ours, r.official)}</td>
                  <td>{n(r.absDifference)}</td>
                  <td>{n(r.units)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <H>{t("official.units")}</H>
      {d.units.length === 0 ? (
        <p>{t("official.none")}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table data-testid="official-units">
            <thead>
              <tr>
                <th scope="col">{t("official.unit")}</th>
                <th scope="col">{t("official.figure")}</th>
                <th scope="col">{t("official.ours")}</th>
                <th scope="col">{t("official.officialCol")}</th>
                <th scope="col">{t("official.diff")}</th>
              </tr>
            </thead>
            <tbody>
              {d.units.map((r) => (
                <tr key={`${r.unitCode}-${r.ballot}-${r.figure}`}>
                  <td>{unitLink(r.unitCode, r.ballot)}</td>
                  <td>{figure(r.figure)}</td>
                  <td>{r.ours === null ? "—" : n(r.ours)}</td>
                  <td>{n(r.official)}</td>
                  <td>{diff(r.ours, r.official)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(
        [
          ["missingOurs", d.missingOurs, d.missingCounts.ours],
          ["missingOfficial", d.missingOfficial, d.missingCounts.official],
        ] as const
      ).map(
        ([key, rows, count]) =>
          count > 0 && (
            <details key={key} data-testid={`official-${key}`}>
              <summary>{t(`official.${key}`, { n: n(count) })}</summary>
              <ul className="plain-list">
                {rows.map((r) => (
                  <li key={`${r.unitCode}-${r.ballot}`}>
                    {unitLink(r.unitCode, r.ballot)}
                    {"status" in r && ` · ${r.status ? t(`report.status.${r.status}`) : t("official.noResult")}`}
                  </li>
                ))}
              </ul>
            </details>
          ),
      )}
    </>
  );
}
