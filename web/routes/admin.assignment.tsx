import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "../http/guards.server.ts";
import { carryOverPlacements, queueAssignmentRun, recentRuns } from "../assignment/auto-assign.server.ts";
import { electionChoice, requestElectionOrNull } from "../http/election-param.server.ts";
import { ElectionSwitch } from "../ui/election-switch.tsx";
import { otherElections, currentElection } from "../elections/elections.server.ts";
import { freezeAt, setFreezeAt } from "../assignment/freeze.server.ts";
import { appointConstituencyHead, constituencyHeads } from "../assignment/team.server.ts";
import { constituencies, provinces } from "../geography/areas.server.ts";
import { normaliseThaiMobile, maskPhone } from "../accounts/phone.ts";
import { answerForm, formDone, formRefused, formRefusedFirst, readForm } from "../http/form.server.ts";
import { FormAnswer } from "../ui/form-reply.tsx";
import { useLocale, useT } from "../ui/i18n.tsx";
import { useRefreshWhile } from "../ui/import-status.tsx";
import { formatDateTime } from "../i18n/format.ts";
import { useIsPending } from "../ui/use-is-pending.ts";

export const meta: MetaFunction = () => [{ title: "จัดหน่วย / Assignment" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "assignment:run");
  // Placements are per election (none yet: nothing to run).
  const choice = (await requestElectionOrNull(request)) ? await electionChoice(request) : null;
  const election = choice?.election ?? null;
  const [runs, frozen, heads, constituencyList, provinceList, others] = await Promise.all([
    election ? recentRuns(election.id) : [],
    freezeAt(),
    constituencyHeads(),
    constituencies(),
    provinces(),
    election ? otherElections(election.id) : [],
  ]);
  const names = new Map(provinceList.map((p) => [p.code, { th: p.nameTh, en: p.nameEn }]));
  const headOf = new Map(heads.map((h) => [h.constituencyId, h]));
  return {
    constituencies: constituencyList.map((c) => ({
      id: c.id,
      number: c.number,
      province: names.get(c.provinceCode)!,
      head: headOf.get(c.id) ? (headOf.get(c.id)!.name ?? maskPhone(headOf.get(c.id)!.phone)) : null,
    })),
    freezeAt: frozen?.toISOString() ?? null,
    election: election && { slug: election.slug, nameTh: election.nameTh, nameEn: election.nameEn },
    elections: choice?.elections ?? [],
    others: others.map((e) => ({ slug: e.slug, nameTh: e.nameTh, nameEn: e.nameEn })),
    runs: runs.map((r) => ({
      id: r.id,
      status: r.status,
      startedAt: r.startedAt.toISOString(),
      reporters: r.reporters,
      bound: r.bound,
      backups: r.backups,
      added: r.added,
      units: r.units,
    })),
  };
}

const assignmentForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("run") }),
  z.object({ intent: z.literal("carry"), from: z.string().min(1).max(64) }),
  // datetime-local has no zone: it is Thai time (UTC+7).
  z.object({ intent: z.literal("freeze"), at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/) }),
  z.object({ intent: z.literal("unfreeze") }),
  z.object({
    intent: z.literal("head"),
    constituencyId: z.string().regex(/^\d{2}-\d{2}$/),
    phone: z.string().max(32),
  }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "assignment:run");
  const submission = await readForm(request, assignmentForm);
  if (submission.status !== "success") {
    const intent = submission.payload.intent;
    return intent === "head"
      ? formRefused("organisations.errors.phone", 400, { intent })
      : formRefusedFirst(submission);
  }
  const input = submission.value;
  if (input.intent === "run" || input.intent === "carry") {
    const election = await requestElectionOrNull(request);
    if (!election) return formRefused("tally.noElection", 409);
    if (input.intent === "run") {
      await queueAssignmentRun(election.id, user.id);
      return formDone("assignment.runQueued");
    }
    const from = await currentElection(input.from).catch(() => null);
    if (!from) return formRefused("form.badRequest");
    return answerForm(async () =>
      formDone("assignment.carried", { count: await carryOverPlacements(from.id, election.id, user.id) }),
    );
  }
  if (input.intent === "freeze") {
    await setFreezeAt(new Date(`${input.at}:00+07:00`), user.id);
    return formDone("assignment.saved");
  }
  if (input.intent === "head") {
    const phone = normaliseThaiMobile(input.phone);
    if (!phone) return formRefused("organisations.errors.phone", 400, { intent: input.intent });
    return answerForm(
      async () => {
        await appointConstituencyHead(input.constituencyId, phone, user.id);
        return formDone("assignment.headAppointed", { intent: input.intent });
      },
      { intent: input.intent },
    );
  }
  await setFreezeAt(null, user.id);
  return formDone("assignment.saved");
}

export default function AssignmentAdmin() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useIsPending();
  const t = useT();
  const locale = useLocale();
  const when = (iso: string) => formatDateTime(iso, locale, { timeZone: "Asia/Bangkok" });
  useRefreshWhile(d.runs.some((r) => r.status === "running") || result?.notice?.key === "assignment.runQueued");
  return (
    <>
      <section className="card" aria-labelledby="run-title">
        <h1 id="run-title">{t("assignment.runTitle")}</h1>
        {d.election && (
          <>
            <ElectionSwitch elections={d.elections} current={d.election.slug} path="/admin/assignment" />
            <p data-testid="assignment-election">
              <strong>{locale === "th" ? d.election.nameTh : d.election.nameEn}</strong>
            </p>
          </>
        )}
        <p className="hint">{t("assignment.runHelp")}</p>
        {result?.intent !== "head" && <FormAnswer reply={result} />}
        {!d.election ? (
          <p>{t("assignment.noElection")}</p>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="run" />
            <button type="submit" className="primary" disabled={busy}>
              {t("assignment.run")}
            </button>
          </Form>
        )}
        {d.others.length > 0 && (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="carry" />
            <label htmlFor="carry-from">{t("assignment.carryFrom")}</label>
            <select id="carry-from" name="from">
              {d.others.map((e) => (
                <option key={e.slug} value={e.slug}>
                  {locale === "th" ? e.nameTh : e.nameEn}
                </option>
              ))}
            </select>
            <button type="submit" disabled={busy}>
              {t("assignment.carry")}
            </button>
            <p className="hint">{t("assignment.carryHelp")}</p>
          </Form>
        )}
        <h2>{t("assignment.runs")}</h2>
        <ul className="plain-list" data-testid="runs">
          {d.runs.map((r) => (
            <li key={r.id}>
              {when(r.startedAt)} ·{" "}
              <span
                className={`badge ${r.status === "succeeded" ? "succeeded" : r.status === "failed" ? "failed" : "running"}`}
              >
                {t(`assignment.runStatus.${r.status}`)}
              </span>{" "}
              {r.status === "succeeded" &&
                t("assignment.runRow", { reporters: r.reporters, bound: r.bound, backups: r.backups, added: r.added })}
              {r.status === "succeeded" && (
                <progress className="progress" max={r.units} value={r.reporters} aria-label={t("coverage.percent")} />
              )}
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="heads-title">
        <h2 id="heads-title">{t("assignment.heads")}</h2>
        <p className="hint">{t("assignment.headsHelp")}</p>
        <FormAnswer reply={result} intent="head" />
        <Form method="post">
          <input type="hidden" name="intent" value="head" />
          <label htmlFor="constituencyId">{t("coverage.constituency")}</label>
          <select id="constituencyId" name="constituencyId" required>
            {d.constituencies.map((c) => (
              <option key={c.id} value={c.id}>
                {locale === "th" ? c.province.th : c.province.en} {t("signup.constituencyNo", { n: c.number })} —{" "}
                {c.head ?? t("assignment.noHead")}
              </option>
            ))}
          </select>
          <label htmlFor="head-phone">{t("assignment.headPhone")}</label>
          <input id="head-phone" name="phone" type="tel" inputMode="tel" required />
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t("assignment.appointHead")}
            </button>
          </div>
        </Form>
      </section>
      <section className="card" aria-labelledby="freeze-title">
        <h2 id="freeze-title">{t("assignment.freeze")}</h2>
        <p className="hint">{t("assignment.freezeHelp")}</p>
        <p data-testid="freeze-state">
          {d.freezeAt ? t("assignment.frozenSince", { at: when(d.freezeAt) }) : t("assignment.notFrozen")}
        </p>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="freeze" />
          <label htmlFor="at">{t("assignment.freezeAt")}</label>
          <input id="at" name="at" type="datetime-local" required />
          <button type="submit">{t("assignment.freezeSave")}</button>
        </Form>
        {d.freezeAt && (
          <Form method="post">
            <input type="hidden" name="intent" value="unfreeze" />
            <button type="submit" className="link-button">
              {t("assignment.freezeClear")}
            </button>
          </Form>
        )}
      </section>
    </>
  );
}
