import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { invariantResponse, requirePermission } from "../http/guards.server.ts";
import { constituencyDashboard, teamCandidates } from "../assignment/views.server.ts";
import { addTeamMember, removeTeamMember } from "../assignment/team.server.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { CoverageBar } from "../ui/coverage.tsx";
import { orNotFound } from "../http/user-errors.server.ts";
import { answerForm, formDone, formRefused, readForm } from "../http/form.server.ts";
import { FormAnswer } from "../ui/form-reply.tsx";
import { electionChoice } from "../http/election-param.server.ts";
import { ElectionSwitch } from "../ui/election-switch.tsx";

export const meta: MetaFunction = () => [{ title: "เขตเลือกตั้ง / Constituency" }];

const constituencyId = z.string().regex(/^\d{2}-\d{2}$/);

async function scope(request: Request, id: string | undefined) {
  const parsed = constituencyId.safeParse(id);
  invariantResponse(parsed.success, "Not found");
  const user = await requirePermission(request, "constituency:manage", { constituencyId: parsed.data });
  return { user, id: parsed.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { id } = await scope(request, params.id);
  const notAccepted = new URL(request.url).searchParams.get("notAccepted") === "1";
  // Placements are per election: the day's elections switch between them.
  const { election, elections, query } = await electionChoice(request);
  const dashboard = await orNotFound(constituencyDashboard(election.id, id, { notAccepted }));
  return { ...dashboard, candidates: await teamCandidates(id), election: election.slug, elections, query };
}

const teamForm = z.object({ intent: z.enum(["add", "remove"]), volunteerId: z.uuid() });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, id } = await scope(request, params.id);
  const submission = await readForm(request, teamForm);
  if (submission.status !== "success") return formRefused("form.badRequest");
  const { intent, volunteerId } = submission.value;
  return answerForm(async () => {
    if (intent === "add") await addTeamMember(id, volunteerId, user.id);
    else await removeTeamMember(id, volunteerId);
    return formDone(null);
  });
}

export default function ConstituencyDashboard() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const notAccepted = params.get("notAccepted") === "1";
  const c = d.counts;
  return (
    <>
      <section className="card" aria-labelledby="c-title">
        <h1 id="c-title">
          {t("assignment.dashboard", {
            province: locale === "th" ? d.constituency.provinceTh : d.constituency.provinceEn,
            n: d.constituency.number,
          })}
        </h1>
        <ElectionSwitch elections={d.elections} current={d.election} path={`/constituency/${d.constituency.id}`} />
        <ul className="status-counts" data-testid="constituency-counts">
          <li>
            {t("assignment.units")} <strong>{c.units}</strong>
          </li>
          <li>
            {t("assignment.reporters")} <strong>{c.reporters}</strong>
          </li>
          <li>
            {t("assignment.backups")} <strong>{c.backups}</strong>
          </li>
          <li>
            {t("assignment.acceptedCount")} <strong>{c.accepted}</strong>
          </li>
          <li>
            {t("assignment.uncovered")} <strong>{c.units - c.reporters}</strong>
          </li>
        </ul>
        <CoverageBar units={c.units} reporters={c.reporters} backups={c.backups} />
      </section>
      <section className="card" aria-labelledby="units-title">
        <h2 id="units-title">{t("assignment.units")}</h2>
        <p>
          {notAccepted ? (
            <Link to={`.${d.query}`}>{t("assignment.all")}</Link>
          ) : (
            <Link to={d.query ? `${d.query}&notAccepted=1` : "?notAccepted=1"}>{t("assignment.notAccepted")}</Link>
          )}
        </p>
        <div className="table-scroll" tabIndex={0}>
          <table className="units">
            <thead>
              <tr>
                <th scope="col">{t("assignment.code")}</th>
                <th scope="col">{t("assignment.reporter")}</th>
                <th scope="col">{t("assignment.backup")}</th>
              </tr>
            </thead>
            <tbody>
              {d.units.map((u) => (
                <tr key={u.code}>
                  <td>
                    <Link to={`units/${u.code}${d.query}`} className="mono">
                      {u.code}
                    </Link>
                    <div className="hint">{u.locationName}</div>
                  </td>
                  {[u.reporter, u.backup].map((s, i) => (
                    <td key={i}>
                      {s ? (
                        <>
                          {s.name}{" "}
                          <span className={`badge ${s.status === "accepted" ? "approved" : "pending"}`}>
                            {t(`assignment.status.${s.status}`)}
                          </span>
                        </>
                      ) : (
                        <span className="hint">{t("assignment.nobody")}</span>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="team-title">
        <h2 id="team-title">{t("assignment.team")}</h2>
        <FormAnswer reply={result} />
        {d.team.length === 0 ? (
          <p className="hint">{t("assignment.noTeam")}</p>
        ) : (
          <ul className="plain-list">
            {d.team.map((m) => (
              <li key={m.volunteerId}>
                <Form method="post" className="inline-form">
                  {m.name}
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="volunteerId" value={m.volunteerId} />
                  <button type="submit" className="link-button">
                    {t("assignment.removeMember")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
        {d.candidates.length > 0 && (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="add" />
            <label htmlFor="member" className="visually-hidden">
              {t("assignment.addMember")}
            </label>
            <select id="member" name="volunteerId">
              {d.candidates.map((m) => (
                <option key={m.volunteerId} value={m.volunteerId}>
                  {m.fullName}
                </option>
              ))}
            </select>
            <button type="submit">{t("assignment.addMember")}</button>
          </Form>
        )}
      </section>
    </>
  );
}
