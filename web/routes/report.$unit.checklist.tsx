import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { invariantResponse, requireUser } from "../http/guards.server.ts";
import { formDone, userErrorReply } from "../http/form.server.ts";
import { receiveChecklist } from "../http/checklist-post.server.ts";
import { currentElection } from "../elections/elections.server.ts";
import { mayReport } from "../tally/access.server.ts";
import { unitObservations } from "../checklists/checklists.server.ts";
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
  const electionSlug = new URL(request.url).searchParams.get("election");
  const [observed] = await unitObservations(election.id, unitCode, phase);
  return {
    unitCode,
    phase,
    questions: observed?.questions ?? [],
    photos: observed?.photos ?? [],
    electionQuery: electionSlug ? `&election=${encodeURIComponent(electionSlug)}` : "",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, election, unitCode, phase } = await target(request, params.unit);
  const outcome = await receiveChecklist(request, user, { electionId: election.id, unitCode, phase });
  if ("refused" in outcome) return userErrorReply(outcome.refused);
  return formDone({ key: "checklist.saved", params: { count: outcome.saved } });
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
        <Form
          method="post"
          encType="multipart/form-data"
          className="stack"
          data-testid="checklist"
          noValidate
          data-outbox
        >
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
          {/* Files after the answers: the answers are recorded before a photo is stored. */}
          <label htmlFor="photo">{t("checklist.photos")}</label>
          <input id="photo" name="photo" type="file" accept="image/*" capture="environment" multiple />
          <div className="actions">
            <button type="submit" className="primary">
              {t("checklist.save")}
            </button>
          </div>
        </Form>
      )}
      {d.photos.length > 0 && (
        <ul className="plain-list" data-testid="checklist-photos">
          {d.photos.map((p) => (
            <li key={p.id}>
              <a href={`/photos/${p.id}`}>{t("checklist.photo")}</a> <code className="hash">{p.sha256}</code>{" "}
              <span className="hint">{t(p.anchored ? "incident.anchored" : "incident.pending")}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
