// Tier 2: a constituency's team, and the head's view of assigned volunteers' numbers.
import { db } from "../db/db.server.ts";
import { UserError } from "../errors.ts";

export async function addTeamMember(constituencyId: string, volunteerId: string, actorId: string) {
  const ok = await db().affiliation.findFirst({ where: { volunteerId, constituencyId, status: "approved", tiers: { has: "constituency_team" } } });
  if (!ok) throw new UserError(409, "assignment.notApproved");
  await db().constituencyTeamMember.upsert({
    where: { constituencyId_volunteerId: { constituencyId, volunteerId } },
    create: { constituencyId, volunteerId, addedById: actorId },
    update: {},
  });
}

export async function removeTeamMember(constituencyId: string, volunteerId: string) {
  await db().constituencyTeamMember.deleteMany({ where: { constituencyId, volunteerId } });
}

/** The phone of whoever holds a slot of a unit in this constituency; the read is recorded. */
export async function revealSlotPhone(constituencyId: string, unitCode: string, slot: number, staffUserId: string) {
  const a = await db().unitAssignment.findUnique({ where: { unitCode_slot: { unitCode, slot } }, include: { volunteer: { include: { user: true } } } });
  if (!a || !unitCode.startsWith(`${constituencyId}-`)) throw new UserError(404, "assignment.noUnit");
  const phone = a.volunteer.user?.phone ?? (await db().affiliation.findFirst({ where: { volunteerId: a.volunteerId, phone: { not: null } } }))?.phone ?? null;
  if (phone) await db().phoneRead.create({ data: { staffUserId, volunteerId: a.volunteerId, purpose: "assignment" } });
  return phone;
}
