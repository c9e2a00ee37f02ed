import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { invariantResponse, requireUser } from "../http/guards.server.ts";
import { currentElection } from "../elections/elections.server.ts";
import { mayReport } from "../tally/access.server.ts";
import { receiveIncident } from "../http/incident-post.server.ts";
import { formInvalid, userErrorReply } from "../http/form.server.ts";
import { INCIDENT_KINDS, INCIDENT_SEVERITIES, incidentSchema } from "../incidents/incident-rules.ts";
import { FieldErrors, FormAnswer, formProps, typedValue, useZodForm } from "../ui/form-reply.tsx";
import { useT } from "../ui/i18n.tsx";
import { OutboxStatus } from "../ui/outbox-status.tsx";

export const meta: MetaFunction = () => [{ title: "แจ้งเหตุการณ์ / Report an incident" }];

// HTML only, like the volunteer's other pages (issue 40): a plain multipart form.
export const handle = { hydrate: false, follow: false, script: "outbox" };

async function target(request: Request, unitCode: string | undefined) {
  const user = await requireUser(request);
  const election = await currentElection(new URL(request.url).searchParams.get("election"));
  invariantResponse(unitCode && (await mayReport(user, election.id, unitCode)), "Not found / ไม่พบ");
  return { user, election, unitCode };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { election, unitCode } = await target(request, params.unit);
  const url = new URL(request.url);
  return {
    unitCode,
    election: { slug: election.slug, nameTh: election.nameTh, nameEn: election.nameEn },
    // The report's once-only id: a form sent again (a lost answer) is one incident.
    submissionId: randomUUID(),
    sent: url.searchParams.get("sent") === "1",
    electionQuery: url.searchParams.get("election") ? `?election=${url.searchParams.get("election")}` : "",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, election, unitCode } = await target(request, params.unit);
  const outcome = await receiveIncident(request, user, { electionId: election.id, unitCode });
  if ("invalid" in outcome) return formInvalid(outcome.invalid);
  if ("refused" in outcome) return userErrorReply(outcome.refused, { typed: outcome.typed });
  const query = new URL(request.url).searchParams.get("election");
  return redirect(`/report/${unitCode}/incident?sent=1${query ? `&election=${encodeURIComponent(query)}` : ""}`);
}

export default function ReportIncident() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const [form, fields] = useZodForm(incidentSchema, result);
  const typed = (name: string) =>
    typedValue(result, name) ??
    (result && "typed" in result ? (result.typed as Record<string, string>)[name] : undefined);
  /** A field's error state for screen readers, after its hint when it has one. */
  const invalid = (field: keyof typeof fields, hint?: string) => ({
    "aria-invalid": fields[field].errors ? true : undefined,
    "aria-describedby":
      [hint, fields[field].errors ? `${field}-error` : undefined].filter(Boolean).join(" ") || undefined,
  });
  return (
    <section className="card" aria-labelledby="incident-title">
      <p>
        <Link to={`/report${d.electionQuery}`}>← {t("report.myUnits")}</Link>
      </p>
      <h1 id="incident-title">{t("incident.title")}</h1>
      <p className="mono">{d.unitCode}</p>
      {d.sent && (
        <p className="notice" role="status" data-testid="incident-sent">
          {t("incident.sent")}
        </p>
      )}
      <p className="hint">{t("incident.intro")}</p>
      <FormAnswer reply={result} />
      <OutboxStatus />
      <Form method="post" encType="multipart/form-data" {...formProps(form)} data-outbox>
        <input type="hidden" name="submissionId" value={typed("submissionId") ?? d.submissionId} />
        <fieldset {...invalid("kind")}>
          <legend>{t("incident.kindLabel")}</legend>
          {INCIDENT_KINDS.map((kind) => (
            <label key={kind} className="check">
              <input type="radio" name="kind" value={kind} defaultChecked={typed("kind") === kind} required />{" "}
              {t(`incident.kind.${kind}`)}
            </label>
          ))}
          <FieldErrors field={fields.kind} id="kind" />
        </fieldset>
        <fieldset {...invalid("severity")}>
          <legend>{t("incident.severityLabel")}</legend>
          {INCIDENT_SEVERITIES.map((severity) => (
            <label key={severity} className="check">
              <input
                type="radio"
                name="severity"
                value={severity}
                defaultChecked={(typed("severity") ?? "medium") === severity}
                required
              />{" "}
              {t(`incident.severity.${severity}`)}
            </label>
          ))}
          <FieldErrors field={fields.severity} id="severity" />
        </fieldset>
        <label htmlFor="description">{t("incident.description")}</label>
        <textarea
          id="description"
          name="description"
          rows={4}
          maxLength={2000}
          required
          defaultValue={typed("description")}
          {...invalid("description")}
        />
        <FieldErrors field={fields.description} id="description" />
        <label htmlFor="occurredAt">{t("incident.occurredAt")}</label>
        <p className="hint" id="occurredAt-hint">
          {t("incident.occurredAtHint")}
        </p>
        <input
          id="occurredAt"
          name="occurredAt"
          type="text"
          autoComplete="off"
          // Empty: when it is sent, or, kept with no signal, when it was kept (outbox.client.ts).
          data-outbox-now=""
          placeholder={t("incident.occurredAtPlaceholder")}
          defaultValue={typed("occurredAt")}
          {...invalid("occurredAt", "occurredAt-hint")}
        />
        <FieldErrors field={fields.occurredAt} id="occurredAt" />
        {/* Files after the fields: the server checks the fields before it stores a photo. */}
        <label htmlFor="photo">{t("incident.photos")}</label>
        <input id="photo" name="photo" type="file" accept="image/*" capture="environment" multiple />
        <div className="actions">
          <button type="submit" className="primary">
            {t("incident.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
