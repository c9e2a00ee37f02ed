// The realtime count (ADR 0027): snapshots from the unit's placed volunteers, repeats and
// reordering harmless, forgeries refused, implausible counts flagged, and provisional
// totals that equal a recomputation from the last snapshots — until the Final Score.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../web/db/db.server.ts";
import { createSession } from "../../web/accounts/session.server.ts";
import { getSessionUser } from "../../web/http/guards.server.ts";
import { currentElection } from "../../web/elections/elections.server.ts";
import { submitSnapshot } from "../../web/live/snapshots.server.ts";
import { foldNow } from "../../web/live/fold.server.ts";
import { liveDrift } from "../../web/live/live.sql.server.ts";
import { provisionalArea, provisionalContest } from "../../web/live/provisional.server.ts";
import type { Snapshot } from "../../web/live/live-rules.ts";
import { provisionalAreaSchema, provisionalContestSchema } from "../../web/live/provisional-schema.ts";
import { userError } from "../support/user-error.ts";
import { placeReporter, seedTestElection } from "../support/election.ts";
import { sendCount, countFields } from "../support/tally.ts";

type Roles = { role: "volunteer" | "constituency_head"; organisationId: null; constituencyId: string | null }[];
type User = { id: string; roles: Roles };
let units: string[];
let rep: User[], second: User, stranger: User, head: User;
let electionId: string;

const T0 = Date.parse("2027-03-14T10:20:00Z");
/** A snapshot of `votes` (number → count) after `undos` undos, its taps five seconds apart. */
function snap(
  unitCode: string,
  device: string,
  seq: number,
  votes: Record<string, number>,
  over: Partial<Snapshot> = {},
) {
  const s = { invalid: 0, voteNo: 0, undos: 0, finished: false, ...over };
  const ballots = Object.values(votes).reduce((a, b) => a + b, 0) + s.invalid + s.voteNo;
  return {
    unitCode,
    ballot: "constituency",
    deviceId: device,
    seq,
    votes,
    taps: ballots + 2 * s.undos,
    firstTapAt: new Date(T0).toISOString(),
    lastTapAt: new Date(T0 + 5_000 * Math.max(0, ballots - 1)).toISOString(),
    ...s,
  } satisfies Snapshot;
}

beforeAll(async () => {
  await seedTestElection("test");
  units = (await db().pollingUnit.findMany({ orderBy: { code: "asc" }, take: 4 })).map((u) => u.code);
  await db().pollingUnit.updateMany({ data: { eligibleVoters: 800 } });
  const make = async (phone: string, roles: Roles) => ({
    id: (await db().user.create({ data: { phone, displayName: phone } })).id,
    roles,
  });
  const volunteer: Roles = [{ role: "volunteer", organisationId: null, constituencyId: null }];
  rep = [];
  for (const [i, u] of units.entries()) {
    rep.push(await make(`+6689200010${i}`, volunteer));
    await placeReporter(rep[i]!.id, u);
  }
  second = await make("+66892000002", volunteer);
  stranger = await make("+66892000003", volunteer);
  head = await make("+66892000004", [{ role: "constituency_head", organisationId: null, constituencyId: "10-01" }]);
  await placeReporter(second.id, units[0]!, 1);
  electionId = (await currentElection()).id;
});

describe("snapshots", () => {
  it("keeps each device's highest sequence number: repeats and reordering change nothing", async () => {
    const device = randomUUID();
    const first = await submitSnapshot(rep[1]!, snap(units[1]!, device, 1, { "1": 3, "2": 1 }));
    expect(first).toMatchObject({ outcome: "stored", seq: 1, flags: [] });
    expect(first.next).toBeGreaterThanOrEqual(8_000);
    expect((await submitSnapshot(rep[1]!, snap(units[1]!, device, 3, { "1": 5, "2": 2 }))).outcome).toBe("stored");
    // Seq 2 arrives late, and seq 3 again.
    expect(await submitSnapshot(rep[1]!, snap(units[1]!, device, 2, { "1": 4, "2": 1 }))).toMatchObject({
      outcome: "stale",
      seq: 3,
    });
    expect((await submitSnapshot(rep[1]!, snap(units[1]!, device, 3, { "1": 5, "2": 2 }))).outcome).toBe("replay");
    const stored = await db().liveSnapshot.findMany({ where: { unitCode: units[1]! } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ seq: 3, ballots: 7, votes: { "1": 5, "2": 2 } });
  });

  it("refuses forgeries with a 4xx and writes nothing", async () => {
    const device = randomUUID();
    await submitSnapshot(rep[2]!, snap(units[2]!, device, 5, { "1": 10, "2": 4 }));
    const before = await db().liveSnapshot.findMany({ where: { unitCode: units[2]! } });
    const cases: [() => Promise<unknown>, number, string][] = [
      // Someone not placed on the unit; a unit the reporter is not on.
      [() => submitSnapshot(stranger, snap(units[2]!, randomUUID(), 1, { "1": 1 })), 403, "tally.notYourUnit"],
      [() => submitSnapshot(second, snap(units[2]!, randomUUID(), 1, { "1": 1 })), 403, "tally.notYourUnit"],
      // Counts going down without an undo; taps that do not account for the counts.
      [() => submitSnapshot(rep[2]!, snap(units[2]!, device, 6, { "1": 9, "2": 4 })), 422, "live.countsDown"],
      [
        () => submitSnapshot(rep[2]!, { ...snap(units[2]!, device, 6, { "1": 11, "2": 4 }), taps: 40 }),
        422,
        "live.tapsDisagree",
      ],
      // A number not on the ballot; a ballot the unit does not have.
      [() => submitSnapshot(rep[2]!, snap(units[2]!, device, 6, { "1": 11, "99": 4 })), 400, "tally.unknownNumber"],
      [
        () => submitSnapshot(rep[2]!, { ...snap(units[2]!, device, 6, { "1": 11 }), ballot: "governor" }),
        404,
        "tally.noBallot",
      ],
    ];
    for (const [call, status, code] of cases) {
      const e = await userError(call());
      expect([e.status, e.code]).toEqual([status, code]);
    }
    expect(await db().liveSnapshot.findMany({ where: { unitCode: units[2]! } })).toEqual(before);
    // An undo may lower a count: one ballot moved from 1 to 2 (a tap, an undo, a tap).
    expect((await submitSnapshot(rep[2]!, snap(units[2]!, device, 7, { "1": 9, "2": 5 }, { undos: 1 }))).outcome).toBe(
      "stored",
    );
  });

  it("takes a placed volunteer's permission from their session, and asks the database for a placement made since", async () => {
    const user = await db().user.create({ data: { phone: "+66892000199" } });
    await db().roleGrant.create({ data: { userId: user.id, role: "volunteer" } });
    const cookie = (await createSession(user.id, null)).split(";")[0]!;
    const signedIn = () => getSessionUser(new Request("http://localhost/", { headers: { cookie } }));
    const before = (await signedIn())!;
    expect(before.placements).toEqual([]);
    await placeReporter(user.id, units[1]!, 1);
    // The session read a moment ago does not know the placement: the database is asked.
    expect((await signedIn())!.placements).toEqual([]);
    const first = await submitSnapshot(before, snap(units[1]!, randomUUID(), 1, { "1": 1 }));
    expect(first.outcome).toBe("stored");
    await new Promise((r) => setTimeout(r, 2_100)); // the session cache's lifetime
    expect((await signedIn())!.placements).toEqual([{ electionId, unitCode: units[1] }]);
    // Somebody else's unit is still refused, whatever the session holds.
    expect(
      (await userError(submitSnapshot((await signedIn())!, snap(units[2]!, randomUUID(), 1, { "1": 1 })))).status,
    ).toBe(403);
  });

  it("refuses a device that another person's snapshots came from", async () => {
    const device = randomUUID();
    await submitSnapshot(rep[0]!, snap(units[0]!, device, 1, { "1": 1 }));
    const e = await userError(submitSnapshot(second, snap(units[0]!, device, 2, { "1": 2 })));
    expect([e.status, e.code]).toEqual([409, "live.foreignDevice"]);
  });

  it("answers the same sequence number with other counts with 409 and the stored counts, and bounds a jump", async () => {
    const device = randomUUID();
    await submitSnapshot(rep[1]!, snap(units[1]!, device, 4, { "1": 2 }));
    const conflict = await userError(submitSnapshot(rep[1]!, snap(units[1]!, device, 4, { "1": 3 })));
    expect([conflict.status, conflict.code]).toEqual([409, "live.seqConflict"]);
    expect(conflict.extra.stored).toMatchObject({ seq: 4, votes: { "1": 2 }, taps: 2 });
    // The same counts again are a harmless replay.
    expect((await submitSnapshot(rep[1]!, snap(units[1]!, device, 4, { "1": 2 }))).outcome).toBe("replay");
    // A leap to the largest number would lock the device out: refused, for a new device too.
    for (const [dev, seq] of [
      [device, 2_000_000_000],
      [randomUUID(), 2_000_000_000],
    ] as const) {
      const jump = await userError(submitSnapshot(rep[1]!, snap(units[1]!, dev, seq, { "1": 3 })));
      expect([jump.status, jump.code]).toEqual([422, "live.seqJump"]);
    }
    expect((await db().liveSnapshot.findFirstOrThrow({ where: { deviceId: device } })).seq).toBe(4);
    expect((await submitSnapshot(rep[1]!, snap(units[1]!, device, 5, { "1": 3 }))).outcome).toBe("stored");
  });

  it("flags more ballots than eligible voters and taps faster than ballots can be read out", async () => {
    const device = randomUUID();
    const fast = { ...snap(units[3]!, device, 1, { "1": 30 }), lastTapAt: new Date(T0 + 10_000).toISOString() };
    expect((await submitSnapshot(rep[3]!, fast)).flags).toEqual(["tooFast"]);
    const over = await submitSnapshot(rep[3]!, snap(units[3]!, device, 2, { "1": 500, "2": 400 }));
    expect(over.flags).toEqual(["overEligible"]);
  });
});

describe("provisional totals", () => {
  it("equal the sum of the leading devices' last snapshots, and leave with the Final Score", async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    // Two more devices at unit 0 (a third sent one ballot before): the one with the most
    // ballots leads; the two diverge beyond 5%.
    await submitSnapshot(rep[0]!, snap(units[0]!, a, 10, { "1": 40, "2": 20 }));
    await submitSnapshot(second, snap(units[0]!, b, 10, { "1": 20, "2": 38 }));
    await foldNow();
    expect(await liveDrift(electionId)).toEqual([]);
    const area = await provisionalArea(electionId, "constituency", "10-01");
    expect(area).not.toBeNull();
    // Units 0–3 count (the fast and the over-eligible unit too: flagged, not refused).
    expect(area!.unitsCounting).toBe(4);
    const unit0 = await db().liveUnit.findUniqueOrThrow({
      where: { electionId_unitCode_ballot: { electionId, unitCode: units[0]!, ballot: "constituency" } },
    });
    expect(unit0).toMatchObject({ devices: 3, ballots: 60, deviceId: a });
    expect(unit0.flags).toContain("devicesDiverge");
    // Each unit's leading device: its plausible one with the most ballots; a device flagged
    // implausible (unit 3's: too fast, then over its eligible voters) never leads.
    const snapshots = await db().liveSnapshot.findMany({ where: { electionId } });
    const leading = new Map<string, (typeof snapshots)[number]>();
    for (const s of snapshots.filter((x) => x.flags.length === 0)) {
      const best = leading.get(s.unitCode);
      if (!best || s.ballots > best.ballots) leading.set(s.unitCode, s);
    }
    expect(leading.has(units[3]!)).toBe(false);
    const expected = [...leading.values()].reduce((n, s) => n + s.ballots, 0);
    expect(area!.ballots).toBe(expected);
    const contest = await provisionalContest(electionId, "constituency");
    expect(contest!.ballots).toBe(expected);
    expect(contest!.label).toBe("provisional");
    // As the feed sends them, and as its OpenAPI document describes them.
    provisionalContestSchema.parse({ election: "test", ...contest });
    provisionalAreaSchema.parse({ election: "test", ...area });

    // The Final Score of unit 0 arrives (it differs from the last snapshot): the unit
    // leaves the provisional totals, is counted as final, and is flagged for the head.
    await sendCount(rep[0]!, units[0]!, countFields(), "reporter");
    await foldNow();
    expect(await liveDrift(electionId)).toEqual([]);
    const after = await provisionalArea(electionId, "constituency", "10-01");
    expect(after!.ballots).toBe(expected - 60);
    expect(after!.unitsFinal).toBe(1);
    expect(after!.unitsCounting).toBe(3);
    const final0 = await db().liveUnit.findUniqueOrThrow({
      where: { electionId_unitCode_ballot: { electionId, unitCode: units[0]!, ballot: "constituency" } },
    });
    expect(final0.final).toBe(true);
    expect(final0.flags).toContain("finalDiffers");

    // A later snapshot of a final unit does not bring it back.
    await submitSnapshot(rep[0]!, snap(units[0]!, a, 11, { "1": 41, "2": 20 }));
    await foldNow();
    expect((await provisionalArea(electionId, "constituency", "10-01"))!.ballots).toBe(expected - 60);
    expect(await liveDrift(electionId)).toEqual([]);
  });

  it("the head sees the flagged units of their constituency", async () => {
    const { flaggedForHead } = await import("../../web/live/provisional.server.ts");
    const flagged = await flaggedForHead(head, electionId);
    expect(flagged.map((f) => f.unitCode).sort()).toEqual([units[0]!, units[3]!].sort());
  });
});

describe("the provisional feed", () => {
  it("streams each contest's provisional figures as server-sent events, apart from the verified stream", async () => {
    const { createOutlet, setRelease } = await import("../../web/results/feed.server.ts");
    const { loader: liveStream } = await import("../../web/routes/api.v1.live.stream.ts");
    const { loader: verifiedStream } = await import("../../web/routes/api.v1.stream.ts");
    const key = await createOutlet("Test newsroom");
    await setRelease(true, head.id);
    const read = async (loader: typeof liveStream, path: string, until: (text: string) => boolean) => {
      const abort = new AbortController();
      const request = new Request(`http://localhost${path}`, {
        headers: { authorization: `Bearer ${key}` },
        signal: abort.signal,
      });
      const response = (await loader({ request, params: {}, context: {} } as never)) as Response;
      expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
      const reader = response.body!.getReader();
      let text = "";
      while (!until(text)) text += new TextDecoder().decode((await reader.read()).value);
      abort.abort();
      return text;
    };
    const live = await read(liveStream, "/api/v1/live/stream", (t) => t.includes("event: provisional"));
    const data = JSON.parse(/data: (.*)\n/.exec(live)![1]!);
    expect(provisionalContestSchema.parse(data)).toMatchObject({ label: "provisional", election: "test" });
    expect(await read(verifiedStream, "/api/v1/stream", (t) => t.includes(": connected"))).toContain("retry: 2000");
  });
});

describe("the planner's statistics on election night", () => {
  // Tables that grow from nothing within minutes are analysed by the fold when they have
  // more than doubled (analyze_grown): without their statistics, a unit's lookup scanned
  // a whole contest (ADR 0031).
  it("analyses a table that has grown, and not one that was only rewritten", async () => {
    const { pool } = await import("../../web/db/db.server.ts");
    const q = async <T extends object>(sql: string) => (await pool().query<T & pg.QueryResultRow>(sql)).rows;
    const grown = async () =>
      (await q<{ done: string[] }>(`SELECT analyze_grown(ARRAY['grow_test']::regclass[])::text[] AS done`))[0]!.done;
    // The statistics counters reach the shared view when a backend is idle; wait for them.
    const settled = async (rows: number) => {
      for (let i = 0; i < 50; i++) {
        const [s] = await q<{ n: number }>(`SELECT pg_stat_get_live_tuples('grow_test'::regclass)::int AS n`);
        if (s!.n === rows) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error("statistics did not arrive");
    };
    await q(`DROP TABLE IF EXISTS grow_test; CREATE TABLE grow_test (id int); ANALYZE grow_test`);
    await q(`INSERT INTO grow_test SELECT generate_series(1, 800)`);
    await settled(800);
    expect(await grown()).toEqual([]); // fewer than 1,000 new rows
    await q(`INSERT INTO grow_test SELECT generate_series(801, 5000)`);
    await settled(5000);
    expect(await grown()).toEqual(["grow_test"]);
    const [after] = await q<{ n: number }>(
      `SELECT reltuples::int AS n FROM pg_class WHERE oid = 'grow_test'::regclass`,
    );
    expect(after!.n).toBe(5000);
    await q(`UPDATE grow_test SET id = id + 1`);
    await new Promise((r) => setTimeout(r, 1_200));
    expect(await grown()).toEqual([]);
    await q(`DROP TABLE grow_test`);
  });
});

describe("one phone cannot inflate the provisional totals", () => {
  it("an implausible device never drives its unit: the plausible one does, and the head sees the other", async () => {
    const unit = units[1]!;
    await foldNow();
    const before = (await provisionalArea(electionId, "constituency", "10-01"))!.ballots;
    const unitBefore = await db().liveUnit.findUniqueOrThrow({
      where: { electionId_unitCode_ballot: { electionId, unitCode: unit, ballot: "constituency" } },
    });
    // The placed volunteer's second phone claims 4,000 ballots at an 800-voter unit, fast.
    const rogue = randomUUID();
    const claim = await submitSnapshot(rep[1]!, {
      ...snap(unit, rogue, 1, { "1": 4_000 }),
      lastTapAt: new Date(T0 + 60_000).toISOString(),
    });
    expect(claim.flags.sort()).toEqual(["overEligible", "tooFast"]);
    await foldNow();
    expect(await liveDrift(electionId)).toEqual([]);
    const unitAfter = await db().liveUnit.findUniqueOrThrow({
      where: { electionId_unitCode_ballot: { electionId, unitCode: unit, ballot: "constituency" } },
    });
    expect(unitAfter.deviceId).toBe(unitBefore.deviceId);
    expect(unitAfter.ballots).toBe(unitBefore.ballots);
    expect(unitAfter.flags).toEqual(expect.arrayContaining(["overEligible", "tooFast", "devicesDiverge"]));
    expect((await provisionalArea(electionId, "constituency", "10-01"))!.ballots).toBe(before);
    const { flaggedForHead } = await import("../../web/live/provisional.server.ts");
    expect((await flaggedForHead(head, electionId)).map((f) => f.unitCode)).toContain(unit);
  });
});

// Last: the counting centre's snapshot would add a unit to the totals counted above.
describe("caps by who counted", () => {
  it("holds a snapshot to its unit kind's caps: a polling unit's 5,000, a counting centre's far more", async () => {
    const device = randomUUID();
    const huge = await userError(submitSnapshot(rep[2]!, snap(units[2]!, device, 1, { "1": 1_000_000 })));
    expect([huge.status, huge.code]).toEqual([422, "tallyRules.range"]);
    expect(huge.params.max).toBe(5_000);
    const centre = await db().pollingUnit.findFirstOrThrow({ where: { kind: "advance_in" } });
    const counted = snap(centre.code, randomUUID(), 1, { "1": 12_000, "2": 8_000 });
    // Stored (its eligible voters, 800 here, only flag it), where a polling unit refuses it.
    const taken = await submitSnapshot(head, { ...counted, lastTapAt: new Date(T0 + 5_000 * 40_000).toISOString() });
    expect([taken.outcome, taken.flags]).toEqual(["stored", ["overEligible"]]);
    // Its Final Score (form 5/16) with those figures is taken too; at a polling unit, refused.
    const big = {
      eligible: "30000",
      voters: "20500",
      ballotsReceived: "21000",
      ballotsUsed: "20500",
      valid: "20000",
      ballotsLeftOver: "500",
      invalid: "300",
      voteNo: "200",
      vote_1: "12000",
      vote_2: "8000",
      vote_3: "0",
      vote_4: "0",
      vote_5: "0",
      vote_6: "0",
    };
    expect((await sendCount(head, centre.code, big, "blind")).entry.id).toBeTruthy();
    const refused = await userError(sendCount(head, units[2]!, big, "blind"));
    expect([refused.status, refused.code]).toEqual([422, "tallyRules.range"]);
  });
});
