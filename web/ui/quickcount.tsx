// The quick count's estimates, as the war room and (after the close) the public see them:
// per choice the sample's estimate with its 95% margin drawn as a range over a bar, the
// post-stratified estimate of every unit in and the raw running total beside it, and
// the seat range where seats are allocated; then turnout, invalid and vote no.
import type { Estimates } from "../quickcount/quickcount.server.ts";
import { formatNumber } from "../i18n/format.ts";
import { useLocale, useT } from "./i18n.tsx";

type Line = {
  sample: { share: number; margin: number } | null;
  postStratified: { share: number; margin: number } | null;
  raw: number | null;
};

export function Coverage({ coverage }: { coverage: Estimates["coverage"] }) {
  const t = useT();
  const locale = useLocale();
  const n = (v: number) => formatNumber(v, locale);
  return (
    <p data-testid="trend-coverage">
      {t("quickcount.trend.restsOn", {
        in: n(coverage.sampleIn),
        size: n(coverage.sampleSize),
        verified: n(coverage.sampleVerified),
        strataIn: n(coverage.strataIn),
        strata: n(coverage.strata),
        unitsIn: n(coverage.unitsIn),
        units: n(coverage.units),
      })}
    </p>
  );
}

export function EstimatesTable({ estimates }: { estimates: Estimates }) {
  const t = useT();
  const locale = useLocale();
  const pct = (v: number | null | undefined) =>
    v === null || v === undefined
      ? "—"
      : `${formatNumber(100 * v, locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
  const margin = (e: { margin: number } | null) =>
    e
      ? t("quickcount.trend.margin", {
          margin: formatNumber(100 * e.margin, locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 }),
        })
      : "";
  const max = Math.max(
    0.05,
    ...estimates.shares.map((s) => (s.sample ? s.sample.share + s.sample.margin : (s.raw ?? 0))),
  );
  const width = (v: number) => `${Math.max(0, Math.min(100, (100 * v) / max))}%`;
  const cells = (line: Line) => (
    <>
      <td className="num">
        {pct(line.sample?.share)} <span className="hint">{margin(line.sample)}</span>
      </td>
      <td className="num">
        {pct(line.postStratified?.share)} <span className="hint">{margin(line.postStratified)}</span>
      </td>
      <td className="num">{pct(line.raw)}</td>
    </>
  );
  const seats = estimates.shares.some((s) => s.seats);
  return (
    <>
      <div className="table-scroll">
        <table className="estimates" data-testid="estimates">
          <caption className="visually-hidden">{t("quickcount.trend.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("quickcount.trend.choice")}</th>
              <th scope="col" aria-hidden="true" />
              <th scope="col" className="num">
                {t("quickcount.trend.sample")}
              </th>
              <th scope="col" className="num">
                {t("quickcount.trend.postStratified")}
              </th>
              <th scope="col" className="num">
                {t("quickcount.trend.raw")}
              </th>
              {seats && (
                <th scope="col" className="num">
                  {t("quickcount.trend.seats")}
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {estimates.shares.map((s) => (
              <tr key={s.key} data-testid={`estimate-${s.number}`}>
                <th scope="row">
                  {s.number}. {locale === "th" ? s.nameTh : s.nameEn}
                </th>
                <td aria-hidden="true">
                  {s.sample && (
                    <div className="estimate-bar">
                      <span className="share" style={{ width: width(s.sample.share) }} />
                      <span
                        className="range"
                        style={{
                          left: width(s.sample.share - s.sample.margin),
                          width: `${Math.min(100, (100 * 2 * s.sample.margin) / max)}%`,
                        }}
                      />
                    </div>
                  )}
                </td>
                {cells(s)}
                {seats && (
                  <td className="num" data-testid={`seats-${s.number}`}>
                    {s.seats ? `${s.seats.median} (${s.seats.low}–${s.seats.high})` : "—"}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
          <tbody>
            {(
              [
                ["turnout", estimates.turnout],
                ["invalid", estimates.invalid],
                ["voteNo", estimates.voteNo],
              ] as const
            ).map(([key, line]) => (
              <tr key={key}>
                <th scope="row">{t(`quickcount.trend.${key}`)}</th>
                <td aria-hidden="true" />
                {cells(line)}
                {seats && <td />}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="hint">
        <li>{t("quickcount.trend.explainSample")}</li>
        <li>{t("quickcount.trend.explainPost")}</li>
        <li>{t("quickcount.trend.explainRaw")}</li>
        {seats && <li>{t("quickcount.trend.explainSeats")}</li>}
      </ul>
    </>
  );
}
