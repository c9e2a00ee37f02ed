// The result machine's transitions caused by people and by the platform (result-machine.ts):
// the review queue, a decision, an escalation, the silence of units after the close. Each
// is one SQL function (tally.sql.server.ts); here, who may and why.
import { db } from "../db/db.server.ts";
import { getConfig } from "../config/config.server.ts";
import { can, headedConstituencies } from "../accounts/permissions.ts";
import { UserError } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { currentElection, electionsCounting } from "../elections/elections.server.ts";
import type { Ballot } from "./tally-rules.ts";
import { decideResult, escalateToWarRoom, silenceUnreported } from "./tally.sql.server.ts";
import { fromStates, type Actor } from "./result-machine.ts";
import { constituencyOf, type User } from "./access.server.ts";

/** The results the user may decide (the table's fromStates), in one election (by default
 *  the current one): a head sees their constituency's disputes; the war room also what was
 *  sent up to it, everywhere. */
export async function reviewQueue(user: User, take = 50, electionSlug: string | null = null) {
  const election = await currentElection(electionSlug);
  const warRoom = can(user, "warroom:verify");
  const heads = headedConstituencies(user);
  if (!warRoom && !heads.length) throw new UserError(403, "tally.notYourUnit");
  // What this reviewer may decide, from the result machine's table.
  const decidable = fromStates("decide", warRoom ? "warRoom" : "head").filter((s) => s !== "none");
  const results = await db().unitResult.findMany({
    where: {
      electionId: election.id,
      status: { in: decidable },
      ...(warRoom ? {} : { OR: heads.map((c) => ({ unitCode: { startsWith: `${c}-` } })) }),
    },
    orderBy: [{ status: "desc" }, { updatedAt: "asc" }],
    take,
  });
  return Promise.all(results.map(async (r) => ({ ...r, ...(await resultDetail(election.id, r.unitCode, r.ballot)) })));
}

export async function resultDetail(electionId: string, unitCode: string, ballot: Ballot) {
  const [entries, photos, events] = await Promise.all([
    db().tallyEntry.findMany({ where: { electionId, unitCode, ballot }, orderBy: { createdAt: "asc" } }),
    // This election's photos only: two elections on one day share units and ballot keys.
    db().tallyPhoto.findMany({ where: { electionId, unitCode, ballot }, orderBy: { createdAt: "asc" } }),
    db().resultEvent.findMany({ where: { electionId, unitCode, ballot }, orderBy: { createdAt: "asc" } }),
  ]);
  return { entries, photos, events };
}

/** A reason worth keeping: a few letters or digits, not blanks or invisible characters. */
function reasonOf(reason: string) {
  const kept = reason.replace(/[\p{Cf}\p{Z}\s]+/gu, " ").trim();
  if ((kept.match(/[\p{L}\p{N}]/gu) ?? []).length < 3) throw new UserError(400, "tally.reasonRequired");
  return kept;
}

/** Who the user is for a unit ballot's transitions (result-machine.ts): the war room, the
 *  head of its constituency, or neither. */
function deciderOf(user: User, unitCode: string): Actor | null {
  if (can(user, "warroom:verify")) return "warRoom";
  if (can(user, "constituency:manage", { constituencyId: constituencyOf(unitCode) })) return "head";
  return null;
}

const DECIDE_REFUSALS = {
  reasonRequired: [400, "tally.reasonRequired"],
  noResult: [404, "tally.noUnit"],
  notAllowed: [409, "tally.notDecidable"],
  noEntry: [400, "tally.badSubmission"],
  noFormPhoto: [409, "tally.noFormPhoto"],
} as const;

/** The decide transition: a head (disputes in their constituency) or the war room (also
 *  what was sent up to it) picks the entry that is right, with a reason. Only a count with
 *  the signed form's photo can be decided, and a flagged entry only by naming each anomaly
 *  the decision accepts (result_decide.sql applies it under the unit's lock). */
export async function resolveResult(
  user: User,
  unitCode: string,
  ballot: Ballot,
  entryId: string,
  reason: string,
  accepts: string[] = [],
  electionSlug: string | null = null,
) {
  const actor = deciderOf(user, unitCode);
  if (!actor) throw new UserError(403, "tally.notYourUnit");
  const why = reasonOf(reason);
  if (!isUuid(entryId)) throw new UserError(400, "tally.badSubmission");
  const election = await currentElection(electionSlug);
  const outcome = await decideResult({
    electionId: election.id,
    unitCode,
    ballot,
    entryId,
    actorId: user.id,
    reason: why,
    accepts,
    from: fromStates("decide", actor),
  });
  if (outcome === "unaccepted") {
    const entry = await db().tallyEntry.findUnique({ where: { id: entryId }, select: { flags: true } });
    const count = (entry?.flags ?? []).filter((f) => !accepts.includes(f)).length;
    throw new UserError(400, "tally.acceptAnomalies", { count });
  }
  if (outcome !== "decided") {
    const [status, code] = DECIDE_REFUSALS[outcome];
    throw new UserError(status, code);
  }
}

/** The escalate transition: a head sends a dispute to the war room, with a reason. */
export async function escalateResult(
  user: User,
  unitCode: string,
  ballot: Ballot,
  reason: string,
  electionSlug: string | null = null,
) {
  const actor = deciderOf(user, unitCode);
  const from = actor ? fromStates("escalate", actor) : [];
  if (!from.length) throw new UserError(403, "tally.notYourUnit");
  const why = reasonOf(reason);
  const election = await currentElection(electionSlug);
  const outcome = await escalateToWarRoom({
    electionId: election.id,
    unitCode,
    ballot,
    actorId: user.id,
    reason: why,
    from,
  });
  if (outcome === "reasonRequired") throw new UserError(400, "tally.reasonRequired");
  if (outcome !== "escalated") throw new UserError(409, "tally.notDisputed");
}

/** The silence transition: units with no report for a ballot N minutes after their
 *  election's close become silent (the war room chases them), in every election whose
 *  counting is under way — each after its own close; only the units of its contests.
 *  Idempotent: run it every minute. */
export async function escalateMissingReports(now = new Date()) {
  let silenced = 0;
  for (const election of await electionsCounting(now)) {
    const after = new Date(election.closesAt.getTime() + getConfig().MISSING_REPORT_MINUTES * 60_000);
    if (now >= after) silenced += (await silenceUnreported(election.id)).length;
  }
  return silenced;
}
