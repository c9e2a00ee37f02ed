// The command centre (issue 37) on real PostgreSQL: the board's counts per state equal a
// recount of its units; late units, their call log and a reserve put in on the spot; the
// work queue's filters, paging, impact order and claims; the release log.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../web/db/db.server.ts";
import { currentElection } from "../../web/elections/elections.server.ts";
import { forget, forgetStartingWith } from "../../web/db/cache.server.ts";
import { submitEntry } from "../../web/tally/entries.server.ts";
import { escalateMissingReports } from "../../web/tally/review.server.ts";
import { submitSnapshot } from "../../web/live/snapshots.server.ts";
import { foldNow } from "../../web/live/fold.server.ts";
import {
  BOARD_STATES,
  constituencyUnits,
  electionBoard,
  forgetBoards,
  impactOf,
  lateAfter,
} from "../../web/command/board.server.ts";
import { callLog, lateByConstituency, logCall, replaceWithBackup } from "../../web/command/late.server.ts";
import {
  PAGE_SIZE,
  claimItem,
  claimsNow,
  handOver,
  releaseAllClaims,
  workQueue,
  type QueueFilter,
} from "../../web/command/queue.server.ts";
import { releaseLog, setRelease } from "../../web/results/feed.server.ts";
import { countFields, formPhoto } from "../support/tally.ts";
import { placeReporter, seedTestElection } from "../support/election.ts";
import { userError } from "../support/user-error.ts";

type Person = { id: string; roles: { role: string; organisationId: null; constituencyId: string | null }[] };
const make = async (phone: string, role: string, constituencyId: string | null = null): Promise<Person> => ({
  id: (await db().user.create({ data: { phone, displayName: `op ${phone.slice(-2)}` } })).id,
  roles: [{ role, organisationId: null, constituencyId }],
});
// The permission table reads grants from the session's user; the domain takes the same shape.
const grant = async (p: Person) =>
  db().roleGrant.create({
    data: { userId: p.id, role: p.roles[0]!.role as never, constituencyId: p.roles[0]!.constituencyId },
  });

let units: string[] = [];
let election: { id: string; closesAt: Date };
let head: Person, otherHead: Person, opA: Person, opB: Person, reporter: Person;

async function send(who: Person, unitCode: string, over: Record<string, string> = {}, photo = true) {
  return submitEntry(who as never, {
    submissionId: randomUUID(),
    unitCode,
    ballot: "constituency",
    source: "blind",
    fields: { correctionReason: "as posted", ...countFields(over) },
    photoIds: photo ? [await formPhoto(unitCode, who.id)] : [],
  });
}
const STUFFED = { ballotsUsed: "603", ballotsLeftOver: "217", invalid: "13" };
const filter = (over: Partial<QueueFilter> = {}): QueueFilter => ({
  ballot: null,
  province: null,
  constituency: null,
  kind: "all",
  olderThanMinutes: null,
  unit: null,
  page: 1,
  ...over,
});
const fresh = () => {
  forgetStartingWith("board");
  forgetBoards();
};

beforeAll(async () => {
  await seedTestElection("night");
  const e = await currentElection();
  election = { id: e.id, closesAt: e.closesAt };
  units = (await db().pollingUnit.findMany({ orderBy: { code: "asc" } })).map((u) => u.code);
  await db().pollingUnit.updateMany({ data: { eligibleVoters: 800 } });
  head = await make("+66894000001", "constituency_head", "10-01");
  otherHead = await make("+66894000002", "constituency_head", "11-01");
  opA = await make("+66894000003", "war_room_operator");
  opB = await make("+66894000004", "war_room_operator");
  reporter = await make("+66894000005", "constituency_head", "10-01");
  for (const p of [opA, opB]) await grant(p);
});

describe("the board", () => {
  it("counts every unit in one state, per area and nation, equal to a recount of its units", async () => {
    const [verified, reported, disputed, flagged, counting] = units as [string, string, string, string, string];
    await send(reporter, verified);
    expect((await send(head, verified)).status).toBe("verified");
    expect((await send(reporter, reported)).status).toBe("reported");
    await send(reporter, disputed);
    expect((await send(head, disputed, { vote_1: "199", vote_2: "151" })).status).toBe("disputed");
    expect((await send(reporter, flagged, STUFFED)).status).toBe("disputed");
    // A unit counting live: a placed volunteer's phone.
    const phone = await make("+66894000006", "volunteer");
    await placeReporter(phone.id, counting);
    const t0 = Date.parse("2027-03-14T10:30:00Z");
    await submitSnapshot({ ...phone, roles: [] } as never, {
      unitCode: counting,
      ballot: "constituency",
      deviceId: randomUUID(),
      seq: 1,
      votes: { "1": 3, "2": 1 },
      invalid: 0,
      voteNo: 0,
      undos: 0,
      finished: false,
      taps: 4,
      firstTapAt: new Date(t0).toISOString(),
      lastTapAt: new Date(t0 + 20_000).toISOString(),
    });
    await foldNow();
    fresh();

    const board = await electionBoard(election, "constituency", new Date("2027-03-14T09:00:00Z"));
    const area = board.areas.find((a) => a.areaCode === "10-01")!;
    expect(area.units).toBe(units.length);
    expect(area.counts).toMatchObject({ verified: 1, reported: 1, disputed: 1, flagged: 1, counting: 1 });
    expect(area.counts.notYet).toBe(units.length - 5);
    expect(BOARD_STATES.reduce((s, k) => s + area.counts[k], 0)).toBe(units.length);
    expect(board.nation.units).toBe(units.length);
    expect(board.provinces.map((p) => p.code)).toEqual(["10"]);
    // The kept counts equal a recount, unit by unit.
    const recount = await constituencyUnits(election, "constituency", "10-01", new Date("2027-03-14T09:00:00Z"));
    for (const s of BOARD_STATES) expect(recount.filter((u) => u.state === s).length, s).toBe(area.counts[s]);
    expect(recount.find((u) => u.unitCode === counting)).toMatchObject({ state: "counting", liveBallots: 4 });
    expect(recount.find((u) => u.unitCode === reported)!.reportedAt).toBeInstanceOf(Date);
    // Before the late line nothing is late.
    expect(area.late).toBe(0);
  });

  it("the flagged units could change the leader; the margin is between the last seat and the first out", () => {
    const ranked = [
      { number: 1, votes: 400, rank: 1 },
      { number: 2, votes: 300, rank: 2 },
    ];
    expect(impactOf(ranked, 1, { outstanding: 50, quarantined: 0 })).toMatchObject({
      leader: 1,
      margin: 100,
      couldChange: false,
      quarantineCouldChange: false,
    });
    expect(impactOf(ranked, 1, { outstanding: 900, quarantined: 100 })).toMatchObject({
      couldChange: true,
      quarantineCouldChange: true,
    });
    // Two seats: only the third is out, 300 − 0.
    expect(impactOf(ranked, 2, { outstanding: 299, quarantined: 0 }).margin).toBe(300);
    // Nothing verified yet: what is open decides who leads.
    expect(impactOf([], 1, { outstanding: 800, quarantined: 0 })).toMatchObject({
      leader: null,
      couldChange: true,
      quarantineCouldChange: false,
    });
    expect(impactOf([], 1, { outstanding: 0, quarantined: 0 })).toMatchObject({ couldChange: false });
  });

  it("measures what is open from the units not verified, the disputed ones quarantined", async () => {
    fresh();
    const board = await electionBoard(election, "constituency", new Date("2027-03-14T09:00:00Z"));
    const area = board.areas.find((a) => a.areaCode === "10-01")!;
    // One verified unit: 200 against 150. Every other unit may still bring its 800.
    expect(area.impact).toMatchObject({ leader: 1, margin: 50 });
    expect(area.impact.outstanding).toBe((units.length - 1) * 800);
    // Two in dispute (one of them flagged): 800 each.
    expect(area.impact.quarantined).toBe(1600);
    expect(area.impact.quarantineCouldChange).toBe(true);
  });
});

describe("late units", () => {
  it("appear after the close plus the delay, with their slots; a call is logged; the backup is put in", async () => {
    const before = await lateByConstituency(opA as never, election, "constituency", new Date("2027-03-14T09:00:00Z"));
    expect(before.constituencies).toEqual([]);
    const after = new Date(lateAfter(election).getTime() + 60_000);
    const lateUnit = units[10]!;
    const reporterP = await make("+66894000010", "volunteer");
    const backupP = await make("+66894000011", "volunteer");
    await placeReporter(reporterP.id, lateUnit, 0);
    await placeReporter(backupP.id, lateUnit, 1);
    const late = await lateByConstituency(opA as never, election, "constituency", after);
    const all = late.constituencies.flatMap((c) => c.units);
    // Every unit with no snapshot and no report: all but the five above.
    expect(all.length).toBe(units.length - 5);
    expect(all.map((u) => u.unitCode)).not.toContain(units[4]);
    const row = all.find((u) => u.unitCode === lateUnit)!;
    expect(row.reporter).not.toBeNull();
    expect(row.backup).not.toBeNull();
    fresh();
    const board = await electionBoard(election, "constituency", after);
    expect(board.nation.late).toBe(units.length - 5);

    await logCall(opA as never, election.id, { unitCode: lateUnit, slot: 0, outcome: "noAnswer", note: "twice" });
    // A head of another constituency may not.
    expect(
      (
        await userError(
          logCall(otherHead as never, election.id, { unitCode: lateUnit, slot: 0, outcome: "called", note: null }),
        )
      ).status,
    ).toBe(403);
    expect((await userError(replaceWithBackup(opA as never, election.id, lateUnit, " "))).status).toBe(400);
    await replaceWithBackup(opA as never, election.id, lateUnit, "reporter not answering");
    const slots = await db().unitAssignment.findMany({ where: { electionId: election.id, unitCode: lateUnit } });
    expect(slots.map((s) => [s.slot, s.volunteerId])).toEqual([[0, row.backup!.volunteerId]]);
    const log = await callLog(opA as never, election.id, lateUnit);
    expect(log.map((c) => c.outcome)).toEqual(["replaced", "noAnswer"]);
    // Nobody left in reserve: refused, nothing changed.
    expect((await userError(replaceWithBackup(opA as never, election.id, lateUnit, "again"))).code).toBe(
      "command.noBackup",
    );
    const again = await lateByConstituency(opA as never, election, "constituency", after);
    expect(again.constituencies.flatMap((c) => c.units).find((u) => u.unitCode === lateUnit)!.lastCall).toBe(
      "replaced",
    );
    // A head sees only their constituency.
    const mine = await lateByConstituency(head as never, election, "constituency", after);
    expect(mine.constituencies.every((c) => c.constituencyId === "10-01")).toBe(true);
    expect((await lateByConstituency(otherHead as never, election, "constituency", after)).constituencies).toEqual([]);
  });

  it("a silent unit is on the board as silent, not as a dispute", async () => {
    const after = new Date(election.closesAt.getTime() + 24 * 3600_000);
    await escalateMissingReports(after);
    fresh();
    const board = await electionBoard(election, "constituency", after);
    const area = board.areas.find((a) => a.areaCode === "10-01")!;
    // Every unit without an entry, the one counting live among them: it sent no form.
    expect(area.counts.silent).toBe(units.length - 4);
    expect(area.counts.counting).toBe(0);
    expect(area.counts.disputed).toBe(1);
    expect(BOARD_STATES.reduce((s, k) => s + area.counts[k], 0)).toBe(units.length);
  });
});

describe("the work queue", () => {
  it("totals, filters, search by unit code and paging; items that could change a leader first", async () => {
    fresh();
    const q = await workQueue(opA as never, election, filter());
    expect(q.byKind).toMatchObject({ disputed: 1, flagged: 1, noFormPhoto: 0 });
    expect(q.total).toBe(2);
    expect(q.items.every((i) => i.couldChangeLeader)).toBe(true);
    const decidable = await workQueue(opA as never, election, filter({ kind: "decidable" }));
    expect(decidable.items.map((i) => i.kind).sort()).toEqual(["disputed", "flagged"]);
    const one = await workQueue(opA as never, election, filter({ unit: units[2]! }));
    expect(one.items.map((i) => i.unitCode)).toEqual([units[2]]);
    expect((await workQueue(opA as never, election, filter({ kind: "flagged" }))).items.map((i) => i.unitCode)).toEqual(
      [units[3]],
    );
    expect((await workQueue(opA as never, election, filter({ province: "11" }))).total).toBe(0);
    expect((await workQueue(opA as never, election, filter({ olderThanMinutes: 600 }))).total).toBe(0);
    // Paging: a page past the end is empty and still says how many there are.
    const past = await workQueue(opA as never, election, filter({ page: 3 }));
    expect(past.items).toEqual([]);
    expect(past.total).toBe(2);
    expect(PAGE_SIZE).toBeGreaterThan(2);
    // Heads: their constituency only; someone else's, nothing.
    expect((await workQueue(head as never, election, filter())).total).toBe(2);
    expect((await workQueue(otherHead as never, election, filter())).total).toBe(0);
  });

  it("sorts what could change a leader before what is older", async () => {
    // A party-list report without the form's photo, an hour old: a party list has no
    // leader to lose, so it waits behind the constituency's disputes, which are newer.
    const unit = units[6]!;
    const parties = await db().party.count({ where: { electionId: election.id } });
    const votes = Object.fromEntries(Array.from({ length: parties }, (_, k) => [`vote_${k + 1}`, k ? "0" : "570"]));
    const entry = await submitEntry(reporter as never, {
      submissionId: randomUUID(),
      unitCode: unit,
      ballot: "party_list",
      source: "blind",
      fields: { ...countFields(), ...votes },
      photoIds: [],
    });
    expect(entry.status).toBe("reported");
    await db().unitResult.updateMany({
      where: { unitCode: unit, ballot: "party_list" },
      data: { updatedAt: new Date(Date.now() - 3600_000) },
    });
    fresh();
    const q = await workQueue(opA as never, election, filter());
    expect(q.items.map((i) => [i.ballot, i.kind, i.couldChangeLeader])).toEqual([
      ["constituency", "disputed", true],
      ["constituency", "flagged", true],
      ["party_list", "noFormPhoto", false],
    ]);
    expect(q.byKind.noFormPhoto).toBe(1);
  });

  it("a claim keeps a second operator out until it lapses, is let go, handed over or its holder signs out", async () => {
    const unit = units[2]!;
    await claimItem(opA as never, election.id, unit, "constituency");
    await claimItem(opA as never, election.id, unit, "constituency"); // again: still theirs
    const taken = await userError(claimItem(opB as never, election.id, unit, "constituency"));
    expect(taken).toMatchObject({ status: 409, code: "command.claimedByOther" });
    const q = await workQueue(opB as never, election, filter({ unit }));
    expect(q.items[0]!.claimedBy).toMatchObject({ id: opA.id, name: "op 03" });
    // Handover: opA's claims move to opB.
    expect(await handOver(opA as never, opB.id)).toBe(1);
    expect((await claimsNow(election.id)).map((c) => c.userId)).toEqual([opB.id]);
    expect((await userError(claimItem(opA as never, election.id, unit, "constituency"))).status).toBe(409);
    expect((await userError(handOver(opA as never, head.id))).code).toBe("command.handoverNotOperator");
    // Sign-out lets go of everything.
    await releaseAllClaims(opB.id);
    await claimItem(opA as never, election.id, unit, "constituency");
    // Idle for longer than CLAIM_IDLE_MINUTES: free for another.
    await db().reviewClaim.updateMany({ data: { touchedAt: new Date(Date.now() - 3600_000) } });
    await claimItem(opB as never, election.id, unit, "constituency");
    expect((await claimsNow(election.id)).map((c) => c.userId)).toEqual([opB.id]);
    // A head may not claim outside their constituency.
    expect((await userError(claimItem(otherHead as never, election.id, unit, "constituency"))).status).toBe(403);
  });
});

describe("release and embargo", () => {
  it("logs each release and hold with what was public then", async () => {
    forget(`contests:${election.id}`);
    await setRelease(true, opA.id);
    await setRelease(false, opB.id);
    const log = await releaseLog();
    expect(log.map((l) => [l.released, l.by])).toEqual([
      [false, "op 04"],
      [true, "op 03"],
    ]);
    const contest = log[1]!.elections.find((e) => e.slug === "night")!.contests.find((c) => c.key === "constituency")!;
    expect(contest).toMatchObject({ units: units.length, verified: 1 });
    expect(contest.reported).toBeGreaterThanOrEqual(4);
  });
});
