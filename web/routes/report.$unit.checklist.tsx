import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { invariantResponse, requireUser } from "../http/guards.server.ts";
import { answerForm, formDone, formRefused, readForm } from "../http/form.server.ts";
import { currentElection } from "../elections/elections.server.ts";
import { mayReport } from "../tally/access.server.ts";
import { answerChecklist, checklistFor } from "../checklists/checklists.server.ts";
import { CHECKLIST_PHASES, type ChecklistPhase } from "../checklists/checklist-rules.ts";
import { FormAnswer } from "../ui/form-reply.tsx";
import { useLocale, useT } from "../ui/i18n.tsx";
import { OutboxStatus } from "../ui/outbox-status.tsx";

export const meta: MetaFunction = () => [{ title: "แบบสังเกตการณ์ / Observation checklist" }];

// HTML only, like the volunteer's other pages: one plain form per phase of the day.
export const handle = { hydrate: false, follow: false, script: "outbox" };

async function target(request: Request, unitCode: string | undefined) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const election = await currentElection(url.searchParams.get("election"));
  invariantResponse(unitCode && (await mayReport(user, election.id, unitCode)), "Not found / ไม่พบ");
  const phase = (CHECKLIST_PHASES as readonly string[]).includes(url.searchParams.get("phase") ?? "")
    ? (url.searchParams.get("phase") as ChecklistPhase)
    : "opening";
  return { user, election, unitCode, phase };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { election, unitCode, phase } = await target(request, params.unit);
  const election_ = new URL(request.url).searchParams.get("election");
  return {
    unitCode,
    phase,
    questions: await checklistFor(election.id, unitCode, phase),
    electionQuery: election_ ? `&election=${encodeURIComponent(election_)}` : "",
  };
}

// Answers by question key (each question's kind decides what it may be: the domain checks).
const answersSchema = z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), z.string().max(3000));

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, election, unitCode, phase } = await target(request, params.unit);
  const submission = await readForm(request, answersSchema);
  if (submission.status !== "success") return formRefused("form.badRequest");
  return answerForm(async () => {
    const saved = await answerChecklist(user, { electionId: election.id, unitCode, phase }, submission.value);
    return formDone({ key: "checklist.saved", params: { count: saved } });
  });
}

export default function Checklist() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="checklist-title">
      <p>
        <Link to="/report">← {t("report.myUnits")}</Link>
      </p>
      <h1 id="checklist-title">{t("checklist.title")}</h1>
      <p className="mono">{d.unitCode}</p>
      <nav aria-label={t("checklist.title")} className="tabs">
        {CHECKLIST_PHASES.map((p) => (
          <Link key={p} to={`?phase=${p}${d.electionQuery}`} aria-current={p === d.phase ? "page" : undefined}>
            {t(`checklist.phase.${p}`)}
          </Link>
        ))}
      </nav>
      <p className="hint">{t("checklist.intro")}</p>
      <FormAnswer reply={result} />
      <OutboxStatus />
      {d.questions.length === 0 ? (
        <p>{t("checklist.none")}</p>
      ) : (
        <Form method="post" className="stack" data-testid="checklist" noValidate data-outbox>
          {d.questions.map((q) => {
            const label = locale === "th" ? q.textTh : q.textEn;
            return q.kind === "yes_no" ? (
              <fieldset key={q.key}>
                <legend>{label}</legend>
                {(["yes", "no"] as const).map((v) => (
                  <label key={v} className="check">
                    <input type="radio" name={q.key} value={v} defaultChecked={q.answer === v} /> {t(`checklist.${v}`)}
                  </label>
                ))}
              </fieldset>
            ) : (
              <div key={q.key}>
                <label htmlFor={q.key}>{label}</label>
                {q.kind === "number" ? (
                  <input id={q.key} name={q.key} inputMode="numeric" pattern="[0-9]*" defaultValue={q.answer ?? ""} />
                ) : (
                  <textarea id={q.key} name={q.key} rows={2} maxLength={1000} defaultValue={q.answer ?? ""} />
                )}
              </div>
            );
          })}
          <div className="actions">
            <button type="submit" className="primary">
              {t("checklist.save")}
            </button>
          </div>
        </Form>
      )}
    </section>
  );
}
