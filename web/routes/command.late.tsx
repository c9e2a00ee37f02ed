import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "../http/guards.server.ts";
import { electionChoice, requestElection } from "../http/election-param.server.ts";
import { answerForm, formDone, formRefusedFirst, readForm } from "../http/form.server.ts";
import { boardContest, currentVersion } from "../command/board.server.ts";
import { CALL_OUTCOMES, lateByConstituency, logCall, replaceWithBackup, slotPhone } from "../command/late.server.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatDateTime, formatTime } from "../i18n/format.ts";
import { ElectionSwitch } from "../ui/election-switch.tsx";
import { FormAnswer } from "../ui/form-reply.tsx";
import { UpdateStatus, useBoardUpdates } from "../ui/board-updates.tsx";
import { SlotHolders, shownPhone } from "../ui/board.tsx";
import { orNotFound } from "../http/user-errors.server.ts";

export const meta: MetaFunction = () => [{ title: "หน่วยล่าช้า / Late units" }];

const CONSTITUENCY = /^\d{2}-\d{2}$/;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "command:read");
  const { election, elections, query } = await electionChoice(request);
  const url = new URL(request.url);
  const { ballot } = await boardContest(election.id, url.searchParams.get("contest"));
  if (!ballot) throw new Response("No contest / ยังไม่มีการเลือกตั้งย่อย", { status: 404 });
  const only = url.searchParams.get("constituency");
  const [late, version] = await Promise.all([
    orNotFound(lateByConstituency(user, election, ballot), "Forbidden / ไม่มีสิทธิ์เข้าถึง", 403),
    currentVersion(election.id),
  ]);
  const constituencies =
    only && CONSTITUENCY.test(only)
      ? late.constituencies.filter((c) => c.constituencyId === only)
      : late.constituencies;
  return {
    at: new Date().toISOString(),
    version,
    election: election.slug,
    elections,
    query,
    since: late.since.toISOString(),
    shown: late.shown,
    constituencies: constituencies.map((c) => ({
      ...c,
      units: c.units.map((u) => ({ ...u, lastCallAt: u.lastCallAt?.toISOString() ?? null })),
    })),
  };
}

const unitCode = z.string().regex(/^\d{2}-\d{2}-\d{6}-\d{3}$/);
const actionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("call"),
    unitCode,
    slot: z.enum(["0", "1", "other"]),
    outcome: z.enum(CALL_OUTCOMES),
    note: z.string().max(500).optional(),
  }),
  z.object({
    intent: z.literal("replace"),
    unitCode,
    reason: z.string({ error: "assignment.reasonRequired" }).trim().min(1, "assignment.reasonRequired").max(500),
  }),
  z.object({ intent: z.literal("phone"), unitCode, slot: z.enum(["0", "1"]) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "command:act");
  const election = await requestElection(request);
  const submission = await readForm(request, actionSchema);
  if (submission.status !== "success") return formRefusedFirst(submission);
  const v = submission.value;
  return answerForm(async () => {
    if (v.intent === "call") {
      await logCall(user, election.id, {
        unitCode: v.unitCode,
        slot: v.slot === "other" ? null : Number(v.slot),
        outcome: v.outcome,
        note: v.note ?? null,
      });
      return formDone({ key: "command.called", params: { unit: v.unitCode } });
    }
    if (v.intent === "replace") {
      await replaceWithBackup(user, election.id, v.unitCode, v.reason);
      return formDone({ key: "command.replaced", params: { unit: v.unitCode } });
    }
    const phone = await slotPhone(user, election.id, v.unitCode, Number(v.slot));
    return formDone(null, { phone: { unitCode: v.unitCode, slot: v.slot, phone } });
  });
}

export default function LateUnits() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const connected = useBoardUpdates(d.election, d.version);
  const shown = shownPhone(reply);
  const late = new Date(d.at) >= new Date(d.since);
  return (
    <>
      <section className="card" aria-labelledby="late-title">
        <h1 id="late-title">{t("command.late")}</h1>
        <ElectionSwitch elections={d.elections} current={d.election} path="/command/late" />
        <UpdateStatus connected={connected} at={d.at} />
        <p>
          {late
            ? t("command.lateSince", { at: formatDateTime(d.since, locale) })
            : t("command.lateBefore", { at: formatDateTime(d.since, locale) })}
        </p>
        <p className="hint">{t("command.phoneLogged")}</p>
        <FormAnswer reply={reply} />
        {d.constituencies.length === 0 && <p data-testid="late-none">{t("command.lateNone")}</p>}
      </section>
      {d.constituencies.map((c) => (
        <section key={c.constituencyId} className="card" aria-labelledby={`late-${c.constituencyId}`}>
          <h2 id={`late-${c.constituencyId}`}>
            <Link to={`/command/c/${c.constituencyId}${d.query}`}>{c.constituencyId}</Link> ({c.units.length})
          </h2>
          <ul className="plain-list" data-testid="late-units">
            {c.units.map((u) => (
              <li key={u.unitCode} data-unit={u.unitCode} className="late-unit">
                <strong className="mono">{u.unitCode}</strong>{" "}
                {u.inSample && <span className="badge">{t("command.inSample")}</span>} {u.locationName}
                <div className="hint">
                  {u.lastCall
                    ? t("command.lastCall", {
                        outcome: t(`command.outcomes.${u.lastCall}`),
                        at: formatTime(u.lastCallAt!, locale),
                      })
                    : t("command.noCall")}
                </div>
                <SlotHolders unitCode={u.unitCode} reporter={u.reporter} backup={u.backup} shown={shown} />
                <Form method="post" className="inline-form" aria-label={`${t("command.calls")} ${u.unitCode}`}>
                  <input type="hidden" name="intent" value="call" />
                  <input type="hidden" name="unitCode" value={u.unitCode} />
                  <label>
                    {t("command.callSlot")}{" "}
                    <select name="slot" defaultValue="0">
                      <option value="0">{t("command.volunteer")}</option>
                      <option value="1">{t("command.backup")}</option>
                      <option value="other">—</option>
                    </select>
                  </label>{" "}
                  <label>
                    {t("command.state")}{" "}
                    <select name="outcome" defaultValue="called">
                      {["called", "reached", "noAnswer"].map((o) => (
                        <option key={o} value={o}>
                          {t(`command.outcomes.${o}`)}
                        </option>
                      ))}
                    </select>
                  </label>{" "}
                  <label>
                    {t("command.callNote")} <input name="note" maxLength={500} />
                  </label>{" "}
                  <button type="submit" className="secondary">
                    {t("command.call")}
                  </button>
                </Form>
                {u.backup && (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="replace" />
                    <input type="hidden" name="unitCode" value={u.unitCode} />
                    <label>
                      {t("command.replaceReason")} <input name="reason" required maxLength={500} />
                    </label>{" "}
                    <button type="submit" className="secondary">
                      {t("command.replace")}
                    </button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
