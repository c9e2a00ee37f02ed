import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { invariantResponse, requireOrganisationPermission } from "../http/guards.server.ts";
import { affiliationDetail, changeStatus, revealPhone, setNote } from "../recruitment/roster.server.ts";
import { allowedActions, NEEDS_REASON, PHONE_PURPOSES, STATUS_ACTIONS } from "../recruitment/status.ts";
import { maskNationalId } from "../recruitment/national-id.ts";
import { ageOn } from "../recruitment/signup-form.ts";
import { formatThaiMobile, maskPhone } from "../accounts/phone.ts";
import { UserError } from "../errors.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatDateTime } from "../i18n/format.ts";
import { useIsPending } from "../ui/use-is-pending.ts";
import { orNotFound } from "../http/user-errors.server.ts";
import { answerForm, formDone, readForm, formRefused } from "../http/form.server.ts";
import { FormAnswer } from "../ui/form-reply.tsx";

export const meta: MetaFunction = () => [{ title: "อาสาสมัคร / Volunteer" }];

const idSchema = z.uuid();

async function load(
  request: Request,
  params: { slug?: string; id?: string },
  permission: "roster:read" | "roster:manage",
) {
  const ctx = await requireOrganisationPermission(request, params.slug, permission);
  const id = idSchema.safeParse(params.id);
  invariantResponse(id.success, "Not found");
  return { ...ctx, id: id.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, id } = await load(request, params, "roster:read");
  const a = await orNotFound(affiliationDetail(organisation.id, id));
  return {
    slug: organisation.slug,
    affiliation: {
      id: a.id,
      fullName: a.fullName,
      status: a.status,
      statusReason: a.statusReason,
      note: a.note ?? "",
      birthDate: a.birthDate.toISOString().slice(0, 10),
      age: ageOn(a.birthDate, new Date()),
      isStudent: a.isStudent,
      area: [a.provinceCode, a.constituencyId, a.subdistrictCode].filter(Boolean).join(" · ") || "—",
      tiers: a.tiers,
      source: a.source,
      nationalId: a.volunteer.nationalIdLast4 ? maskNationalId(a.volunteer.nationalIdLast4) : "—",
      maskedPhone: a.phone ? maskPhone(a.phone) : null,
      erased: !!a.volunteer.erasedAt,
      actions: allowedActions(a.status),
      events: a.events.map((e) => ({
        id: e.id,
        from: e.fromStatus,
        to: e.toStatus,
        reason: e.reason,
        at: e.createdAt.toISOString(),
        actor: e.actor ? (e.actor.displayName ?? maskPhone(e.actor.phone)) : null,
      })),
    },
  };
}

const volunteerForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("phone"), purpose: z.enum(PHONE_PURPOSES) }),
  z.object({ intent: z.literal("note"), note: z.string().max(2000).optional() }),
  z.object({ intent: z.literal("status"), action: z.enum(STATUS_ACTIONS), reason: z.string().max(500).optional() }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, organisation, id } = await load(request, params, "roster:manage");
  const submission = await readForm(request, volunteerForm);
  const intent = typeof submission.payload.intent === "string" ? submission.payload.intent : "";
  if (submission.status !== "success") return formRefused("roster.badAction", 400, { intent, phone: undefined });
  const input = submission.value;
  return answerForm(
    async () => {
      if (input.intent === "phone") {
        const phone = await revealPhone(organisation.id, id, user.id, input.purpose);
        return formDone(null, { intent, phone: phone && formatThaiMobile(phone) });
      }
      if (input.intent === "note") {
        await setNote(organisation.id, id, input.note ?? "");
        return formDone("roster.noteSaved", { intent, phone: undefined });
      }
      const result = await changeStatus(organisation.id, [id], input.action, input.reason ?? "", user.id);
      if (result.changed === 0) throw new UserError(409, "roster.badAction");
      return formDone("roster.statusChanged", { intent, phone: undefined });
    },
    { intent, phone: undefined },
  );
}

export default function Volunteer() {
  const { slug, affiliation: a } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useIsPending();
  const when = (iso: string) => formatDateTime(iso, locale);
  return (
    <>
      <p>
        <Link to={`/org/${slug}/roster`}>← {t("roster.back")}</Link>
      </p>
      <section className="card" aria-labelledby="v-title">
        <h1 id="v-title">{a.fullName}</h1>
        <p>
          <span className={`badge ${a.status}`} data-testid="status">
            {t(`roster.status.${a.status}`)}
          </span>
          {a.statusReason ? ` — ${a.statusReason}` : ""}
        </p>
        {a.erased && <p className="notice">{t("roster.erased")}</p>}
        <h2>{t("roster.details")}</h2>
        <dl className="details">
          <dt>{t("roster.nationalId")}</dt>
          <dd className="mono">{a.nationalId}</dd>
          <dt>{t("roster.birthDate")}</dt>
          <dd>
            {a.birthDate} ({t("roster.age")} {a.age}
            {a.isStudent ? ` · ${t("roster.student")}` : ""})
          </dd>
          <dt>{t("roster.area")}</dt>
          <dd>{a.area}</dd>
          <dt>{t("roster.tiers")}</dt>
          <dd>{a.tiers.map((tier) => t(`signup.tier.${tier}`)).join(", ")}</dd>
          <dt>{t("roster.source")}</dt>
          <dd>{t(`roster.sources.${a.source}`)}</dd>
          <dt>{t("roster.phone")}</dt>
          <dd>
            {result?.intent === "phone" && result.phone !== undefined ? (
              <>
                <strong data-testid="phone">{result.phone ?? t("roster.noPhone")}</strong>
                <br />
                <span className="hint">{t("roster.phoneLogged")}</span>
              </>
            ) : a.maskedPhone ? (
              <Form method="post" className="inline-form">
                <span className="mono">{a.maskedPhone}</span>
                <input type="hidden" name="intent" value="phone" />
                <label htmlFor="purpose" className="visually-hidden">
                  {t("roster.purpose")}
                </label>
                <select id="purpose" name="purpose" aria-label={t("roster.purpose")}>
                  {PHONE_PURPOSES.map((p) => (
                    <option key={p} value={p}>
                      {t(`roster.purposes.${p}`)}
                    </option>
                  ))}
                </select>
                <button type="submit" disabled={busy}>
                  {t("roster.revealPhone")}
                </button>
              </Form>
            ) : (
              t("roster.noPhone")
            )}
          </dd>
        </dl>
      </section>

      {a.actions.length > 0 && (
        <section className="card" aria-labelledby="status-title">
          <h2 id="status-title">{t("roster.statusLabel")}</h2>
          <FormAnswer reply={result} intent="status" />
          <Form method="post">
            <input type="hidden" name="intent" value="status" />
            <label htmlFor="reason">{t("roster.reason")}</label>
            <input id="reason" name="reason" maxLength={500} aria-describedby="reason-hint" />
            <p className="hint" id="reason-hint">
              {t("roster.reasonHint")}
            </p>
            <div className="actions">
              {a.actions.map((act) => (
                <button
                  key={act}
                  type="submit"
                  name="action"
                  value={act}
                  className={NEEDS_REASON.includes(act) ? "danger" : "primary"}
                  disabled={busy}
                >
                  {t(`roster.actions.${act}`)}
                </button>
              ))}
            </div>
          </Form>
        </section>
      )}

      <section className="card" aria-labelledby="note-title">
        <h2 id="note-title">{t("roster.note")}</h2>
        <FormAnswer reply={result} intent="note" />
        <Form method="post">
          <input type="hidden" name="intent" value="note" />
          <label htmlFor="note" className="visually-hidden">
            {t("roster.note")}
          </label>
          <textarea id="note" name="note" rows={3} maxLength={2000} defaultValue={a.note} />
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t("roster.saveNote")}
            </button>
          </div>
        </Form>
      </section>

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">{t("roster.history")}</h2>
        <ol className="history" data-testid="history">
          {a.events.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at}>{when(e.at)}</time>: {e.from ? `${t(`roster.status.${e.from}`)} → ` : ""}
              {t(`roster.status.${e.to}`)}
              {e.reason ? ` — ${e.reason}` : ""}{" "}
              <span className="hint">({t("roster.by", { who: e.actor ?? t("roster.system") })})</span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
