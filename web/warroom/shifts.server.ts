// Tier 3: the election-night war room. Shifts have seats; approved war-room volunteers
// sign up (never beyond the seats), operators confirm them and check them in on the night.
import { z } from "zod";
import { db } from "../db/db.server.ts";
import { lockShiftSeats } from "./warroom.sql.server.ts";
import { UserError } from "../errors.ts";

export const shiftSchema = z
  .object({
    name: z.string().trim().min(2).max(120),
    startsAt: z.coerce.date(),
    endsAt: z.coerce.date(),
    seats: z.coerce.number().int().min(1).max(500),
  })
  .refine((s) => s.startsAt < s.endsAt);

export async function createShift(input: unknown) {
  const parsed = shiftSchema.safeParse(input);
  if (!parsed.success) throw new UserError(400, "warroom.badShift");
  return db().shift.create({ data: parsed.data });
}

export async function listShifts() {
  const shifts = await db().shift.findMany({
    orderBy: { startsAt: "asc" },
    include: { signups: { orderBy: { createdAt: "asc" } } },
  });
  const ids = [...new Set(shifts.flatMap((s) => s.signups.map((x) => x.volunteerId)))];
  const names = new Map<string, string>();
  for (const a of await db().affiliation.findMany({
    where: { volunteerId: { in: ids } },
    orderBy: { createdAt: "asc" },
    select: { volunteerId: true, fullName: true },
  })) {
    if (!names.has(a.volunteerId)) names.set(a.volunteerId, a.fullName);
  }
  return shifts.map((s) => ({
    id: s.id,
    name: s.name,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    seats: s.seats,
    taken: s.signups.length,
    signups: s.signups.map((x) => ({
      volunteerId: x.volunteerId,
      name: names.get(x.volunteerId) ?? "—",
      status: x.status,
    })),
  }));
}

/** Whether this volunteer may sign up for war-room shifts. */
export async function canServeWarRoom(volunteerId: string) {
  return !!(await db().affiliation.findFirst({
    where: { volunteerId, status: "approved", tiers: { has: "war_room" } },
  }));
}

export async function signUpForShift(volunteerId: string, shiftId: string) {
  if (!(await canServeWarRoom(volunteerId))) throw new UserError(403, "warroom.notEligible");
  return db().$transaction(async (tx) => {
    // The shift row is locked: two people taking the last seat at once, one gets it.
    const seats = await lockShiftSeats(tx, shiftId);
    if (seats === null) throw new UserError(404, "warroom.badShift");
    if (await tx.shiftSignup.findUnique({ where: { shiftId_volunteerId: { shiftId, volunteerId } } })) return;
    if ((await tx.shiftSignup.count({ where: { shiftId } })) >= seats) throw new UserError(409, "warroom.full");
    await tx.shiftSignup.create({ data: { shiftId, volunteerId } });
  });
}

export async function cancelShift(volunteerId: string, shiftId: string) {
  await db().shiftSignup.deleteMany({ where: { shiftId, volunteerId, status: { not: "checked_in" } } });
}

export async function setSignupStatus(shiftId: string, volunteerId: string, status: "confirmed" | "checked_in") {
  const result = await db().shiftSignup.updateMany({ where: { shiftId, volunteerId }, data: { status } });
  if (result.count === 0) throw new UserError(404, "warroom.badShift");
}

export async function myShifts(volunteerId: string) {
  return db().shiftSignup.findMany({
    where: { volunteerId },
    include: { shift: true },
    orderBy: { shift: { startsAt: "asc" } },
  });
}

/** Who is on a war-room shift at `now` (signed up, confirmed or checked in), by shift. */
export async function onShiftNow(now = new Date()) {
  return (await listShifts()).filter((s) => s.startsAt <= now && now < s.endsAt);
}
