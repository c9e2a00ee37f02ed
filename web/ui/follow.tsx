// Public results follow the count without a reload (issue 38): the page asks for its data
// again every few seconds while it is in view — a conditional request the page cache and
// any proxy answer with 304 until the count moves — and says which change and time the
// figures reflect.
import { useEffect, useRef } from "react";
import { useRevalidator } from "@remix-run/react";
import { useLocale, useT } from "./i18n.tsx";
import { formatNumber, formatTime } from "../i18n/format.ts";

export const FOLLOW_EVERY_MS = 5_000;

export function useFollow(everyMs = FOLLOW_EVERY_MS) {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && latest.current.state === "idle") latest.current.revalidate();
    }, everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
}

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
