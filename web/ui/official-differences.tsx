import { Link } from "@remix-run/react";
import { useLocale, useT } from "./i18n.tsx";
import { formatNumber } from "../i18n/format.ts";

export interface OfficialDifferencesData {
  compared: number;
  byConstituency: { constituencyId: string; ballot: string; number: number; ours: number; official: number }[];
  units: { unitCode: string; ballot: string; number: number; ours: number; official: number }[];
}

/** Where the ECT's official figures and our verified ones differ (war room and public pages). */
export function OfficialDifferences({ d, headingLevel = 2 }: { d: OfficialDifferencesData; headingLevel?: 2 | 3 }) {
  const t = useT();
  const locale = useLocale();
  const n = (v: number) => formatNumber(v, locale);
  const H = `h${headingLevel}` as "h2" | "h3";
  const diff = (r: { ours: number; official: number }) => (r.ours > r.official ? "+" : "") + n(r.ours - r.official);
  const head = (first: string) => (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">{t("official.number")}</th>
        <th scope="col">{t("official.ours")}</th>
        <th scope="col">{t("official.officialCol")}</th>
        <th scope="col">{t("official.diff")}</th>
      </tr>
    </thead>
  );
  return (
    <>
      <p data-testid="compared">{t("official.compared", { n: n(d.compared) })}</p>
      <H>{t("official.byConstituency")}</H>
      {d.byConstituency.length === 0 ? (
        <p>{t("official.none")}</p>
      ) : (
        <div className="table-scroll">
          <table data-testid="official-constituencies">
            {head(t("official.constituency"))}
            <tbody>
              {d.byConstituency.map((r) => (
                <tr key={`${r.constituencyId}-${r.ballot}-${r.number}`}>
                  <td>
                    <Link to={`/results/c/${r.constituencyId}`}>{r.constituencyId}</Link>{" "}
                    {t(`report.ballot.${r.ballot}`)}
                  </td>
                  <td>{r.number}</td>
                  <td>{n(r.ours)}</td>
                  <td>{n(r.official)}</td>
                  <td>{diff(r)}</td>
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
        <div className="table-scroll">
          <table data-testid="official-units">
            {head(t("official.unit"))}
            <tbody>
              {d.units.map((r) => (
                <tr key={`${r.unitCode}-${r.ballot}-${r.number}`}>
                  <td>
                    <Link to={`/results/u/${r.unitCode}`} className="mono">
                      {r.unitCode}
                    </Link>{" "}
                    {t(`report.ballot.${r.ballot}`)}
                  </td>
                  <td>{r.number}</td>
                  <td>{n(r.ours)}</td>
                  <td>{n(r.official)}</td>
                  <td>{diff(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
