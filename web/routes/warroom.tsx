import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "../http/guards.server.ts";
import { createShift, listShifts, setSignupStatus } from "../warroom/shifts.server.ts";
import { UserError } from "../errors.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatDateTime } from "../i18n/format.ts";
import { useIsPending } from "../ui/use-is-pending.ts";
import { answerForm, formDone, readForm } from "../http/form.server.ts";
import { FormAnswer } from "../ui/form-reply.tsx";

export const meta: MetaFunction = () => [{ title: "ศูนย์ปฏิบัติการ / War room" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "warroom:manage");
  const shifts = await listShifts();
  return { shifts: shifts.map((s) => ({ ...s, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })) };
}

const warRoomForm = z.discriminatedUnion("intent", [
  // createShift checks the shift's own fields (its messages); here only their shape.
  z.object({
    intent: z.literal("create"),
    name: z.string().max(200).optional(),
    startsAt: z.string().max(40).optional(),
    endsAt: z.string().max(40).optional(),
    seats: z.string().max(12).optional(),
  }),
  z.object({
    intent: z.literal("status"),
    shiftId: z.uuid(),
    volunteerId: z.uuid(),
    status: z.enum(["confirmed", "checked_in"]),
  }),
]);

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, "warroom:manage");
  const submission = await readForm(request, warRoomForm);
  return answerForm(async () => {
    if (submission.status !== "success") throw new UserError(400, "form.badRequest");
    const input = submission.value;
    if (input.intent === "create") {
      // datetime-local fields are Thai time (UTC+7).
      const local = (v?: string) => (v && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? `${v}:00+07:00` : "invalid");
      await createShift({
        name: input.name,
        startsAt: local(input.startsAt),
        endsAt: local(input.endsAt),
        seats: input.seats,
      });
      return formDone(null);
    }
    await setSignupStatus(input.shiftId, input.volunteerId, input.status);
    return formDone(null);
  });
}

export default function WarRoom() {
  const { shifts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useIsPending();
  const t = useT();
  const locale = useLocale();
  const when = (iso: string) => formatDateTime(iso, locale, { timeZone: "Asia/Bangkok" });
  return (
    <>
      <section className="card" aria-labelledby="wr-title">
        <h1 id="wr-title">{t("warroom.title")}</h1>
        <FormAnswer reply={result} />
        {shifts.length === 0 ? (
          <p>{t("warroom.noShifts")}</p>
        ) : (
          shifts.map((s) => (
            <article key={s.id} className="shift" data-testid="shift">
              <h2>{s.name}</h2>
              <p>
                {when(s.startsAt)} – {when(s.endsAt)} · {t("warroom.seats", { taken: s.taken, seats: s.seats })}
              </p>
              <progress
                className="progress"
                max={s.seats}
                value={s.taken}
                aria-label={t("warroom.seats", { taken: s.taken, seats: s.seats })}
              />
              {s.signups.length > 0 && (
                <table>
                  <tbody>
                    {s.signups.map((p) => (
                      <tr key={p.volunteerId}>
                        <td>{p.name}</td>
                        <td>
                          <span className="badge">{t(`warroom.status.${p.status}`)}</span>
                        </td>
                        <td>
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="intent" value="status" />
                            <input type="hidden" name="shiftId" value={s.id} />
                            <input type="hidden" name="volunteerId" value={p.volunteerId} />
                            {p.status === "signed_up" && (
                              <button type="submit" name="status" value="confirmed" disabled={busy}>
                                {t("warroom.confirm")}
                              </button>
                            )}
                            {p.status !== "checked_in" && (
                              <button type="submit" name="status" value="checked_in" disabled={busy}>
                                {t("warroom.checkIn")}
                              </button>
                            )}
                          </Form>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </article>
          ))
        )}
      </section>
      <section className="card" aria-labelledby="new-shift">
        <h2 id="new-shift">{t("warroom.create")}</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="create" />
          <label htmlFor="name">{t("warroom.name")}</label>
          <input id="name" name="name" required maxLength={120} />
          <label htmlFor="startsAt">{t("warroom.startsAt")}</label>
          <input id="startsAt" name="startsAt" type="datetime-local" required />
          <label htmlFor="endsAt">{t("warroom.endsAt")}</label>
          <input id="endsAt" name="endsAt" type="datetime-local" required />
          <label htmlFor="seats">{t("warroom.seatsLabel")}</label>
          <input id="seats" name="seats" type="number" min={1} max={500} defaultValue={20} required />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t("warroom.create")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
