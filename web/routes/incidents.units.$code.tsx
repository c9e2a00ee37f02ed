import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { invariantResponse, requireUser } from "../http/guards.server.ts";
import { electionChoice } from "../http/election-param.server.ts";
import { mayTriage, unitIncidents } from "../incidents/incidents.server.ts";
import { unitObservations } from "../checklists/checklists.server.ts";
import { formatDateTime } from "../i18n/format.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { PhotoList } from "../ui/photo-list.tsx";

export const meta: MetaFunction = () => [{ title: "สิ่งที่สังเกตได้ที่หน่วย / Observed at the unit" }];

const UNIT = /^\d{2}-\d{2}-\d{6}-\d{3}$/;

// A unit's observations for those who triage it (issue 42): the war room everywhere, a head
// in their constituencies — the checklists as answered, their photos, the unit's incidents.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const code = z.string().regex(UNIT).safeParse(params.code);
  invariantResponse(code.success, "Not found / ไม่พบ", 404);
  invariantResponse(mayTriage(user, code.data.slice(0, 5)), "Forbidden / ไม่มีสิทธิ์", 403);
  const { election, query } = await electionChoice(request);
  const [observations, incidents] = await Promise.all([
    unitObservations(election.id, code.data),
    unitIncidents(election.id, code.data),
  ]);
  return {
    unitCode: code.data,
    query,
    observations,
    incidents: incidents.map((i) => ({ ...i, occurredAt: i.occurredAt.toISOString() })),
  };
}

export default function UnitObservationsPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <p>
        <Link to={`/incidents${d.query}`}>← {t("incident.queueTitle")}</Link>
      </p>
      <UnitObservations {...d} />
    </>
  );
}

/** What the unit's volunteer reported besides the count (issue 42): its incidents, and each
 *  phase's checklist answers as given, with their photos. */
function UnitObservations(props: ReturnType<typeof useLoaderData<typeof loader>>) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="observations-title" data-testid="unit-observations">
      <h1 id="observations-title">
        {t("checklist.observedTitle")} <span className="mono">{props.unitCode}</span>
      </h1>
      <h2>{t("incident.queueTitle")}</h2>
      {props.incidents.length === 0 ? (
        <p>{t("incident.none")}</p>
      ) : (
        <ul className="plain-list" data-testid="unit-incidents">
          {props.incidents.map((i) => (
            <li key={i.id}>
              <Link to={`/incidents/${i.id}`}>{t(`incident.kind.${i.kind}`)}</Link>{" "}
              <span className={`badge severity-${i.severity}`}>{t(`incident.severity.${i.severity}`)}</span>{" "}
              {t(`incident.status.${i.status}`)} ·{" "}
              <time dateTime={i.occurredAt}>{formatDateTime(i.occurredAt, locale)}</time>
            </li>
          ))}
        </ul>
      )}
      {props.observations.length === 0 && <p className="hint">{t("checklist.noneSetUp")}</p>}
      {props.observations.map((o) => (
        <div key={o.phase} data-testid={`unit-checklist-${o.phase}`}>
          <h2>{t(`checklist.phase.${o.phase}`)}</h2>
          <dl className="answers">
            {o.questions.map((q) => (
              <div key={q.id}>
                <dt>{locale === "th" ? q.textTh : q.textEn}</dt>
                <dd>
                  {q.answer === null ? (
                    <span className="hint">{t("checklist.unanswered")}</span>
                  ) : q.kind === "yes_no" ? (
                    t(q.answer === "yes" ? "checklist.yes" : "checklist.no")
                  ) : (
                    q.answer
                  )}
                  {q.answeredAt && (
                    <span className="hint">
                      {" "}
                      · <time dateTime={q.answeredAt}>{formatDateTime(q.answeredAt, locale)}</time>
                    </span>
                  )}
                </dd>
              </div>
            ))}
          </dl>
          <PhotoList
            photos={o.photos}
            alt={(n) => t("checklist.photoAlt", { n, phase: t(`checklist.phase.${o.phase}`) })}
          />
        </div>
      ))}
    </section>
  );
}
