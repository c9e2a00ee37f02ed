// Tier 2: a constituency's team, and the head's view of assigned volunteers' numbers.
import { db } from "../db/db.server.ts";
import { UserError } from "../errors.ts";
import { sendSms } from "../messaging/sms.server.ts";
import { tFor } from "../i18n/i18n.ts";
import { baseUrl } from "../organisations/organisations.server.ts";

export async function addTeamMember(constituencyId: string, volunteerId: string, actorId: string) {
  const ok = await db().affiliation.findFirst({
    where: { volunteerId, constituencyId, status: "approved", tiers: { has: "constituency_team" } },
  });
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

/** The phone of whoever holds a slot of a unit in this constituency in the election;
 *  the read is recorded. */
export async function revealSlotPhone(
  electionId: string,
  constituencyId: string,
  unitCode: string,
  slot: number,
  staffUserId: string,
) {
  const a = await db().unitAssignment.findUnique({
    where: { electionId_unitCode_slot: { electionId, unitCode, slot } },
    include: { volunteer: { include: { user: true } } },
  });
  if (!a || !unitCode.startsWith(`${constituencyId}-`)) throw new UserError(404, "assignment.noUnit");
  const phone =
    a.volunteer.user?.phone ??
    (await db().affiliation.findFirst({ where: { volunteerId: a.volunteerId, phone: { not: null } } }))?.phone ??
    null;
  if (phone) await db().phoneRead.create({ data: { staffUserId, volunteerId: a.volunteerId, purpose: "assignment" } });
  return phone;
}

/** Makes the holder of `phone` the head of a constituency (one head each: a previous
 *  head's grant for it is removed), creating their account if needed, and tells them by SMS. */
export async function appointConstituencyHead(constituencyId: string, phone: string, grantedById: string) {
  const constituency = await db().constituency.findUnique({
    where: { id: constituencyId },
    include: { province: true },
  });
  if (!constituency) throw new UserError(404, "assignment.noUnit");
  const user = await db().$transaction(async (tx) => {
    const user = await tx.user.upsert({ where: { phone }, create: { phone }, update: {} });
    await tx.roleGrant.deleteMany({ where: { role: "constituency_head", constituencyId, NOT: { userId: user.id } } });
    const existing = await tx.roleGrant.findFirst({
      where: { role: "constituency_head", constituencyId, userId: user.id },
    });
    if (!existing)
      await tx.roleGrant.create({ data: { userId: user.id, role: "constituency_head", constituencyId, grantedById } });
    return user;
  });
  const th = tFor("th");
  await sendSms(
    phone,
    th("assignment.headSms", {
      province: constituency.province.nameTh,
      n: constituency.number,
      url: `${baseUrl()}/constituency/${constituencyId}`,
    }),
  );
  return user;
}

export async function constituencyHeads() {
  const grants = await db().roleGrant.findMany({
    where: { role: "constituency_head" },
    include: { user: { select: { phone: true, displayName: true } } },
    orderBy: { constituencyId: "asc" },
  });
  return grants.flatMap((g) =>
    g.constituencyId ? [{ constituencyId: g.constituencyId, phone: g.user.phone, name: g.user.displayName }] : [],
  );
}
