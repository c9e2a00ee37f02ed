// The public results pages follow the count without a reload (issue 38, ADR 0041): they
// are HTML only, and public/follow.js listens to /results/stream and puts the page's new
// sections in place. Each page says which change and time its figures reflect.
import { useLocale, useT } from "./i18n.tsx";
import { formatNumber, formatTime } from "../i18n/format.ts";

/** "As of change N, HH:MM:SS": what the figures on the page reflect. */
export function AsOf(props: { change: number; at: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <p className="hint as-of" data-testid="as-of" aria-live="polite">
      {t("follow.asOf", { change: formatNumber(props.change, locale), time: formatTime(props.at, locale) })}
    </p>
  );
}
