import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { invariantResponse, requireUser } from "../http/guards.server.ts";
import { currentElection } from "../elections/elections.server.ts";
import { incidentMap, incidentQueue, mayTriage } from "../incidents/incidents.server.ts";
import { localeOf } from "../http/locale.server.ts";
import { IncidentMap } from "../ui/incident-map.tsx";
import { INCIDENT_KINDS } from "../incidents/incident-rules.ts";
import { formatDateTime } from "../i18n/format.ts";
import { useLocale, useT } from "../ui/i18n.tsx";

export const meta: MetaFunction = () => [{ title: "เหตุการณ์ / Incidents" }];

const STATUSES = ["active", "open", "assigned", "escalated", "resolved"] as const;
const filterSchema = z.object({
  status: z.enum(STATUSES).catch("active"),
  constituency: z
    .string()
    .regex(/^\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
  kind: z.enum(INCIDENT_KINDS).optional().catch(undefined),
});

// The triage queue (issue 42): the war room's everywhere, a head's in their constituencies.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  invariantResponse(mayTriage(user), "Forbidden / ไม่มีสิทธิ์", 403);
  const url = new URL(request.url);
  const filter = filterSchema.parse(Object.fromEntries(url.searchParams));
  const election = await currentElection(url.searchParams.get("election"));
  const queue = await incidentQueue(user, election.id, {
    status: filter.status,
    constituencyId: filter.constituency,
    kind: filter.kind,
  });
  return {
    filter,
    map: await incidentMap(user, election.id, queue.byConstituency, localeOf(request)),
    incidents: queue.incidents,
    constituencies: [...queue.byConstituency].map(([id, n]) => ({ id, ...n })).sort((a, b) => b.active - a.active),
  };
}

export default function Incidents() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="incidents-title">
      <h1 id="incidents-title">{t("incident.queueTitle")}</h1>
      <p className="hint">{t("incident.queueIntro")}</p>
      <p>
        {t("incident.export")}{" "}
        <a href="/incidents.csv" download>
          CSV
        </a>{" "}
        ·{" "}
        <a href="/incidents.json" download>
          JSON
        </a>
      </p>
      <Form method="get" className="inline-form">
        <label htmlFor="status">{t("incident.statusLabel")}</label>
        <select id="status" name="status" defaultValue={d.filter.status}>
          <option value="active">{t("incident.active")}</option>
          {STATUSES.filter((s) => s !== "active").map((s) => (
            <option key={s} value={s}>
              {t(`incident.status.${s}`)}
            </option>
          ))}
        </select>
        <label htmlFor="kind">{t("incident.byKind")}</label>
        <select id="kind" name="kind" defaultValue={d.filter.kind ?? ""}>
          <option value="">{t("incident.all")}</option>
          {INCIDENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`incident.kind.${k}`)}
            </option>
          ))}
        </select>
        {d.filter.constituency && <input type="hidden" name="constituency" value={d.filter.constituency} />}
        <button type="submit">{t("report.open")}</button>
      </Form>
      {d.map && (
        <IncidentMap
          map={d.map}
          selected={d.filter.constituency}
          hrefFor={(code) => `?status=${d.filter.status}&constituency=${code}`}
        />
      )}
      {d.constituencies.length > 0 && (
        <>
          <h2>{t("incident.byConstituency")}</h2>
          <ul className="plain-list" data-testid="incident-constituencies">
            {d.constituencies.map((c) => (
              <li key={c.id}>
                <Link to={`?status=${d.filter.status}&constituency=${c.id}`} className="mono">
                  {c.id}
                </Link>{" "}
                <span className="badge pending">
                  {t("incident.active")} {c.active}
                </span>{" "}
                <span className="hint">
                  {t("incident.all")} {c.all}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {d.incidents.length === 0 ? (
        <p>{t("incident.none")}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table className="table" data-testid="incident-queue">
            <thead>
              <tr>
                <th scope="col">{t("incident.unit")}</th>
                <th scope="col">{t("incident.kindLabel")}</th>
                <th scope="col">{t("incident.severityLabel")}</th>
                <th scope="col">{t("incident.statusLabel")}</th>
                <th scope="col">{t("incident.when")}</th>
              </tr>
            </thead>
            <tbody>
              {d.incidents.map((i) => (
                <tr key={i.id}>
                  <td>
                    <Link to={`/incidents/${i.id}`} className="mono">
                      {i.unitCode}
                    </Link>
                  </td>
                  <td>{t(`incident.kind.${i.kind}`)}</td>
                  <td>
                    <span className={`badge severity-${i.severity}`}>{t(`incident.severity.${i.severity}`)}</span>
                  </td>
                  <td>{t(`incident.status.${i.status}`)}</td>
                  <td>{formatDateTime(i.occurredAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
