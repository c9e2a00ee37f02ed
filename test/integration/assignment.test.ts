import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "../../web/db/db.server.ts";
import { generateCountryCsv } from "../../web/geography/generator.ts";
import { importGeographyCsv } from "../../web/geography/import.server.ts";
import { importRosterCsv } from "../../web/recruitment/roster-import.server.ts";
import { generateRosterCsv, syntheticPhone } from "../../web/recruitment/roster-generator.ts";
import { rosterAreas } from "../../web/recruitment/recruitment.sql.server.ts";
import { runAutoAssignment } from "../../web/assignment/auto-assign.server.ts";
import { changeSlot, placeVolunteer, respondToAssignment } from "../../web/assignment/placement.server.ts";
import { setFreezeAt } from "../../web/assignment/freeze.server.ts";
import { coverageSummary, recruitmentTargetsCsv, uncoveredUnits } from "../../web/assignment/coverage.server.ts";
import { constituencyDashboard, myAssignments, unitDetail } from "../../web/assignment/views.server.ts";
import { changeStatus } from "../../web/recruitment/roster.server.ts";
import { userError } from "../support/user-error.ts";

let electionId: string;
let orgA: string,
  orgB: string,
  admin: { id: string; roles: { role: "platform_admin"; organisationId: null; constituencyId: null }[] };
const head = (constituencyId: string) => ({
  id: admin.id,
  roles: [{ role: "constituency_head" as const, organisationId: null, constituencyId }],
});

async function importPeople(
  organisationId: string,
  first: number,
  count: number,
  extra: (line: string) => string = (l) => l,
) {
  const client = await pool().connect();
  try {
    const areas = await rosterAreas(client);
    const csv = [...generateRosterCsv({ count, first, areas })]
      .join("")
      .split("\n")
      .map((l, i) => (i === 0 || !l ? l : extra(l)))
      .join("\n");
    return await importRosterCsv(client, Readable.from([csv]), { organisationId, actorId: null, minAge: 15 });
  } finally {
    client.release();
  }
}

async function autoAssign() {
  const client = await pool().connect();
  try {
    return await runAutoAssignment(client, electionId, admin.id);
  } finally {
    client.release();
  }
}

/** Independently of the planner: with province-wide eligibility and no quotas, the
 *  maximum is Σ over provinces of min(units, people who can serve there). */
async function boundWithoutQuotas() {
  const { rows } = await pool().query<{ n: number }>(`
    WITH u AS (SELECT left("constituencyId", 2) AS p, count(*) AS n FROM "PollingUnit" GROUP BY 1),
         v AS (SELECT "provinceCode" AS p, count(DISTINCT "volunteerId") AS n FROM "Affiliation"
                WHERE status = 'approved' AND 'polling_unit' = ANY(tiers) AND "provinceCode" IS NOT NULL GROUP BY 1)
    SELECT coalesce(sum(least(u.n, coalesce(v.n, 0))), 0)::int AS n FROM u LEFT JOIN v ON v.p = u.p`);
  return rows[0]!.n;
}

beforeAll(async () => {
  const client = await pool().connect();
  try {
    const geo = await importGeographyCsv(
      client,
      Readable.from(generateCountryCsv({ provinces: ["10", "40"], constituenciesPerProvince: 1 })),
    );
    expect(geo.ok).toBe(true);
  } finally {
    client.release();
  }
  // Placements are per election: a general election over the whole geography.
  const { createElection } = await import("../../web/elections/elections.server.ts");
  const day = { date: "2027-03-14", closesAt: "17:00" };
  await createElection({ slug: "ge-2027", nameTh: "เลือกตั้งทั่วไป", nameEn: "General election", ...day });
  electionId = (await db().election.findUniqueOrThrow({ where: { slug: "ge-2027" } })).id;
  orgA = (await db().organisation.create({ data: { slug: "a", nameTh: "เอ", nameEn: "A" } })).id;
  orgB = (await db().organisation.create({ data: { slug: "b", nameTh: "บี", nameEn: "B" } })).id;
  const user = await db().user.create({
    data: { phone: "+66800000111", displayName: "Admin", roles: { create: { role: "platform_admin" } } },
  });
  admin = { id: user.id, roles: [{ role: "platform_admin", organisationId: null, constituencyId: null }] };
});

describe("automatic assignment", () => {
  it("covers as many units as the maximum matching allows, with backups, never a person twice", async () => {
    const units = await db().pollingUnit.count();
    await importPeople(orgA, 0, Math.round(units * 2.4)); // about half approved: more people than units
    const result = await autoAssign();
    const approvedPollingUnit = await boundWithoutQuotas();
    expect(result.bound).toBe(approvedPollingUnit);
    expect(result.reporters).toBe(result.bound);
    const reporters = await db().unitAssignment.count({ where: { slot: 0 } });
    expect(reporters).toBe(result.reporters);
    expect(await db().unitAssignment.count({ where: { slot: 1 } })).toBe(result.backups);
    // One unit per person and one person per slot are constraints of the table itself.
    const { rows } = await pool().query(
      `SELECT count(*)::int AS n, count(DISTINCT "volunteerId")::int AS people FROM "UnitAssignment"`,
    );
    expect(rows[0].n).toBe(rows[0].people);
    expect(await db().assignmentEvent.count({ where: { action: "assigned", source: "auto" } })).toBe(result.added);

    // Every placed person is approved, offers polling-unit duty, and serves in their province.
    const { rows: wrong } = await pool().query(`
      SELECT count(*)::int AS n FROM "UnitAssignment" x
       WHERE NOT EXISTS (SELECT 1 FROM "Affiliation" a WHERE a."volunteerId" = x."volunteerId" AND a.status = 'approved'
                           AND 'polling_unit' = ANY(a.tiers) AND a."provinceCode" = left(x."unitCode", 2))`);
    expect(wrong[0].n).toBe(0);

    // Same input, same result: a second run adds nothing.
    const again = await autoAssign();
    expect(again.added).toBe(0);
    expect(again.reporters).toBe(result.reporters);
  });

  it("respects an organisation's quota", async () => {
    await db().organisation.update({ where: { id: orgB }, data: { unitQuota: 5 } });
    await importPeople(orgB, 50_000, 40);
    await autoAssign();
    expect(await db().unitAssignment.count({ where: { organisationId: orgB } })).toBe(5);
    await importPeople(orgA, 70_000, 40); // approved, not yet placed: available for single changes
  });

  it("refuses a second run while one is going", async () => {
    const holder = await pool().connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(7000001)`);
      const e = await userError(autoAssign());
      expect([e.status, e.code]).toEqual([409, "assignment.busy"]);
      await holder.query(`SELECT pg_advisory_unlock(7000001)`);
    } finally {
      holder.release();
    }
  });
});

describe("single changes", () => {
  it("places a newly approved volunteer at once, on the nearest uncovered unit when there is one", async () => {
    const summary = await importPeople(orgA, 60_000, 1, (l) => l.replace(/,approved$/, ",pending"));
    expect(summary.created).toBe(1);
    const affiliation = await db().affiliation.findFirstOrThrow({
      where: { phone: `+66${syntheticPhone(60_000).slice(1)}` },
    });
    expect(
      await db().unitAssignment.findUnique({
        where: { electionId_volunteerId: { electionId, volunteerId: affiliation.volunteerId } },
      }),
    ).toBeNull();
    await changeStatus(orgA, [affiliation.id], "approve", undefined, admin.id);
    const placed = await db().unitAssignment.findUniqueOrThrow({
      where: { electionId_volunteerId: { electionId, volunteerId: affiliation.volunteerId } },
    });
    expect(placed.source).toBe("incremental");
    expect(placed.unitCode.slice(0, 2)).toBe(affiliation.provinceCode);
    // Suspending frees the unit again.
    await changeStatus(orgA, [affiliation.id], "suspend", "test", admin.id);
    expect(
      await db().unitAssignment.findUnique({
        where: { electionId_volunteerId: { electionId, volunteerId: affiliation.volunteerId } },
      }),
    ).toBeNull();
    expect(await placeVolunteer(electionId, affiliation.volunteerId)).toBeNull(); // not approved any more
  });

  it("lets a volunteer accept, and on a decline promotes the backup and refills the slot", async () => {
    const reporter = await db().unitAssignment.findFirstOrThrow({
      where: {
        slot: 0,
        unitCode: {
          in: (await db().unitAssignment.findMany({ where: { slot: 1 }, select: { unitCode: true } })).map(
            (b) => b.unitCode,
          ),
        },
      },
    });
    const backup = await db().unitAssignment.findFirstOrThrow({ where: { unitCode: reporter.unitCode, slot: 1 } });
    const [mine] = await myAssignments(backup.volunteerId);
    expect(mine).toMatchObject({ code: reporter.unitCode, slot: 1, status: "offered" });
    // Bangkok writes แขวง and เขต; everywhere else ต., อ. and จ.
    expect(mine!.addressTh).toMatch(
      reporter.unitCode.startsWith("10-") ? /แขวง\S+ เขต\S+ กรุงเทพมหานคร$/ : /ต\.\S+ อ\.\S+ จ\.\S+$/,
    );
    await respondToAssignment(electionId, backup.volunteerId, true);
    expect((await db().unitAssignment.findUniqueOrThrow({ where: { id: backup.id } })).status).toBe("accepted");

    await respondToAssignment(electionId, reporter.volunteerId, false);
    expect(
      await db().unitAssignment.findUnique({
        where: { electionId_volunteerId: { electionId, volunteerId: reporter.volunteerId } },
      }),
    ).toBeNull();
    expect((await db().unitAssignment.findUniqueOrThrow({ where: { id: backup.id } })).slot).toBe(0);
    const refill = await db().unitAssignment.findUniqueOrThrow({
      where: { electionId_unitCode_slot: { electionId, unitCode: reporter.unitCode, slot: 1 } },
    });
    expect(refill.source).toBe("incremental"); // the closest available volunteer took the empty backup slot
    const history = await db().assignmentEvent.findMany({
      where: { unitCode: reporter.unitCode },
      orderBy: { createdAt: "asc" },
    });
    expect(history.map((e) => e.action)).toEqual(expect.arrayContaining(["declined", "promoted"]));
    const e = await userError(respondToAssignment(electionId, reporter.volunteerId, true));
    expect(e.status).toBe(404);
  });

  it("refuses a manual change for someone not approved, out of scope or already placed, or made on a stale page, writing nothing", async () => {
    const unit = await db().pollingUnit.findFirstOrThrow({
      where: { constituencyId: "10-01" },
      orderBy: { code: "asc" },
    });
    const events = await db().assignmentEvent.count();
    const pending = await db().affiliation.findFirstOrThrow({ where: { status: "suspended" } });
    const other = await db().affiliation.findFirstOrThrow({
      where: { status: "approved", provinceCode: "40", tiers: { has: "polling_unit" } },
    });
    const placed = await db().unitAssignment.findFirstOrThrow({
      where: { unitCode: { not: unit.code }, volunteer: { affiliations: { some: { provinceCode: "10" } } } },
    });
    const base = { unitCode: unit.code, slot: 0, reason: "test", version: unit.assignmentVersion };
    const cases: [string | null, number, string][] = [
      [pending.volunteerId, 409, "assignment.notApproved"],
      [other.volunteerId, 403, "assignment.outOfScope"],
      [placed.volunteerId, 409, "assignment.alreadyAssigned"],
    ];
    for (const [volunteerId, status, code] of cases) {
      const e = await userError(changeSlot(head("10-01"), electionId, { ...base, volunteerId }));
      expect([e.status, e.code]).toEqual([status, code]);
    }
    const stale = await userError(
      changeSlot(head("10-01"), electionId, { ...base, volunteerId: null, version: unit.assignmentVersion - 1 }),
    );
    expect([stale.status, stale.code]).toEqual([409, "assignment.stale"]);
    const noReason = await userError(
      changeSlot(head("10-01"), electionId, { ...base, volunteerId: null, reason: " " }),
    );
    expect(noReason.status).toBe(400);
    expect(await db().assignmentEvent.count()).toBe(events);
    expect((await db().pollingUnit.findUniqueOrThrow({ where: { code: unit.code } })).assignmentVersion).toBe(
      unit.assignmentVersion,
    );
  });

  it("of two concurrent edits of one unit, exactly one wins", async () => {
    const unit = await db().pollingUnit.findFirstOrThrow({
      where: { constituencyId: "10-01" },
      orderBy: { code: "desc" },
    });
    const detail = await unitDetail(electionId, unit.code);
    const [x, y] = detail.available;
    expect(x && y).toBeTruthy();
    const edits = await Promise.allSettled([
      changeSlot(head("10-01"), electionId, {
        unitCode: unit.code,
        slot: 0,
        volunteerId: x!.volunteerId,
        reason: "first",
        version: unit.assignmentVersion,
      }),
      changeSlot(head("10-01"), electionId, {
        unitCode: unit.code,
        slot: 0,
        volunteerId: y!.volunteerId,
        reason: "second",
        version: unit.assignmentVersion,
      }),
    ]);
    expect(edits.filter((e) => e.status === "fulfilled")).toHaveLength(1);
    const lost = edits.find((e) => e.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason.code).toBe("assignment.stale");
    const now = await db().unitAssignment.findUniqueOrThrow({
      where: { electionId_unitCode_slot: { electionId, unitCode: unit.code, slot: 0 } },
    });
    expect([x!.volunteerId, y!.volunteerId]).toContain(now.volunteerId);
    const history = await db().assignmentEvent.findMany({ where: { unitCode: unit.code, source: "manual" } });
    expect(history.every((e) => e.actorId === admin.id && e.reason)).toBe(true);
  });

  it("freezes changes before election day, except for those allowed to override", async () => {
    const unit = await db().pollingUnit.findFirstOrThrow({
      where: { constituencyId: "10-01" },
      orderBy: { code: "desc" },
    });
    await setFreezeAt(new Date(Date.now() - 1000), admin.id);
    try {
      const e = await userError(
        changeSlot(head("10-01"), electionId, {
          unitCode: unit.code,
          slot: 0,
          volunteerId: null,
          reason: "late",
          version: unit.assignmentVersion,
        }),
      );
      expect([e.status, e.code]).toEqual([409, "assignment.frozen"]);
      await changeSlot(admin, electionId, {
        unitCode: unit.code,
        slot: 0,
        volunteerId: null,
        reason: "override",
        version: unit.assignmentVersion,
      });
      expect(
        await db().unitAssignment.findUnique({
          where: { electionId_unitCode_slot: { electionId, unitCode: unit.code, slot: 0 } },
        }),
      ).toBeNull();
    } finally {
      await setFreezeAt(null, admin.id);
    }
  });
});

describe("coverage", () => {
  it("adds up by constituency, province and nation, lists uncovered units and exports targets", async () => {
    const { nation, provinces, constituencies } = await coverageSummary(electionId);
    expect(nation.units).toBe(await db().pollingUnit.count());
    expect(nation.reporters).toBe(await db().unitAssignment.count({ where: { slot: 0 } }));
    expect(provinces.map((p) => p.id)).toEqual(["10", "40"]);
    expect(provinces.reduce((s, p) => s + p.units, 0)).toBe(nation.units);
    expect(constituencies).toHaveLength(2);
    const uncovered = await uncoveredUnits(electionId, { page: 1 });
    expect(uncovered.total).toBe(nation.units - nation.reporters);
    const csv = await recruitmentTargetsCsv(electionId);
    const lines = csv.trim().split("\n");
    expect(lines[0]).toContain("constituency,units,with_reporter");
    expect(lines).toHaveLength(3);
    const dashboard = await constituencyDashboard(electionId, "10-01");
    expect(dashboard.counts.units).toBe(constituencies.find((c) => c.id === "10-01")!.units);
  });
});

describe("war-room shifts", () => {
  it("takes approved war-room volunteers up to the seats, even when they ask at once", async () => {
    const { createShift, signUpForShift, setSignupStatus, listShifts, cancelShift } =
      await import("../../web/warroom/shifts.server.ts");
    const bad = await userError(
      createShift({ name: "x", startsAt: "2027-03-14T21:00:00+07:00", endsAt: "2027-03-14T17:00:00+07:00", seats: 3 }),
    );
    expect(bad.status).toBe(400);
    const shift = await createShift({
      name: "night",
      startsAt: "2027-03-14T17:00:00+07:00",
      endsAt: "2027-03-14T21:00:00+07:00",
      seats: 3,
    });
    const warRoom = await db().affiliation.findMany({
      where: { status: "approved", tiers: { has: "war_room" } },
      distinct: ["volunteerId"],
      take: 6,
    });
    expect(warRoom.length).toBe(6);
    const results = await Promise.allSettled(warRoom.map((a) => signUpForShift(a.volunteerId, shift.id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(
      ["warroom.full", "warroom.full", "warroom.full"],
    );
    const notWarRoom = await db().affiliation.findFirstOrThrow({
      where: {
        status: "approved",
        NOT: { tiers: { has: "war_room" } },
        volunteer: { affiliations: { none: { tiers: { has: "war_room" } } } },
      },
    });
    expect((await userError(signUpForShift(notWarRoom.volunteerId, shift.id))).code).toBe("warroom.notEligible");
    const [first] = (await listShifts()).find((s) => s.id === shift.id)!.signups;
    await setSignupStatus(shift.id, first!.volunteerId, "confirmed");
    await setSignupStatus(shift.id, first!.volunteerId, "checked_in");
    await cancelShift(first!.volunteerId, shift.id); // a checked-in person stays on the shift
    expect(
      (await listShifts()).find((s) => s.id === shift.id)!.signups.find((s) => s.volunteerId === first!.volunteerId)!
        .status,
    ).toBe("checked_in");
  });
});

describe("constituency heads", () => {
  it("keeps one head per constituency and tells the new head by SMS", async () => {
    const { appointConstituencyHead, constituencyHeads } = await import("../../web/assignment/team.server.ts");
    await appointConstituencyHead("40-01", "+66870000041", admin.id);
    await appointConstituencyHead("40-01", "+66870000042", admin.id);
    await appointConstituencyHead("40-01", "+66870000042", admin.id); // again: no change
    const heads = (await constituencyHeads()).filter((h) => h.constituencyId === "40-01");
    expect(heads.map((h) => h.phone)).toEqual(["+66870000042"]);
    const sms = await db().outboxMessage.findFirstOrThrow({
      where: { recipient: "+66870000042" },
      orderBy: { createdAt: "desc" },
    });
    expect(sms.body).toContain("/constituency/40-01");
    expect((await userError(appointConstituencyHead("99-09", "+66870000043", admin.id))).status).toBe(404);
    expect(await db().user.count({ where: { phone: "+66870000043" } })).toBe(0);
  });
});

describe("placements per election", () => {
  it("places a by-election's volunteers on its own units only, apart from the general election's, and lets each report only where placed", async () => {
    const { createByElection } = await import("../../web/elections/election-generator.sql.server.ts");
    const { carryOverPlacements } = await import("../../web/assignment/auto-assign.server.ts");
    const { mayReport } = await import("../../web/tally/access.server.ts");
    const client = await pool().connect();
    let byElection: string;
    try {
      byElection = await createByElection(client, {
        slug: "by-40-01",
        nameTh: "เลือกตั้งซ่อม ขอนแก่น เขต 1",
        nameEn: "By-election Khon Kaen 1",
        date: "2027-06-20",
        closesAt: "2027-06-20T17:00:00+07:00",
        constituencies: ["40-01"],
      });
      const general = await db().unitAssignment.count({ where: { electionId } });
      const run = await runAutoAssignment(client, byElection, admin.id);
      const byUnits = await db().pollingUnit.count({ where: { constituencyId: "40-01" } });
      expect(run.units).toBe(byUnits);
      expect(run.reporters).toBeGreaterThan(0);
      const placements = await db().unitAssignment.findMany({ where: { electionId: byElection } });
      expect(placements.length).toBe(run.reporters + run.backups);
      expect(placements.every((p) => p.unitCode.startsWith("40-01-"))).toBe(true);
      // The general election's placements are untouched, and people serve in both.
      expect(await db().unitAssignment.count({ where: { electionId } })).toBe(general);
      const inBoth = await db().unitAssignment.count({
        where: {
          electionId,
          volunteerId: { in: placements.map((p) => p.volunteerId) },
        },
      });
      expect(inBoth).toBeGreaterThan(0);
      // The by-election's coverage is of its units; the run is listed under it.
      expect((await coverageSummary(byElection)).nation).toMatchObject({ units: byUnits, reporters: run.reporters });
      expect(await db().assignmentRun.count({ where: { electionId: byElection } })).toBe(1);
    } finally {
      client.release();
    }
    // Bangkok's units are not in the by-election: no one can be placed there for it.
    const bangkok = await db().pollingUnit.findFirstOrThrow({ where: { constituencyId: "10-01" } });
    const refused = await userError(
      changeSlot(admin, byElection, {
        unitCode: bangkok.code,
        slot: 0,
        volunteerId: null,
        reason: "test",
        version: bangkok.assignmentVersion,
      }),
    );
    expect([refused.status, refused.code]).toEqual([409, "assignment.notInElection"]);
    // A reporter placed at a unit for one election may not report there for another.
    const generalOnly = await db().unitAssignment.findFirstOrThrow({
      where: { electionId, unitCode: { startsWith: "40-01-" } },
      include: { volunteer: true },
    });
    await db().unitAssignment.deleteMany({ where: { electionId: byElection, volunteerId: generalOnly.volunteerId } });
    const userId =
      generalOnly.volunteer.userId ??
      (await db()
        .user.create({ data: { phone: "+66870000099" } })
        .then(async (u) => {
          await db().volunteer.update({ where: { id: generalOnly.volunteerId }, data: { userId: u.id } });
          return u.id;
        }));
    const user = { id: userId!, roles: [] };
    expect(await mayReport(user, electionId, generalOnly.unitCode)).toBe(true);
    expect(await mayReport(user, byElection, generalOnly.unitCode)).toBe(false);
    // The by-election months later does not take the general election's place (issue 36):
    // /report offers the general election, where they are placed.
    const { myReportUnits } = await import("../../web/tally/report-units.server.ts");
    const offered = await myReportUnits(user.id);
    expect(offered.map((u) => u.code)).toEqual([generalOnly.unitCode]);
    const generalSlug = (await db().election.findUniqueOrThrow({ where: { id: electionId } })).slug;
    expect(offered[0]!.elections.map((e) => e.slug)).toEqual([generalSlug]);
    expect(await mayReport(user, electionId, bangkok.code)).toBe(false);
    // Carrying the general election's people over fills only free slots of the by-election's
    // units, each with the same unit and slot.
    await db().unitAssignment.deleteMany({ where: { electionId: byElection } });
    const carried = await carryOverPlacements(electionId, byElection, admin.id);
    const theirs = await db().unitAssignment.findMany({ where: { electionId: byElection } });
    expect(theirs).toHaveLength(carried);
    const origin = await db().unitAssignment.findMany({ where: { electionId, unitCode: { startsWith: "40-01-" } } });
    expect(theirs.map((a) => [a.unitCode, a.slot, a.volunteerId, a.source]).sort()).toEqual(
      origin.map((a) => [a.unitCode, a.slot, a.volunteerId, "carried"]).sort(),
    );
    expect(await db().assignmentEvent.count({ where: { electionId: byElection, source: "carried" } })).toBe(carried);
    expect(await carryOverPlacements(electionId, byElection, admin.id)).toBe(0); // nothing left to carry
    expect(await mayReport(user, byElection, generalOnly.unitCode)).toBe(true);
    // Until the by-election's day comes, /report offers the general election's ballots.
    const reports = await myReportUnits(user.id);
    expect(reports.map((u) => [u.code, u.elections.map((e) => [e.slug, e.ballots.map((b) => b.key)])])).toEqual([
      [generalOnly.unitCode, [[generalSlug, ["constituency", "party_list"]]]],
    ]);
  });
});
