// A command-centre screen that keeps itself current: it listens to /command/stream and
// reloads its data (Remix revalidation, no page reload) when the board's version moves.
// Without JavaScript, or when the stream is down, the page still works; a reload shows
// the latest.
import { useEffect, useRef, useState } from "react";
import { useRevalidator } from "@remix-run/react";
import { useLocale, useT } from "./i18n.tsx";
import { formatTime } from "../i18n/format.ts";

export function useBoardUpdates(election: string, version: string, contest?: string) {
  const { revalidate } = useRevalidator();
  const [connected, setConnected] = useState(false);
  const seen = useRef(version);
  seen.current = version;
  useEffect(() => {
    const query = new URLSearchParams({ election, ...(contest ? { contest } : {}) });
    const source = new EventSource(`/command/stream?${query}`);
    source.addEventListener("open", () => setConnected(true));
    source.addEventListener("error", () => setConnected(false));
    source.addEventListener("version", (event) => {
      const next = JSON.parse((event as MessageEvent<string>).data) as string;
      if (next !== seen.current) revalidate();
    });
    return () => source.close();
  }, [election, contest, revalidate]);
  return connected;
}

/** "Updates by itself · updated 21:04:05", or reconnecting. */
export function UpdateStatus({ connected, at }: { connected: boolean; at: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <p className="hint" role="status" aria-live="polite" data-testid="board-status">
      {connected ? t("command.live") : t("command.reconnecting")} ·{" "}
      {t("command.updated", { at: formatTime(at, locale, { hour: "2-digit", minute: "2-digit", second: "2-digit" }) })}
    </p>
  );
}
