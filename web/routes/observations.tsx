import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { currentElection } from "../elections/elections.server.ts";
import { provinces } from "../geography/areas.server.ts";
import { incidentStatistics, PUBLIC_STATISTICS_TTL_MS } from "../incidents/incidents.server.ts";
import { cached } from "../db/cache.server.ts";
import { checklistStatistics } from "../checklists/checklists.server.ts";
import { INCIDENT_KINDS, INCIDENT_SEVERITIES } from "../incidents/incident-rules.ts";
import { formatNumber } from "../i18n/format.ts";
import { useLocale, useT } from "../ui/i18n.tsx";

export const meta: MetaFunction = () => [{ title: "สถิติเหตุการณ์ / Incident statistics" }];

// HTML only: what citizens and newsrooms see of the incidents (issue 42) — counts, never
// who reported what, nor the unit.
export const handle = { hydrate: false, follow: false };

export async function loader({ request }: LoaderFunctionArgs) {
  const election = await currentElection(new URL(request.url).searchParams.get("election"));
  // Everyone reads the same counts: each process counts them at most every 10 s (the
  // checklist's over a national night's million answers take ~150 ms; bench observations).
  const [stats, names, checklist] = await cached(`observations:${election.id}`, PUBLIC_STATISTICS_TTL_MS, () =>
    Promise.all([incidentStatistics(election.id), provinces(), checklistStatistics(election.id)]),
  );
  const province = new Map(names.map((p) => [p.code, p]));
  return {
    election: { nameTh: election.nameTh, nameEn: election.nameEn },
    ...stats,
    checklist,
    byProvince: stats.byProvince.map((p) => ({
      ...p,
      nameTh: province.get(p.provinceCode)?.nameTh ?? p.provinceCode,
      nameEn: province.get(p.provinceCode)?.nameEn ?? p.provinceCode,
    })),
  };
}

export default function Observations() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const n = (v: number) => formatNumber(v, locale);
  const bars = (label: string, rows: { key: string; name: string; n: number }[], testId: string) => {
    const max = Math.max(1, ...rows.map((r) => r.n));
    return (
      <section className="card" aria-labelledby={`${testId}-title`}>
        <h2 id={`${testId}-title`}>{label}</h2>
        <figure className="bars" aria-label={label} data-testid={testId}>
          {rows.map((r) => (
            <div className="bar-row" key={r.key}>
              <span className="bar-label">{r.name}</span>
              <span className="bar" style={{ width: `${(100 * r.n) / max}%`, background: "var(--accent, #1d3557)" }} />
              <span className="bar-value">{n(r.n)}</span>
            </div>
          ))}
        </figure>
      </section>
    );
  };
  return (
    <>
      <section className="card" aria-labelledby="obs-title">
        <h1 id="obs-title">{t("incident.statsTitle")}</h1>
        <p className="hint">{locale === "th" ? d.election.nameTh : d.election.nameEn}</p>
        <p>{t("incident.statsIntro")}</p>
        <p data-testid="incident-total">
          <strong>{t("incident.total", { count: d.total })}</strong>
        </p>
      </section>
      {bars(
        t("incident.byKind"),
        INCIDENT_KINDS.map((k) => ({ key: k, name: t(`incident.kind.${k}`), n: d.byKind[k] ?? 0 })),
        "incidents-by-kind",
      )}
      {bars(
        t("incident.bySeverity"),
        INCIDENT_SEVERITIES.map((s) => ({ key: s, name: t(`incident.severity.${s}`), n: d.bySeverity[s] ?? 0 })),
        "incidents-by-severity",
      )}
      {d.checklist.length > 0 && (
        <section className="card" aria-labelledby="checklist-title">
          <h2 id="checklist-title">{t("checklist.statsTitle")}</h2>
          <figure className="bars" aria-label={t("checklist.statsTitle")} data-testid="checklist-stats">
            {d.checklist.map((q) => (
              <div className="bar-row" key={q.key}>
                <span className="bar-label">
                  {t(`checklist.phase.${q.phase}`)} · {locale === "th" ? q.textTh : q.textEn}
                </span>
                <span
                  className="bar"
                  style={{ width: `${(100 * q.yes) / Math.max(1, q.yes + q.no)}%`, background: "#1d3557" }}
                />
                <span className="bar-value">{t("checklist.statsLine", { yes: n(q.yes), no: n(q.no) })}</span>
              </div>
            ))}
          </figure>
        </section>
      )}
      {d.byProvince.length > 0 &&
        bars(
          t("incident.byProvince"),
          d.byProvince.map((p) => ({ key: p.provinceCode, name: locale === "th" ? p.nameTh : p.nameEn, n: p.n })),
          "incidents-by-province",
        )}
    </>
  );
}
