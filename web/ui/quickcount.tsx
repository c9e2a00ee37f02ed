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
  const seats = estimates.shares.some((s) => s.seats);
  // One entry per choice, its figures side by side (a row on a wide screen, stacked on a
  // phone): the sample's estimate first, with its range drawn over a bar.
  const figures = (line: Line, seatRange?: { median: number; low: number; high: number } | null) => (
    <dl className="estimate-figures">
      <div>
        <dt>{t("quickcount.trend.sample")}</dt>
        <dd>
          <strong>{pct(line.sample?.share)}</strong> <span className="hint">{margin(line.sample)}</span>
        </dd>
      </div>
      <div>
        <dt>{t("quickcount.trend.postStratified")}</dt>
        <dd>
          {pct(line.postStratified?.share)} <span className="hint">{margin(line.postStratified)}</span>
        </dd>
      </div>
      <div>
        <dt>{t("quickcount.trend.raw")}</dt>
        <dd>{pct(line.raw)}</dd>
      </div>
      {seatRange !== undefined && (
        <div>
          <dt>{t("quickcount.trend.seats")}</dt>
          <dd>{seatRange ? `${seatRange.median} (${seatRange.low}–${seatRange.high})` : "—"}</dd>
        </div>
      )}
    </dl>
  );
  return (
    <>
      <ol className="estimates" data-testid="estimates" aria-label={t("quickcount.trend.title")}>
        {estimates.shares.map((s) => (
          <li key={s.key} data-testid={`estimate-${s.number}`}>
            <span className="estimate-name">
              {s.number}. {locale === "th" ? s.nameTh : s.nameEn}
            </span>
            {s.sample && (
              <div className="estimate-bar" aria-hidden="true">
                <span className="share" style={{ width: width(s.sample.share) }} />
                <span
                  className="range"
                  style={{
                    left: width(s.sample.share - s.sample.margin),
                    width: `${Math.max(0.5, Math.min(100, (100 * 2 * s.sample.margin) / max))}%`,
                  }}
                />
              </div>
            )}
            {figures(s, seats ? s.seats : undefined)}
            {seats && (
              <span className="visually-hidden" data-testid={`seats-${s.number}`}>
                {s.seats ? `${s.seats.median} (${s.seats.low}–${s.seats.high})` : "—"}
              </span>
            )}
          </li>
        ))}
      </ol>
      <ul className="estimates estimates-other">
        {(
          [
            ["turnout", estimates.turnout],
            ["invalid", estimates.invalid],
            ["voteNo", estimates.voteNo],
          ] as const
        ).map(([key, line]) => (
          <li key={key}>
            <span className="estimate-name">{t(`quickcount.trend.${key}`)}</span>
            {figures(line)}
          </li>
        ))}
      </ul>
      <ul className="hint">
        <li>{t("quickcount.trend.explainSample")}</li>
        <li>{t("quickcount.trend.explainPost")}</li>
        <li>{t("quickcount.trend.explainRaw")}</li>
        {seats && <li>{t("quickcount.trend.explainSeats")}</li>}
      </ul>
    </>
  );
}
