// An organisation's roster: its own affiliations only. Every function takes the
// organisation's id and puts it in the WHERE clause, so an id from another
// organisation finds nothing (404), whatever the caller's role.
import { db } from "../db/db.server.ts";
import { UserError } from "../errors.ts";
import { normaliseThaiMobile } from "../accounts/phone.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { AffiliationStatus } from "../generated/prisma/enums.ts";
import { birthDateRange, PAGE_SIZE, type RosterFilter } from "./roster-filters.ts";
import { syncAfterStatusChange } from "../assignment/placement.server.ts";
import { logger } from "../observability/logger.server.ts";
import { NEEDS_REASON, nextStatus, type PhonePurpose, type StatusAction } from "./status.ts";
import { lockAffiliations } from "./recruitment.sql.server.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---------- status changes (the state machine is in status.ts) ----------

/** Applies `action` to those of `ids` in this organisation for which it is allowed.
 *  Returns how many changed and how many were skipped (wrong state or not ours). */
export async function changeStatus(
  organisationId: string,
  ids: string[],
  action: StatusAction,
  reason: string | undefined,
  actorId: string,
) {
  if (NEEDS_REASON.includes(action) && !reason?.trim()) throw new UserError(400, "roster.reasonRequired");
  const unique = [...new Set(ids)].filter((id) => UUID.test(id)).slice(0, 1000);
  const result = await db().$transaction(async (tx) => {
    // Lock the rows: two staff acting at once apply one after the other, and the second
    // sees the first's result (a row no longer in a valid state is skipped).
    const rows = await lockAffiliations(tx, organisationId, unique);
    let changed = 0;
    const volunteers: string[] = [];
    for (const row of rows) {
      const to = nextStatus(row.status, action);
      if (!to) continue;
      const why = reason?.trim() || null;
      await tx.affiliation.update({
        where: { id: row.id },
        data: {
          status: to,
          statusReason: why,
          events: { create: { fromStatus: row.status, toStatus: to, reason: why ?? action, actorId } },
        },
      });
      changed++;
      volunteers.push(row.volunteerId);
    }
    return { changed, skipped: unique.length - changed, volunteers };
  });
  // Placement follows approval at once (and a suspension frees the unit); a failure
  // here never undoes the status change: the next assignment run catches up.
  for (const volunteerId of result.volunteers) {
    await syncAfterStatusChange(volunteerId, actorId).catch((error) =>
      logger.error({ err: error, volunteerId }, "placement after status change failed"),
    );
  }
  return { changed: result.changed, skipped: result.skipped };
}

export async function setNote(organisationId: string, id: string, note: string) {
  const result = await db().affiliation.updateMany({
    where: { id, organisationId },
    data: { note: note.trim().slice(0, 2000) || null },
  });
  if (result.count === 0) throw new UserError(404, "roster.notFound");
}

// ---------- reading ----------

function whereFor(organisationId: string, filter: RosterFilter, today = new Date()): Prisma.AffiliationWhereInput {
  const where: Prisma.AffiliationWhereInput = { organisationId };
  if (filter.status) where.status = filter.status;
  if (filter.tier) where.tiers = { has: filter.tier };
  if (filter.province) where.provinceCode = filter.province;
  if (filter.constituency) where.constituencyId = filter.constituency;
  if (filter.age) {
    const { from, to } = birthDateRange(filter.age, today);
    where.birthDate = { lte: to, ...(from ? { gte: from } : {}) };
  }
  if (filter.q) {
    const phone = normaliseThaiMobile(filter.q);
    if (/^\d{4}$/.test(filter.q)) where.volunteer = { nationalIdLast4: filter.q };
    else if (phone)
      where.phone = phone; // looking up a number the staff member already has
    else where.fullName = { contains: filter.q, mode: "insensitive" };
  }
  return where;
}

export async function rosterPage(organisationId: string, filter: RosterFilter) {
  const where = whereFor(organisationId, filter);
  const [total, rows] = await Promise.all([
    db().affiliation.count({ where }),
    db().affiliation.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }], // one backward scan of (organisationId, createdAt, id)
      skip: (filter.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        fullName: true,
        status: true,
        birthDate: true,
        isStudent: true,
        provinceCode: true,
        constituencyId: true,
        tiers: true,
        source: true,
        createdAt: true,
        volunteer: { select: { nationalIdLast4: true } },
      },
    }),
  ]);
  return { total, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), rows };
}

export async function statusCounts(organisationId: string) {
  const groups = await db().affiliation.groupBy({ by: ["status"], where: { organisationId }, _count: true });
  return Object.fromEntries(groups.map((g) => [g.status, g._count])) as Partial<Record<AffiliationStatus, number>>;
}

export async function affiliationDetail(organisationId: string, id: string) {
  const affiliation = await db().affiliation.findFirst({
    where: { id, organisationId },
    include: {
      volunteer: { select: { nationalIdLast4: true, erasedAt: true } },
      events: { orderBy: { createdAt: "asc" }, include: { actor: { select: { displayName: true, phone: true } } } },
    },
  });
  if (!affiliation) throw new UserError(404, "roster.notFound");
  return affiliation;
}

// ---------- phone numbers: every staff read is recorded ----------

/** Shows a volunteer's phone number to a staff member and records that they saw it. */
export async function revealPhone(organisationId: string, id: string, staffUserId: string, purpose: PhonePurpose) {
  return db().$transaction(async (tx) => {
    const a = await tx.affiliation.findFirst({
      where: { id, organisationId },
      select: { phone: true, volunteerId: true },
    });
    if (!a) throw new UserError(404, "roster.notFound");
    if (!a.phone) return null;
    await tx.phoneRead.create({ data: { staffUserId, volunteerId: a.volunteerId, organisationId, purpose } });
    return a.phone;
  });
}

/** Records one read per volunteer for a bulk read (the CSV export), in one statement. */
export async function recordBulkPhoneReads(
  organisationId: string,
  filter: RosterFilter,
  staffUserId: string,
  purpose: string,
) {
  const ids = await db().affiliation.findMany({
    where: { ...whereFor(organisationId, filter), phone: { not: null } },
    select: { volunteerId: true },
  });
  if (!ids.length) return 0;
  const result = await db().phoneRead.createMany({
    data: ids.map((r) => ({ staffUserId, volunteerId: r.volunteerId, organisationId, purpose })),
  });
  return result.count;
}

/** Single reads, newest first (exports are listed by exportsOfPhones). */
export { recentPhoneExports } from "./recruitment.sql.server.ts";

export async function recentPhoneReads(take = 200) {
  return db().phoneRead.findMany({
    where: { purpose: { not: "export" } },
    orderBy: { readAt: "desc" },
    take,
    include: {
      staff: { select: { phone: true, displayName: true } },
      organisation: { select: { slug: true, nameTh: true, nameEn: true } },
      volunteer: { select: { nationalIdLast4: true } },
    },
  });
}

/** The roster in keyset-ordered batches, for streaming the CSV export. */
export async function* rosterBatches(organisationId: string, filter: RosterFilter, batch = 2000) {
  const where = whereFor(organisationId, filter);
  let cursor: string | undefined;
  for (;;) {
    const rows = await db().affiliation.findMany({
      where: cursor ? { AND: [where, { id: { gt: cursor } }] } : where,
      orderBy: { id: "asc" },
      take: batch,
      include: { volunteer: { select: { nationalIdLast4: true } } },
    });
    if (!rows.length) return;
    yield rows;
    cursor = rows[rows.length - 1]!.id;
  }
}
