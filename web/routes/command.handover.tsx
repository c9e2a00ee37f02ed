import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "../http/guards.server.ts";
import { electionChoice } from "../http/election-param.server.ts";
import { answerForm, formDone, formRefusedFirst, readForm } from "../http/form.server.ts";
import { claimsNow, handOver, warRoomOperators } from "../command/queue.server.ts";
import { onShiftNow } from "../warroom/shifts.server.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatTime } from "../i18n/format.ts";
import { ElectionSwitch } from "../ui/election-switch.tsx";
import { FormAnswer } from "../ui/form-reply.tsx";

export const meta: MetaFunction = () => [{ title: "ส่งต่องาน / Handover" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "warroom:verify");
  const { election, elections } = await electionChoice(request);
  const [shifts, claims, operators] = await Promise.all([onShiftNow(), claimsNow(election.id), warRoomOperators()]);
  return {
    me: user.id,
    election: election.slug,
    elections,
    shifts: shifts.map((s) => ({ id: s.id, name: s.name, endsAt: s.endsAt.toISOString(), people: s.signups })),
    claims: claims.map((c) => ({ ...c, claimedAt: c.claimedAt.toISOString(), touchedAt: c.touchedAt.toISOString() })),
    operators: operators.filter((o) => o.id !== user.id),
  };
}

const handoverSchema = z.object({ to: z.uuid() });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "warroom:verify");
  const submission = await readForm(request, handoverSchema);
  if (submission.status !== "success") return formRefusedFirst(submission);
  return answerForm(async () => {
    const moved = await handOver(user, submission.value.to);
    return formDone({ key: "handover.moved", params: { n: moved } });
  });
}

export default function Handover() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <section className="card" aria-labelledby="ho-title">
        <h1 id="ho-title">{t("handover.title")}</h1>
        <ElectionSwitch elections={d.elections} current={d.election} path="/command/handover" />
        <FormAnswer reply={reply} />
        <h2>{t("handover.onShift")}</h2>
        {d.shifts.length === 0 ? (
          <p>{t("handover.noneOnShift")}</p>
        ) : (
          d.shifts.map((s) => (
            <p key={s.id}>
              <strong>{s.name}</strong> ({formatTime(s.endsAt, locale)}): {s.people.map((p) => p.name).join(", ")}
            </p>
          ))
        )}
        <Form method="post" className="inline-form">
          <label>
            {t("handover.to")}{" "}
            <select name="to" required>
              {d.operators.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>{" "}
          <button type="submit" className="secondary">
            {t("handover.submit")}
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="ho-claims">
        <h2 id="ho-claims">{t("handover.claims")}</h2>
        {d.claims.length === 0 ? (
          <p>{t("handover.noClaims")}</p>
        ) : (
          <ul data-testid="claims">
            {d.claims.map((c) => (
              <li key={`${c.unitCode}|${c.ballot}`}>
                <span className="mono">{c.unitCode}</span> {c.ballot} — {c.name}
                {c.userId === d.me ? ` (${t("queue.mine")})` : ""} · {formatTime(c.claimedAt, locale)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
