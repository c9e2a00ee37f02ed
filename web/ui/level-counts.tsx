import { useLocale, useT } from "./i18n.tsx";
import { formatNumber } from "../i18n/format.ts";
import { LEVELS, type VerificationLevel } from "../tally/verification.ts";

/** How far the figures can be trusted: unit ballots at each verification level, as one
 *  stacked bar (to see) and its legend with the counts (to read). */
export function LevelCounts({ levels, units }: { levels: Record<VerificationLevel, number>; units: number }) {
  const t = useT();
  const locale = useLocale();
  const whole = Math.max(1, units);
  return (
    <figure className="levels" data-testid="levels">
      <div className="level-bar" aria-hidden="true">
        {LEVELS.map((l) => (
          <span key={l} className={`level-${l}`} style={{ width: `${(100 * levels[l]) / whole}%` }} />
        ))}
      </div>
      <figcaption>
        <ul className="level-legend">
          {LEVELS.map((l) => (
            <li key={l} data-testid={`levels-${l}`}>
              <span className={`swatch level-${l}`} /> {t(`results.levelShort.${l}`)}: {formatNumber(levels[l], locale)}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
