// Late units (issue 37): no snapshot and no report LATE_UNIT_MINUTES after the close,
// grouped by constituency, with who holds each slot, the calls made about each unit
// (called / reached / no answer / replaced) and, on the spot, the unit's backup put in as
// its reporter. A head sees their constituencies; the war room everywhere.
import { db } from "../db/db.server.ts";
import { can } from "../accounts/permissions.ts";
import { UserError } from "../errors.ts";
import { promoteBackup } from "../assignment/placement.server.ts";
import { revealSlotPhone } from "../assignment/team.server.ts";
import { lateAfter } from "./board.server.ts";
import { commandScope, requireUnitInScope, type Operator } from "./scope.server.ts";
import { insertUnitCall, lateUnits, unitCalls } from "./command.sql.server.ts";

export const CALL_OUTCOMES = ["called", "reached", "noAnswer", "replaced"] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** The late units in the user's scope for a contest, by constituency (empty before the
 *  late line). At most `take` units. */
export async function lateByConstituency(
  user: Operator,
  election: { id: string; closesAt: Date },
  ballot: string,
  now = new Date(),
  take = 500,
) {
  const scope = commandScope(user);
  const since = lateAfter(election);
  if (now < since) return { since, constituencies: [], shown: 0 };
  const rows = await lateUnits(election.id, ballot, scope, take);
  const names = await volunteerNames(rows.flatMap((r) => [r.reporterId, r.backupId].filter((v): v is string => !!v)));
  const byConstituency = new Map<string, typeof units>();
  const units = rows.map((r) => ({
    unitCode: r.unitCode,
    areaCode: r.areaCode,
    locationName: r.locationName,
    eligibleVoters: r.eligibleVoters,
    reporter: r.reporterId ? { volunteerId: r.reporterId, name: names.get(r.reporterId) ?? "—" } : null,
    backup: r.backupId ? { volunteerId: r.backupId, name: names.get(r.backupId) ?? "—" } : null,
    lastCall: r.lastCall,
    lastCallAt: r.lastCallAt,
    inSample: r.inSample,
  }));
  for (const u of units) {
    const key = u.unitCode.slice(0, 5);
    byConstituency.set(key, [...(byConstituency.get(key) ?? []), u]);
  }
  return {
    since,
    shown: units.length,
    constituencies: [...byConstituency].map(([constituencyId, list]) => ({ constituencyId, units: list })),
  };
}

async function volunteerNames(ids: string[]) {
  if (!ids.length) return new Map<string, string>();
  const rows = await db().affiliation.findMany({
    where: { volunteerId: { in: [...new Set(ids)] } },
    orderBy: [{ status: "asc" }, { createdAt: "asc" }],
    select: { volunteerId: true, fullName: true },
  });
  const out = new Map<string, string>();
  for (const r of rows) if (!out.has(r.volunteerId)) out.set(r.volunteerId, r.fullName);
  return out;
}

/** One call about a unit, in the unit's call log. */
export async function logCall(
  user: Operator,
  electionId: string,
  call: { unitCode: string; slot: number | null; outcome: CallOutcome; note: string | null },
) {
  requireUnitInScope(user, call.unitCode);
  await insertUnitCall({ electionId, ...call, note: call.note?.trim().slice(0, 500) || null, byUserId: user.id });
}

/** The unit's call log, latest first. */
export async function callLog(user: Operator, electionId: string, unitCode: string) {
  requireUnitInScope(user, unitCode);
  return unitCalls(electionId, unitCode);
}

/** The backup becomes the unit's reporter; the call log says "replaced". */
export async function replaceWithBackup(user: Operator, electionId: string, unitCode: string, reason: string) {
  requireUnitInScope(user, unitCode);
  if (!can(user, "command:act", { constituencyId: unitCode.slice(0, 5) }))
    throw new UserError(403, "tally.notYourUnit");
  const placed = await promoteBackup(electionId, unitCode, user.id, reason);
  await insertUnitCall({
    electionId,
    unitCode,
    slot: 1,
    outcome: "replaced",
    note: reason.trim().slice(0, 500),
    byUserId: user.id,
  });
  return placed;
}

/** A slot holder's phone, shown on demand; the read is recorded (PDPA). */
export async function slotPhone(user: Operator, electionId: string, unitCode: string, slot: number) {
  requireUnitInScope(user, unitCode);
  return revealSlotPhone(electionId, unitCode.slice(0, 5), unitCode, slot, user.id);
}
