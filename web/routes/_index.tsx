import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { geographyCounts } from "../geography/import-job.server.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatNumber } from "../i18n/format.ts";

// HTML only (issue 40): nothing here needs React; the page weighs a few kilobytes.
export const handle = { hydrate: false, follow: false };

export async function loader(_: LoaderFunctionArgs) {
  return { counts: await geographyCounts() };
}

export default function Home() {
  const { counts } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const n = (v: number) => formatNumber(v, locale);
  return (
    <>
      <section className="card hero" aria-labelledby="hero-title">
        <p>{t("app.tagline")}</p>
        <h1 id="hero-title">{t("home.heroTitle")}</h1>
        <p>{t("home.heroBody")}</p>
        <div className="actions">
          <Link to="/join" className="button">
            {t("home.volunteer")}
          </Link>
          <Link to="/donate" className="button secondary">
            {t("home.donate")}
          </Link>
        </div>
      </section>
      <section className="card" aria-labelledby="stats-title">
        <h2 id="stats-title">{t("home.stats")}</h2>
        <div className="stats">
          <div className="stat">
            <strong>{n(counts.provinces)}</strong>
            <span>{t("home.provinces")}</span>
          </div>
          <div className="stat">
            <strong>{n(counts.constituencies)}</strong>
            <span>{t("home.constituencies")}</span>
          </div>
          <div className="stat">
            <strong>{n(counts.units)}</strong>
            <span>{t("home.units")}</span>
          </div>
        </div>
      </section>
      <section className="card" aria-labelledby="tiers-title">
        <h2 id="tiers-title">{t("home.tiers")}</h2>
        <ol>
          <li>{t("home.tier1")}</li>
          <li>{t("home.tier2")}</li>
          <li>{t("home.tier3")}</li>
        </ol>
      </section>
    </>
  );
}
