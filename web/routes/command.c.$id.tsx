import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { invariantResponse, requirePermission } from "../http/guards.server.ts";
import { electionChoice, requestElection } from "../http/election-param.server.ts";
import { answerForm, formDone, formRefusedFirst, readForm } from "../http/form.server.ts";
import { orNotFound } from "../http/user-errors.server.ts";
import { boardContest, constituencyUnits, currentVersion } from "../command/board.server.ts";
import { slotPhone } from "../command/late.server.ts";
import { areaCall } from "../results/races.server.ts";
import { constituencyDashboard } from "../assignment/views.server.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatNumber, formatTime } from "../i18n/format.ts";
import { ElectionSwitch } from "../ui/election-switch.tsx";
import { FormAnswer } from "../ui/form-reply.tsx";
import {
  IncidentsLink,
  STATE_ORDER,
  SlotHolders,
  StateBar,
  StateCounts,
  shownPhone,
  type Counts,
} from "../ui/board.tsx";
import { incidentSummary } from "../incidents/incidents.server.ts";
import { UpdateStatus, useBoardUpdates } from "../ui/board-updates.tsx";

export const meta: MetaFunction = () => [{ title: "เขตเลือกตั้ง คืนเลือกตั้ง / Constituency board" }];

const constituencyId = z.string().regex(/^\d{2}-\d{2}$/);

async function scope(request: Request, id: string | undefined) {
  const parsed = constituencyId.safeParse(id);
  invariantResponse(parsed.success, "Not found");
  const user = await requirePermission(request, "command:read", { constituencyId: parsed.data });
  return { user, id: parsed.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { id } = await scope(request, params.id);
  const { election, elections, query } = await electionChoice(request);
  const { contests, ballot } = await boardContest(election.id, new URL(request.url).searchParams.get("contest"));
  invariantResponse(ballot, "No contest / ยังไม่มีการเลือกตั้งย่อย");
  const district = contests.find((c) => c.key === ballot)?.kind === "district";
  const [places, units, version, call, incidents] = await Promise.all([
    orNotFound(constituencyDashboard(election.id, id)),
    constituencyUnits(election, ballot, id),
    currentVersion(election.id),
    // The call on this constituency's race, for the war room and its head (internal:
    // before the close too).
    district ? areaCall(election.id, ballot, id) : Promise.resolve(null),
    incidentSummary(election.id, id),
  ]);
  const placed = new Map(places.units.map((u) => [u.code, u]));
  const counts = Object.fromEntries(STATE_ORDER.map((s) => [s, 0])) as Counts;
  for (const u of units) counts[u.state] += 1;
  return {
    at: new Date().toISOString(),
    version,
    election: election.slug,
    elections,
    query,
    ballot,
    contests: contests.map((c) => ({ key: c.key, nameTh: c.nameTh, nameEn: c.nameEn })),
    constituency: places.constituency,
    counts,
    call,
    incidents,
    late: units.filter((u) => u.late).length,
    units: units.map((u) => {
      const p = placed.get(u.unitCode);
      return {
        ...u,
        lastSnapshotAt: u.lastSnapshotAt?.toISOString() ?? null,
        reportedAt: u.reportedAt?.toISOString() ?? null,
        locationName: p?.locationName ?? "",
        reporter: p?.reporter ? { name: p.reporter.name, status: p.reporter.status } : null,
        backup: p?.backup ? { name: p.backup.name, status: p.backup.status } : null,
      };
    }),
  };
}

const phoneSchema = z.object({
  unitCode: z.string().regex(/^\d{2}-\d{2}-\d{6}-\d{3}$/),
  slot: z.enum(["0", "1"]),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, id } = await scope(request, params.id);
  const election = await requestElection(request);
  const submission = await readForm(request, phoneSchema);
  if (submission.status !== "success") return formRefusedFirst(submission);
  const { unitCode, slot } = submission.value;
  invariantResponse(unitCode.startsWith(`${id}-`), "Not found");
  return answerForm(async () => {
    const phone = await slotPhone(user, election.id, unitCode, Number(slot));
    return formDone(null, { phone: { unitCode, slot, phone } });
  });
}

export default function ConstituencyBoard() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const connected = useBoardUpdates(d.election, d.version);
  const shown = shownPhone(reply);
  const sep = d.query ? "&" : "?";
  const units = d.units.length;
  return (
    <>
      <section className="card" aria-labelledby="cb-title">
        <h1 id="cb-title">
          {t("assignment.dashboard", {
            province: locale === "th" ? d.constituency.provinceTh : d.constituency.provinceEn,
            n: d.constituency.number,
          })}
        </h1>
        <ElectionSwitch elections={d.elections} current={d.election} path={`/command/c/${d.constituency.id}`} />
        <UpdateStatus connected={connected} at={d.at} />
        <StateBar units={units} counts={d.counts} label={d.constituency.id} />
        <StateCounts units={units} counts={d.counts} testId="constituency-states" />
        {d.call && (
          <p data-testid="board-call">
            <span className={`badge call-${d.call.callStatus}`}>{t(`calls.${d.call.callStatus}`)}</span>{" "}
            <span className="hint">{t(`calls.explain.${d.call.callStatus}`)}</span>
            {d.call.projectedCallStatus !== d.call.callStatus && (
              <>
                <br />
                <span className="hint">
                  {t("calls.explain.projected", { status: t(`calls.${d.call.projectedCallStatus}`) })}
                </span>
              </>
            )}
          </p>
        )}
        <p>
          <Link to={`/review${d.query}${sep}constituency=${d.constituency.id}`}>{t("command.queue")}</Link> ·{" "}
          <Link to={`/command/late${d.query}${sep}constituency=${d.constituency.id}`}>
            {t("command.late")} ({formatNumber(d.late, locale)})
          </Link>{" "}
          ·{" "}
          <IncidentsLink
            summary={d.incidents}
            href={`/incidents${d.query}${sep}constituency=${d.constituency.id}&status=active`}
          />
        </p>
        <FormAnswer reply={reply} />
      </section>
      <section className="card" aria-labelledby="cb-units">
        <h2 id="cb-units">{t("assignment.units")}</h2>
        <p className="hint">{t("command.phoneLogged")}</p>
        <div className="table-scroll" tabIndex={0}>
          <table className="units" data-testid="constituency-units">
            <thead>
              <tr>
                <th scope="col">{t("command.unit")}</th>
                <th scope="col">{t("command.state")}</th>
                <th scope="col">{t("command.lastSnapshot")}</th>
                <th scope="col">{t("command.reportedAt")}</th>
                <th scope="col">{t("command.volunteer")}</th>
              </tr>
            </thead>
            <tbody>
              {d.units.map((u) => (
                <tr key={u.unitCode} data-unit={u.unitCode} data-state={u.state}>
                  <td>
                    <span className="mono">{u.unitCode}</span>
                    {u.inSample && <span className="badge"> {t("command.inSample")}</span>}
                    <div className="hint">{u.locationName}</div>
                  </td>
                  <td>
                    <span className={`swatch st-${u.state}`} aria-hidden="true" /> {t(`command.states.${u.state}`)}
                    {u.late && <span className="badge flagged"> {t("command.late")}</span>}
                  </td>
                  <td>
                    {u.lastSnapshotAt ? formatTime(u.lastSnapshotAt, locale) : "—"}
                    {u.liveBallots != null && <div className="hint">{formatNumber(u.liveBallots, locale)}</div>}
                  </td>
                  <td>{u.reportedAt ? formatTime(u.reportedAt, locale) : "—"}</td>
                  <td>
                    <SlotHolders unitCode={u.unitCode} reporter={u.reporter} backup={u.backup} shown={shown} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
