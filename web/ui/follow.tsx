// Public results follow the count without a reload (issue 38): the page listens to
// /results/stream, which says when what the pages show has moved, and then asks for its
// data again — from the page cache, or a proxy's copy. Where the stream cannot be held (a
// proxy that closes it, an old browser), the page asks every few seconds instead: a
// conditional request answered 304 until the count moves. Each page says which change and
// time its figures reflect.
import { useEffect, useRef } from "react";
import { useRevalidator } from "@remix-run/react";
import { useLocale, useT } from "./i18n.tsx";
import { formatNumber, formatTime } from "../i18n/format.ts";

/** Without the stream: how often a page asks whether its data moved. */
export const FOLLOW_EVERY_MS = 5_000;
/** With it: still now and then, in case an event was missed while reconnecting. */
const WITH_STREAM_EVERY_MS = 60_000;

export function useFollow() {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  useEffect(() => {
    let streaming = false;
    let lastAsked = Date.now();
    // An event while the page is hidden or already asking: asked as soon as it can be.
    let owed = false;
    const ask = () => {
      owed = document.visibilityState !== "visible" || latest.current.state !== "idle";
      if (owed) return;
      lastAsked = Date.now();
      latest.current.revalidate();
    };
    const stream = typeof EventSource === "function" ? new EventSource("/results/stream") : null;
    // Every event, the first of each connection too (the count may have moved between the
    // page's render and the stream's start, or while it reconnected): asking again when
    // nothing moved costs a 304.
    stream?.addEventListener("version", () => {
      streaming = true;
      ask();
    });
    stream?.addEventListener("error", () => (streaming = false));
    const timer = setInterval(() => {
      if (owed || Date.now() - lastAsked >= (streaming ? WITH_STREAM_EVERY_MS : FOLLOW_EVERY_MS)) ask();
    }, 500);
    return () => {
      stream?.close();
      clearInterval(timer);
    };
  }, []);
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
