import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "../http/guards.server.ts";
import { unitDetail } from "../assignment/views.server.ts";
import { changeSlot } from "../assignment/placement.server.ts";
import { revealSlotPhone } from "../assignment/team.server.ts";
import { formatThaiMobile } from "../accounts/phone.ts";
import { UserError } from "../errors.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatDateTime } from "../i18n/format.ts";
import { useIsPending } from "../ui/use-is-pending.ts";
import { orNotFound } from "../http/user-errors.server.ts";
import { answerForm, formDone, readForm } from "../http/form.server.ts";
import { FormAnswer } from "../ui/form-reply.tsx";
import { INT4_MAX } from "../ids.ts";
import { electionChoice, requestElection } from "../http/election-param.server.ts";

export const meta: MetaFunction = () => [{ title: "หน่วยเลือกตั้ง / Polling unit" }];

const params$ = z.object({
  id: z.string().regex(/^\d{2}-\d{2}$/),
  code: z.string().regex(/^\d{2}-\d{2}-\d{6}-\d{3}$/),
});

/** The unit must be in the constituency in the URL, which the user must manage. */
async function scope(request: Request, params: Record<string, string | undefined>) {
  const parsed = params$.safeParse(params);
  if (!parsed.success || !parsed.data.code.startsWith(`${parsed.data.id}-`))
    throw new Response("Not found", { status: 404 });
  const user = await requirePermission(request, "constituency:manage", { constituencyId: parsed.data.id });
  return { user, ...parsed.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { id, code } = await scope(request, params);
  const { election, query } = await electionChoice(request);
  const detail = await orNotFound(unitDetail(election.id, code));
  return {
    constituencyId: id,
    ...detail,
    election: { nameTh: election.nameTh, nameEn: election.nameEn },
    query,
  };
}

const changeSchema = z.object({
  slot: z.coerce.number().int().min(0).max(1),
  volunteerId: z.union([z.uuid(), z.literal("")]),
  reason: z.string().max(500),
  version: z.coerce.number().int().min(0).max(INT4_MAX),
});

/** Beside the form answer: a revealed phone number and which slot it belongs to. */
type SlotReply = { slot: number | null; phone: string | null };

const unitForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("phone"), slot: z.enum(["0", "1"]).optional() }),
  changeSchema.extend({ intent: z.literal("change") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, id, code } = await scope(request, params);
  const election = await requestElection(request);
  const submission = await readForm(request, unitForm);
  const intent = typeof submission.payload.intent === "string" ? submission.payload.intent : "";
  const none: SlotReply & { intent: string } = { intent, slot: null, phone: null };
  return answerForm(async () => {
    if (submission.status !== "success") throw new UserError(400, "form.badRequest");
    const input = submission.value;
    if (input.intent === "phone") {
      const slot = input.slot === "1" ? 1 : 0;
      const phone = await revealSlotPhone(election.id, id, code, slot, user.id);
      return formDone(null, { ...none, slot, phone: phone && formatThaiMobile(phone) });
    }
    await changeSlot(user, election.id, {
      unitCode: code,
      slot: input.slot,
      volunteerId: input.volunteerId || null,
      reason: input.reason,
      version: input.version,
    });
    return formDone("assignment.saved", { ...none, slot: input.slot });
  }, none);
}

export default function UnitPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useIsPending();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <p>
        <Link to={`/constituency/${d.constituencyId}${d.query}`}>← {t("assignment.units")}</Link>
      </p>
      <section className="card" aria-labelledby="unit-title">
        <h1 id="unit-title" className="mono">
          {d.unit.code}
        </h1>
        <p>{locale === "th" ? d.unit.addressTh : d.unit.addressEn}</p>
        <p className="hint" data-testid="unit-election">
          {locale === "th" ? d.election.nameTh : d.election.nameEn}
        </p>
        {d.unit.mapUrl && (
          <p>
            <a href={d.unit.mapUrl} target="_blank" rel="noreferrer">
              {t("assignment.map")} ↗
            </a>
          </p>
        )}
        <FormAnswer reply={result} />
      </section>
      {d.slots.map((s) => {
        const role = t(s.slot === 0 ? "assignment.reporter" : "assignment.backup");
        return (
          <section className="card" key={s.slot} aria-labelledby={`slot-${s.slot}`} data-testid={`slot-${s.slot}`}>
            <h2 id={`slot-${s.slot}`}>{role}</h2>
            <p data-testid={`holder-${s.slot}`}>
              {s.name ? (
                <>
                  {s.name}{" "}
                  <span className={`badge ${s.status === "accepted" ? "approved" : "pending"}`}>
                    {t(`assignment.status.${s.status}`)}
                  </span>
                </>
              ) : (
                t("assignment.nobody")
              )}
            </p>
            {s.volunteerId &&
              (result?.intent === "phone" && result.slot === s.slot ? (
                <p>
                  <strong data-testid={`phone-${s.slot}`}>{result.phone ?? t("roster.noPhone")}</strong>{" "}
                  <span className="hint">{t("roster.phoneLogged")}</span>
                </p>
              ) : (
                <Form method="post">
                  <input type="hidden" name="intent" value="phone" />
                  <input type="hidden" name="slot" value={s.slot} />
                  <button type="submit" className="link-button">
                    {t("assignment.phone")}
                  </button>
                </Form>
              ))}
            <Form method="post">
              <input type="hidden" name="intent" value="change" />
              <input type="hidden" name="slot" value={s.slot} />
              <input type="hidden" name="version" value={d.unit.version} />
              <label htmlFor={`volunteer-${s.slot}`}>{t("assignment.slotTitle", { role })}</label>
              <select id={`volunteer-${s.slot}`} name="volunteerId" defaultValue="">
                <option value="">{s.volunteerId ? t("assignment.empty") : t("assignment.choose")}</option>
                {d.available.map((v) => (
                  <option key={v.volunteerId} value={v.volunteerId}>
                    {v.fullName} ({t(`assignment.proximity.${v.level}`)})
                  </option>
                ))}
              </select>
              <label htmlFor={`reason-${s.slot}`}>{t("assignment.reason")}</label>
              <input id={`reason-${s.slot}`} name="reason" required maxLength={500} />
              <div className="actions">
                <button type="submit" className="primary" disabled={busy}>
                  {t("assignment.save")}
                </button>
              </div>
            </Form>
          </section>
        );
      })}
      <p>
        <Link to={`/incidents/units/${d.unit.code}${d.query}`} data-testid="unit-observations-link">
          {t("checklist.observedTitle")}
        </Link>
      </p>
      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">{t("assignment.history")}</h2>
        <ol className="history" data-testid="unit-history">
          {d.history.map((h) => (
            <li key={h.id}>
              <time dateTime={h.at}>{formatDateTime(h.at, locale)}</time>:{" "}
              {t(`assignment.actions.${h.action}`, { defaultValue: h.action })} · {h.volunteer} ·{" "}
              {t(h.slot === 0 ? "assignment.reporter" : "assignment.backup")} ·{" "}
              {t(`assignment.sources.${h.source}`, { defaultValue: h.source })}
              {h.reason ? ` — ${h.reason}` : ""}
              {h.actor ? ` (${h.actor})` : ""}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
