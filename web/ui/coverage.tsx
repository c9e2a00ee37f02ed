import { useT } from "./i18n.tsx";

/** One stacked bar: units with reporter and backup, reporter only, nobody. */
export function CoverageBar({
  units,
  reporters,
  backups,
  label,
}: {
  units: number;
  reporters: number;
  backups: number;
  label?: string;
}) {
  const t = useT();
  const pct = (n: number) => (units ? (100 * n) / units : 0);
  const both = Math.min(backups, reporters);
  return (
    <div
      className="coverage-bar"
      role="img"
      aria-label={`${label ?? ""} ${t("coverage.percent")} ${Math.round(pct(reporters))}%`}
    >
      <span className="both" style={{ width: `${pct(both)}%` }} />
      <span className="reporter" style={{ width: `${pct(reporters - both)}%` }} />
      <span className="none" style={{ width: `${pct(units - reporters)}%` }} />
    </div>
  );
}

export function CoverageLegend() {
  const t = useT();
  return (
    <ul className="coverage-legend">
      <li>
        <span className="swatch both" /> {t("coverage.legendBoth")}
      </li>
      <li>
        <span className="swatch reporter" /> {t("coverage.legendReporter")}
      </li>
      <li>
        <span className="swatch none" /> {t("coverage.legendNone")}
      </li>
    </ul>
  );
}
