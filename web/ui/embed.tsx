// What every outlet's widget shares (routes/embed.*): its look from the URL — `theme`
// (light, dark), `accent` (a hex colour, no #), `lang` (th, en) — the figures' change and
// time, and a link to the full page. Like the results pages it is HTML only and follows
// the count with public/follow.js, which also tells the page around it the widget's
// height (public/embed.js sizes the frame from it).
import type { ReactNode } from "react";
import { useT } from "./i18n.tsx";
import { AsOf } from "./follow.tsx";

export interface EmbedStyle {
  theme: "light" | "dark";
  accent: string | null;
  lang: string | null;
}

/** The widget's look as its URL asks (anything else: the defaults). */
export function embedStyle(url: URL): EmbedStyle {
  const accent = url.searchParams.get("accent");
  const lang = url.searchParams.get("lang");
  return {
    theme: url.searchParams.get("theme") === "dark" ? "dark" : "light",
    accent: accent && /^[0-9a-fA-F]{6}$/.test(accent) ? `#${accent}` : null,
    lang: lang === "th" || lang === "en" ? lang : null,
  };
}

export function EmbedFrame(props: {
  style: EmbedStyle;
  title: string;
  fullPage: string;
  asOf: { change: number; at: string };
  children: ReactNode;
}) {
  const t = useT();
  return (
    <div
      className={`embed theme-${props.style.theme}`}
      style={props.style.accent ? ({ "--accent": props.style.accent } as React.CSSProperties) : undefined}
      data-testid="embed"
    >
      <h1 className="embed-title">{props.title}</h1>
      {props.children}
      <AsOf change={props.asOf.change} at={props.asOf.at} />
      <p className="embed-source">
        <a href={props.fullPage} target="_blank" rel="noopener">
          {t("embed.source")}
        </a>
      </p>
    </div>
  );
}
