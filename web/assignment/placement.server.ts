// Single assignment changes: placing a newly approved volunteer at once, a head's
// manual assignment, a volunteer accepting or declining — each in one election (a
// volunteer has a place per election they serve, on that election's units). Each runs in one transaction
// holding the assignment lock in shared mode (a full run holds it exclusively), bumps
// the unit's version (so that of two concurrent edits of one unit exactly one wins) and
// leaves an AssignmentEvent.
import { db } from "../db/db.server.ts";
import { UserError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { availableInProvince, candidate, lockAssignmentsShared, nearestFreeUnit } from "./assignment.sql.server.ts";
import { requireNotFrozen } from "./freeze.server.ts";
import { BACKUP, REPORTER, type PlanCandidate } from "./planner.ts";
import type { HasRoles } from "../accounts/permissions.ts";
import { currentElectionOrNull } from "../elections/elections.server.ts";

type Tx = Prisma.TransactionClient;

type Candidate = PlanCandidate;

/** An organisation's quota is of units per election. */
async function quotaAllows(tx: Tx, electionId: string, organisationId: string | null): Promise<boolean> {
  if (!organisationId) return true;
  const org = await tx.organisation.findUnique({ where: { id: organisationId }, select: { unitQuota: true } });
  if (org?.unitQuota == null) return true;
  return (await tx.unitAssignment.count({ where: { electionId, organisationId } })) < org.unitQuota;
}

async function record(
  tx: Tx,
  a: { electionId: string; unitCode: string; slot: number; volunteerId: string },
  action: string,
  source: string,
  actorId: string | null,
  reason?: string,
) {
  await tx.assignmentEvent.create({
    data: {
      electionId: a.electionId,
      unitCode: a.unitCode,
      slot: a.slot,
      volunteerId: a.volunteerId,
      action,
      source,
      actorId,
      reason: reason ?? null,
    },
  });
  await tx.pollingUnit.update({ where: { code: a.unitCode }, data: { assignmentVersion: { increment: 1 } } });
}

/** Places a newly approved volunteer at once in the election: its nearest uncovered
 *  unit, else its nearest unit without a backup. Returns where, or null (not placeable,
 *  quota full, nothing free, or already placed). */
export async function placeVolunteer(electionId: string, volunteerId: string, actorId: string | null = null) {
  return db().$transaction(async (tx) => {
    await lockAssignmentsShared(tx);
    if (await tx.unitAssignment.findUnique({ where: { electionId_volunteerId: { electionId, volunteerId } } }))
      return null;
    const c = await candidate(tx, volunteerId);
    if (!c?.provinceCode || !(await quotaAllows(tx, electionId, c.organisationId))) return null;
    for (const slot of [REPORTER, BACKUP]) {
      const unitCode = await nearestFreeUnit(tx, electionId, c, slot);
      if (!unitCode) continue;
      await tx.unitAssignment.create({
        data: { electionId, unitCode, slot, volunteerId, organisationId: c.organisationId, source: "incremental" },
      });
      await record(tx, { electionId, unitCode, slot, volunteerId }, "assigned", "incremental", actorId);
      return { unitCode, slot };
    }
    return null;
  });
}

/** Fills a free slot of a unit with the closest available volunteer of its province. */
async function fillSlot(tx: Tx, electionId: string, unitCode: string, slot: number, exclude: string[]) {
  const unit = await tx.pollingUnit.findUniqueOrThrow({ where: { code: unitCode } });
  const province = unit.constituencyId.slice(0, 2);
  const rows = await availableInProvince(tx, electionId, province, exclude);
  const rank = (c: Candidate) =>
    c.subdistrictCode === unit.subdistrictCode
      ? 0
      : c.districtCode === unit.subdistrictCode.slice(0, 4)
        ? 1
        : c.constituencyId === unit.constituencyId
          ? 2
          : 3;
  rows.sort((a, b) => rank(a) - rank(b) || (a.volunteerId < b.volunteerId ? -1 : 1));
  for (const c of rows) {
    if (!(await quotaAllows(tx, electionId, c.organisationId))) continue;
    await tx.unitAssignment.create({
      data: {
        electionId,
        unitCode,
        slot,
        volunteerId: c.volunteerId,
        organisationId: c.organisationId,
        source: "incremental",
      },
    });
    await record(
      tx,
      { electionId, unitCode, slot, volunteerId: c.volunteerId },
      "assigned",
      "incremental",
      null,
      "replacement",
    );
    return c.volunteerId;
  }
  return null;
}

/** Frees a slot: the backup (if any) becomes the reporter, and the closest available
 *  volunteer of the province fills the gap. */
async function vacate(
  tx: Tx,
  a: { id: string; electionId: string; unitCode: string; slot: number; volunteerId: string },
  action: string,
  reason: string | null,
  actorId: string | null,
) {
  await tx.unitAssignment.delete({ where: { id: a.id } });
  await record(tx, a, action, action === "declined" ? "volunteer" : "incremental", actorId, reason ?? undefined);
  let vacant = a.slot;
  if (a.slot === REPORTER) {
    const backup = await tx.unitAssignment.findUnique({
      where: { electionId_unitCode_slot: { electionId: a.electionId, unitCode: a.unitCode, slot: BACKUP } },
    });
    if (backup) {
      await tx.unitAssignment.update({ where: { id: backup.id }, data: { slot: REPORTER } });
      await record(tx, { ...backup, slot: REPORTER }, "promoted", "incremental", null, "reporter left");
      vacant = BACKUP;
    }
  }
  await fillSlot(tx, a.electionId, a.unitCode, vacant, [a.volunteerId]);
}

/** A volunteer accepts or declines their unit in an election; a decline reassigns (see vacate). */
export async function respondToAssignment(electionId: string, volunteerId: string, accept: boolean) {
  return db().$transaction(async (tx) => {
    await lockAssignmentsShared(tx);
    const a = await tx.unitAssignment.findUnique({ where: { electionId_volunteerId: { electionId, volunteerId } } });
    if (!a) throw new UserError(404, "assignment.none");
    if (accept) {
      if (a.status === "accepted") return a;
      await tx.unitAssignment.update({ where: { id: a.id }, data: { status: "accepted" } });
      await record(tx, a, "accepted", "volunteer", null);
      return a;
    }
    await vacate(tx, a, "declined", null, null);
    return a;
  });
}

/** After a status change: someone no longer approved for polling units loses their
 *  units in every election (each refilled); someone newly approved is placed at once in
 *  the current election (none yet: nowhere). */
export async function syncAfterStatusChange(volunteerId: string, actorId: string | null) {
  const approved = await db().$transaction(async (tx) => {
    await lockAssignmentsShared(tx);
    const c = await candidate(tx, volunteerId);
    if (!c)
      for (const a of await tx.unitAssignment.findMany({ where: { volunteerId } }))
        await vacate(tx, a, "unassigned", "no longer approved", actorId);
    return !!c;
  });
  const election = approved ? await currentElectionOrNull() : null;
  return election ? placeVolunteer(election.id, volunteerId, actorId) : null;
}

export interface ManualChange {
  unitCode: string;
  slot: number;
  /** The volunteer to put there; null empties the slot. */
  volunteerId: string | null;
  reason: string;
  /** The unit's assignmentVersion the editor saw. */
  version: number;
}

/** A head's or admin's change to one slot of one unit in an election. The caller has
 *  checked that the actor may manage the unit's constituency. */
export async function changeSlot(actor: HasRoles & { id: string }, electionId: string, change: ManualChange) {
  await requireNotFrozen(actor);
  if (!change.reason.trim()) throw new UserError(400, "assignment.reasonRequired");
  return db().$transaction(async (tx) => {
    await lockAssignmentsShared(tx);
    // The version check and bump come first: of two edits made from the same page, the
    // second finds the version moved and changes nothing.
    const bumped = await tx.pollingUnit.updateMany({
      where: { code: change.unitCode, assignmentVersion: change.version },
      data: { assignmentVersion: { increment: 1 } },
    });
    if (bumped.count === 0) {
      const exists = await tx.pollingUnit.findUnique({ where: { code: change.unitCode } });
      throw exists ? new UserError(409, "assignment.stale") : new UserError(404, "assignment.noUnit");
    }
    const unit = await tx.pollingUnit.findUniqueOrThrow({ where: { code: change.unitCode } });
    // Only the election's own units take its volunteers (a by-election has a few).
    if (!(await tx.areaUnit.findFirst({ where: { electionId, unitCode: unit.code }, select: { unitCode: true } })))
      throw new UserError(409, "assignment.notInElection");
    let placing: Candidate | null = null;
    if (change.volunteerId) {
      placing = await candidate(tx, change.volunteerId);
      if (!placing) throw new UserError(409, "assignment.notApproved");
      if (placing.provinceCode !== unit.constituencyId.slice(0, 2)) throw new UserError(403, "assignment.outOfScope");
      const elsewhere = await tx.unitAssignment.findUnique({
        where: { electionId_volunteerId: { electionId, volunteerId: change.volunteerId } },
      });
      if (elsewhere) throw new UserError(409, "assignment.alreadyAssigned", { unit: elsewhere.unitCode });
      if (
        change.slot === BACKUP &&
        !(await tx.unitAssignment.findUnique({
          where: { electionId_unitCode_slot: { electionId, unitCode: unit.code, slot: REPORTER } },
        }))
      ) {
        throw new UserError(409, "assignment.backupNeedsReporter");
      }
    }
    const current = await tx.unitAssignment.findUnique({
      where: { electionId_unitCode_slot: { electionId, unitCode: unit.code, slot: change.slot } },
    });
    if (current) {
      await tx.unitAssignment.delete({ where: { id: current.id } });
      await tx.assignmentEvent.create({
        data: {
          electionId,
          unitCode: unit.code,
          slot: change.slot,
          volunteerId: current.volunteerId,
          action: "unassigned",
          source: "manual",
          actorId: actor.id,
          reason: change.reason,
        },
      });
    }
    if (placing) {
      await tx.unitAssignment.create({
        data: {
          electionId,
          unitCode: unit.code,
          slot: change.slot,
          volunteerId: placing.volunteerId,
          organisationId: placing.organisationId,
          source: "manual",
        },
      });
      await tx.assignmentEvent.create({
        data: {
          electionId,
          unitCode: unit.code,
          slot: change.slot,
          volunteerId: placing.volunteerId,
          action: "assigned",
          source: "manual",
          actorId: actor.id,
          reason: change.reason,
        },
      });
    }
    return { version: unit.assignmentVersion };
  });
}

/** On election night, the unit's backup takes the reporter's slot when the reporter does
 *  not come (the command centre's late units, issue 37): the reporter is unplaced and the
 *  backup becomes the reporter, with both events. Not held back by the assignment freeze:
 *  the freeze stops re-planning before the day, not the night's replacement of a no-show
 *  by the unit's own reserve. The caller has checked the actor's scope. */
export async function promoteBackup(electionId: string, unitCode: string, actorId: string, reason: string) {
  if (!reason.trim()) throw new UserError(400, "assignment.reasonRequired");
  return db().$transaction(async (tx) => {
    await lockAssignmentsShared(tx);
    const slots = await tx.unitAssignment.findMany({ where: { electionId, unitCode }, orderBy: { slot: "asc" } });
    const reporter = slots.find((a) => a.slot === REPORTER);
    const backup = slots.find((a) => a.slot === BACKUP);
    if (!backup) throw new UserError(409, "command.noBackup");
    if (reporter) {
      await tx.unitAssignment.delete({ where: { id: reporter.id } });
      await record(tx, reporter, "unassigned", "night", actorId, reason);
    }
    await tx.unitAssignment.update({ where: { id: backup.id }, data: { slot: REPORTER, source: "night" } });
    await record(tx, { ...backup, slot: BACKUP }, "unassigned", "night", actorId, reason);
    await record(tx, { ...backup, slot: REPORTER }, "assigned", "night", actorId, reason);
    return { reporterId: backup.volunteerId, replacedId: reporter?.volunteerId ?? null };
  });
}
