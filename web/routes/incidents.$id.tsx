import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "../http/guards.server.ts";
import { answerForm, formDone, formRefusedFirst, readForm } from "../http/form.server.ts";
import { actOnIncident, incidentFor } from "../incidents/incidents.server.ts";
import { actionsFrom } from "../incidents/incident-machine.ts";
import { organisationChoices } from "../organisations/organisations.server.ts";
import { formatDateTime } from "../i18n/format.ts";
import { FormAnswer } from "../ui/form-reply.tsx";
import { PhotoList } from "../ui/photo-list.tsx";
import { useLocale, useT } from "../ui/i18n.tsx";
import { isUserError } from "../errors.ts";

export const meta: MetaFunction = () => [{ title: "เหตุการณ์ / Incident" }];

async function load(request: Request, id: string | undefined) {
  const user = await requireUser(request);
  try {
    return { user, ...(await incidentFor(user, z.uuid().parse(id))) };
  } catch (error) {
    // Another constituency's incident, or none: the same 404.
    if (isUserError(error) || error instanceof z.ZodError) throw new Response("Not found / ไม่พบ", { status: 404 });
    throw error;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { incident, names, escalatedTo } = await load(request, params.id);
  return {
    incident: {
      id: incident.id,
      unitCode: incident.unitCode,
      constituencyId: incident.constituencyId,
      kind: incident.kind,
      severity: incident.severity,
      status: incident.status,
      description: incident.description,
      occurredAt: incident.occurredAt.toISOString(),
      createdAt: incident.createdAt.toISOString(),
      reportedBy: incident.reportedById ? (names[incident.reportedById] ?? null) : null,
      assignedTo: incident.assignedToId ? (names[incident.assignedToId] ?? null) : null,
    },
    escalatedTo,
    photos: incident.photos.map((p) => ({ id: p.id, sha256: p.sha256, anchored: !!p.anchorBatchId })),
    events: incident.events.map((e) => ({
      id: e.id,
      action: e.action,
      toStatus: e.toStatus,
      by: e.actorId ? (names[e.actorId] ?? null) : null,
      note: e.note,
      at: e.createdAt.toISOString(),
    })),
    actions: actionsFrom(incident.status),
    organisations: await organisationChoices(),
  };
}

// Intents as a discriminated union (ADR 0021): each action with what it needs.
const note = z.string().trim().max(2000).optional();
const incidentActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("assign"), note }),
  z.object({ intent: z.literal("escalate"), note, organisation: z.string().min(1, "incident.chooseOrganisation") }),
  z.object({ intent: z.literal("resolve"), note: z.string().trim().min(1, "incident.noteRequired").max(2000) }),
  z.object({ intent: z.literal("reopen"), note }),
  z.object({ intent: z.literal("note"), note: z.string().trim().min(1, "incident.noteRequired").max(2000) }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, incident } = await load(request, params.id);
  const submission = await readForm(request, incidentActionSchema);
  if (submission.status !== "success") return formRefusedFirst(submission);
  const v = submission.value;
  return answerForm(async () => {
    await actOnIncident(user, incident.id, v.intent, {
      note: v.note,
      organisation: "organisation" in v ? v.organisation : undefined,
    });
    return formDone("incident.done");
  });
}

export default function IncidentPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const i = d.incident;
  return (
    <section className="card" aria-labelledby="incident-title">
      <p>
        <Link to="/incidents">← {t("incident.queueTitle")}</Link>
      </p>
      <h1 id="incident-title">{t(`incident.kind.${i.kind}`)}</h1>
      <dl className="facts">
        <dt>{t("incident.unit")}</dt>
        <dd>
          <Link to={`/incidents/units/${i.unitCode}`} className="mono" data-testid="incident-unit">
            {i.unitCode}
          </Link>{" "}
          <span className="hint">{t("incident.unitObservations")}</span>
        </dd>
        <dt>{t("incident.severityLabel")}</dt>
        <dd>
          <span className={`badge severity-${i.severity}`}>{t(`incident.severity.${i.severity}`)}</span>
        </dd>
        <dt>{t("incident.statusLabel")}</dt>
        <dd data-testid="incident-status">{t(`incident.status.${i.status}`)}</dd>
        <dt>{t("incident.when")}</dt>
        <dd>{formatDateTime(i.occurredAt, locale)}</dd>
        <dt>{t("incident.reportedBy")}</dt>
        {/* Their display name, never their phone; erased: nobody's. */}
        <dd>{i.reportedBy ?? t("incident.unitVolunteer")}</dd>
        {i.assignedTo && (
          <>
            <dt>{t("incident.assignedTo")}</dt>
            <dd>{i.assignedTo}</dd>
          </>
        )}
        {d.escalatedTo && (
          <>
            <dt>{t("incident.escalatedTo")}</dt>
            <dd data-testid="incident-escalated-to">{locale === "th" ? d.escalatedTo.nameTh : d.escalatedTo.nameEn}</dd>
          </>
        )}
      </dl>
      <p className="prewrap">{i.description}</p>
      <PhotoList photos={d.photos} alt={(n) => t("incident.photoAlt", { n })} testId="incident-photos" />
      <FormAnswer reply={result} />
      {/* A new form after each step: the note just written is not left in the box. */}
      <Form method="post" className="stack" key={d.events.length}>
        <label htmlFor="note">{t("incident.note")}</label>
        <textarea id="note" name="note" rows={2} maxLength={2000} />
        {d.actions.includes("escalate") && (
          <>
            <label htmlFor="organisation">{t("incident.organisation")}</label>
            <select id="organisation" name="organisation" defaultValue="">
              <option value="">—</option>
              {d.organisations.map((o) => (
                <option key={o.slug} value={o.slug}>
                  {locale === "th" ? o.nameTh : o.nameEn}
                </option>
              ))}
            </select>
          </>
        )}
        <div className="actions">
          {d.actions.map((a) => (
            <button key={a} type="submit" name="intent" value={a} className={a === "resolve" ? "primary" : "secondary"}>
              {t(`incident.action.${a}`)}
            </button>
          ))}
        </div>
      </Form>
      <h2>{t("incident.history")}</h2>
      <ol className="history" data-testid="incident-history">
        {d.events.map((e) => (
          <li key={e.id}>
            {formatDateTime(e.at, locale)} — {t(`incident.action.${e.action}`)} ({t(`incident.status.${e.toStatus}`)})
            {e.by ? ` · ${e.by}` : ""}
            {e.note ? `: ${e.note}` : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}
