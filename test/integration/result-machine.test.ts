// The result machine (issue 36): what outside testing found on the landed main, each
// reproduced here first — silent units shown as disputes, feed changes labelled with
// today's level, no unit snapshot to start from, decisions on what was not in dispute or
// without a reason, another election's photos, a later election switching off tonight's.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "../../web/db/db.server.ts";
import { activeElections, currentElection } from "../../web/elections/elections.server.ts";
import { escalateMissingReports, escalateResult, resolveResult, resultDetail } from "../../web/tally/review.server.ts";
import { submitEntry } from "../../web/tally/entries.server.ts";
import { createSyntheticElection } from "../../web/elections/election-generator.sql.server.ts";
import { forget } from "../../web/db/cache.server.ts";
import { changesAfter, unitSnapshot, type FeedChangeEvent } from "../../web/results/feed.server.ts";
import { constituencyCsvRows, constituencyJson, snapshotCsv, unitJson } from "../../web/results/api.server.ts";
import { changesSchema, snapshotSchema } from "../../web/results/feed-schema.ts";
import { countFields, formPhoto } from "../support/tally.ts";
import { seedTestElection } from "../support/election.ts";
import { userError } from "../support/user-error.ts";

type Person = { id: string; roles: { role: string; organisationId: null; constituencyId: string | null }[] };
let units: string[] = [];
let head: Person, warRoom: Person, reporter: Person;
let electionId: string;

const make = async (phone: string, role: string, constituencyId: string | null = null): Promise<Person> => ({
  id: (await db().user.create({ data: { phone, displayName: phone } })).id,
  roles: [{ role, organisationId: null, constituencyId }],
});

/** A constituency count for the unit, with the signed form's photo when asked. */
async function send(
  who: Person,
  unitCode: string,
  over: Record<string, string> = {},
  opts: { photo?: boolean; election?: string; source?: "reporter" | "blind" } = {},
) {
  const election = opts.election ? await currentElection(opts.election) : await currentElection();
  return submitEntry(who as never, {
    election: opts.election ?? null,
    submissionId: randomUUID(),
    unitCode,
    ballot: "constituency",
    source: opts.source ?? "blind",
    fields: { correctionReason: "as posted", ...countFields(over) },
    photoIds: opts.photo ? [await formPhoto(unitCode, who.id, "constituency", election.id)] : [],
  });
}
const STUFFED = { ballotsUsed: "603", ballotsLeftOver: "217", invalid: "13" };
const OTHER = { vote_1: "199", vote_2: "151" };

beforeAll(async () => {
  await seedTestElection("machine");
  electionId = (await currentElection()).id;
  units = (await db().pollingUnit.findMany({ orderBy: { code: "asc" }, take: 40 })).map((u) => u.code);
  await db().pollingUnit.updateMany({ data: { eligibleVoters: 800 } });
  head = await make("+66893000001", "constituency_head", "10-01");
  warRoom = await make("+66893000002", "war_room_operator");
  reporter = await make("+66893000003", "constituency_head", "10-01");
});

describe("who may decide what (the table)", () => {
  it("a head decides only a dispute; the war room also what was sent up; a reason is required", async () => {
    const [reported, verified, disputed, raised] = units.slice(0, 4) as [string, string, string, string];
    const one = await send(reporter, reported, {}, { photo: true });
    expect(one.status).toBe("reported");
    await send(reporter, verified, {}, { photo: true });
    expect((await send(head, verified)).status).toBe("verified");
    const d = await send(reporter, disputed, STUFFED, { photo: true });
    expect(d.status).toBe("disputed");
    const r = await send(reporter, raised, STUFFED, { photo: true });
    const before = await db().resultEvent.count();

    // f. Nothing that is not in dispute can be decided, by anyone.
    for (const [unit, who] of [
      [reported, head],
      [reported, warRoom],
      [verified, head],
      [verified, warRoom],
    ] as const) {
      const entry = (await db().tallyEntry.findFirst({ where: { unitCode: unit } }))!;
      const refused = await userError(resolveResult(who as never, unit, "constituency", entry.id, "looks right"));
      expect([refused.status, refused.code]).toEqual([409, "tally.notDecidable"]);
    }
    // g. A decision says why: empty, blank or invisible reasons are refused, nothing written.
    for (const reason of ["", "   ", "\u200b\u200b\u200b", "-", " . "]) {
      const refused = await userError(
        resolveResult(head as never, disputed, "constituency", d.entry.id, reason, d.entry.flags),
      );
      expect([refused.status, refused.code]).toEqual([400, "tally.reasonRequired"]);
      const noEscalation = await userError(escalateResult(head as never, disputed, "constituency", reason));
      expect([noEscalation.status, noEscalation.code]).toEqual([400, "tally.reasonRequired"]);
    }
    expect(await db().resultEvent.count()).toBe(before);

    // A head sends one dispute up; then only the war room may decide it.
    await escalateResult(head as never, raised, "constituency", "two forms in circulation");
    const headOnRaised = await userError(
      resolveResult(head as never, raised, "constituency", r.entry.id, "checked the photo", r.entry.flags),
    );
    expect([headOnRaised.status, headOnRaised.code]).toEqual([409, "tally.notDecidable"]);
    await resolveResult(warRoom as never, raised, "constituency", r.entry.id, "checked the photo", r.entry.flags);
    await resolveResult(head as never, disputed, "constituency", d.entry.id, "checked the photo", d.entry.flags);
    const results = await db().unitResult.findMany({ where: { electionId, unitCode: { in: [disputed, raised] } } });
    expect(results.map((x) => [x.status, x.decided])).toEqual([
      ["verified", true],
      ["verified", true],
    ]);
    const events = await db().resultEvent.findMany({ where: { unitCode: raised }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.toStatus, e.reason])).toEqual([
      ["disputed", "entry"],
      ["escalated", "two forms in circulation"],
      ["verified", "checked the photo"],
    ]);
  });
});

describe("the feed's changes carry the state as of each change", () => {
  it("b. a decision is decided, a withdrawal reported, a dispute over counted figures restated", async () => {
    const unit = units[4]!;
    const stuffed = await send(reporter, unit, STUFFED, { photo: true });
    const from = (await changesAfter(electionId, 0, 100_000)).at(-1)?.seq ?? 0;
    await resolveResult(head as never, unit, "constituency", stuffed.entry.id, "photo matches", stuffed.entry.flags);
    // The same person corrects the form: out of the totals, back to reported.
    await send(reporter, unit, {});
    // Two agree now: verified; then a third person disagrees: disputed, the figures stand.
    await send(head, unit, {});
    await send(warRoom, unit, OTHER);
    const changes = (await changesAfter(electionId, from, 100_000)).filter((c) => c.unit === unit);
    expect(changes.map((c) => [c.kind, c.status, c.level])).toEqual([
      ["verified", "verified", "decided"],
      ["withdrawn", "reported", "reported"],
      ["verified", "verified", "verified"],
      ["restated", "disputed", "disputed"],
    ]);
    expect(changes[1]!.figures).toBeNull();
    expect(changes[3]!.figures!.voters).toBe(600);
    changesSchema.parse({ changes });
  });
});

/** What a newsroom holds: each counted unit ballot's state and figures. */
type Held = Map<string, { status: string; level: string; figures: FeedChangeEvent["figures"] }>;
const apply = (held: Held, c: FeedChangeEvent) => {
  const key = `${c.ballot}|${c.unit}`;
  if (c.kind === "withdrawn") held.delete(key);
  else held.set(key, { status: c.status, level: c.level, figures: c.figures });
};

/** The current state from the database itself: every unit ballot with counted figures. */
async function currentState(): Promise<Held> {
  const held: Held = new Map();
  for (const r of await db().unitResult.findMany({ where: { electionId, verifiedEntryId: { not: null } } })) {
    const u = (await unitJson(r.unitCode)).ballots.find((b) => b.ballot === r.ballot)!;
    const { form: _form, ...figures } = { ...u.figures! } as Record<string, unknown>;
    held.set(`${r.ballot}|${r.unitCode}`, { status: u.status, level: u.level!, figures: figures as never });
  }
  return held;
}

describe("c. a newsroom starts from a unit snapshot and applies the changes after it", () => {
  it("snapshot at N (paged) plus the changes after N equals the current state exactly", async () => {
    const ops = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const unit = units[10 + (i % 12)]!;
        const roll = (i * 7) % 5;
        if (roll === 0) await send(reporter, unit, {}, { photo: true });
        else if (roll === 1) await send(head, unit, i % 3 ? {} : OTHER);
        else if (roll === 2) await send(warRoom, unit, i % 2 ? STUFFED : {});
        else {
          const r = await db().unitResult.findFirst({ where: { electionId, unitCode: unit } });
          const entry = await db().tallyEntry.findFirst({ where: { unitCode: unit }, orderBy: { createdAt: "desc" } });
          if (r?.status === "disputed" && entry && roll === 3)
            await resolveResult(head as never, unit, "constituency", entry.id, "photo read", entry.flags).catch(
              () => {},
            );
          else if (r?.status === "disputed") await escalateResult(head as never, unit, "constituency", "needs eyes");
        }
      }
    };
    await ops(0, 40);
    // The newsroom takes a snapshot in pages of 3, while counts go on arriving.
    const held: Held = new Map();
    let page = await unitSnapshot(electionId, { take: 3 });
    const asOf = page.asOfChange;
    await ops(40, 60);
    let pages = 1;
    for (;;) {
      snapshotSchema.parse({ election: "machine", ...page });
      for (const u of page.units) apply(held, u);
      if (!page.next) break;
      page = await unitSnapshot(electionId, { asOf, after: page.next, take: 3 });
      pages++;
      if (pages === 2) await ops(60, 80);
    }
    expect(pages).toBeGreaterThan(1);
    for (const c of await changesAfter(electionId, asOf, 100_000)) apply(held, c);
    const now = await currentState();
    expect(now.size).toBeGreaterThan(3);
    expect(held).toEqual(now);
    // And the CSV holds the same units as a snapshot at the latest change.
    const csv = await snapshotCsv(undefined);
    expect(csv.trim().split(/\r?\n/)).toHaveLength(1 + now.size);
  });
});

describe("a. units that never reported are silent, not disputed", () => {
  it("after the close, everywhere: levels, the constituency JSON and CSV, the unit", async () => {
    const before = await constituencyJson("10-01");
    const silenced = await escalateMissingReports(new Date("2027-03-15T00:00:00+07:00"));
    expect(silenced).toBeGreaterThan(0);
    const after = (await constituencyJson("10-01"))!;
    expect(after.levels.disputed).toBe(before!.levels.disputed);
    const silentHere = await db().unitResult.count({ where: { electionId, ballot: "constituency", status: "silent" } });
    expect(silentHere).toBeGreaterThan(0);
    expect(after.levels.silent).toBe(silentHere);
    expect(after.coverage.reported).toBe(before!.coverage.reported);
    const rows = await constituencyCsvRows(electionId);
    expect(rows[0]!.levels.silent).toBe(after.levels.silent);
    const quiet = units.at(-1)!;
    const ballot = (await unitJson(quiet)).ballots.find((b) => b.ballot === "constituency")!;
    expect([ballot.status, ballot.level]).toEqual(["silent", "silent"]);
    // A silent unit that reports leaves silence like any unit.
    const late = await send(reporter, quiet, {}, { photo: true });
    expect(late.status).toBe("reported");
  });
});

describe("several elections at once", () => {
  let bkk: string;
  beforeAll(async () => {
    const client = await pool().connect();
    try {
      // Bangkok's election on the same day, and a by-election a month later.
      bkk = await createSyntheticElection(client, {
        slug: "machine-bkk",
        nameTh: "ทดสอบ กทม.",
        nameEn: "Test BKK",
        date: "2027-03-14",
        closesAt: "2027-03-14T17:00:00+07:00",
      });
      await createSyntheticElection(client, {
        slug: "machine-by",
        nameTh: "เลือกตั้งซ่อม",
        nameEn: "By-election",
        date: "2027-04-18",
        closesAt: "2027-04-18T17:00:00+07:00",
      });
    } finally {
      client.release();
    }
    forget("elections");
  });

  it("i. a later by-election does not switch off tonight's: default, counting, silence each after its own close", async () => {
    expect((await currentElection()).slug).toBe("machine");
    const tonight = new Date("2027-03-14T20:00:00+07:00");
    expect((await activeElections(tonight)).map((e) => e.slug).sort()).toEqual(["machine", "machine-bkk"]);
    expect((await activeElections(new Date("2027-04-18T19:00:00+07:00"))).map((e) => e.slug)).toEqual(["machine-by"]);
    // The by-election's silence a month later touches only its own units.
    const byId = (await currentElection("machine-by")).id;
    const silentBefore = await db().unitResult.count({ where: { electionId: { not: byId }, status: "silent" } });
    expect(await escalateMissingReports(new Date("2027-04-19T00:00:00+07:00"))).toBeGreaterThan(0);
    expect(await db().unitResult.count({ where: { electionId: { not: byId }, status: "silent" } })).toBe(silentBefore);
    expect(await db().unitResult.count({ where: { electionId: byId, status: "silent" } })).toBeGreaterThan(0);
  });

  it("h. a photo belongs to one election: never shown, counted or decided in another", async () => {
    const unit = units[30]!;
    // The general election's count of the unit, with the signed form's photo.
    await send(reporter, unit, STUFFED, { photo: true });
    // The same unit and ballot key in Bangkok's election: no photo of its own yet.
    const other = await send(reporter, unit, STUFFED, { election: "machine-bkk" });
    expect(other.status).toBe("disputed");
    expect((await resultDetail(bkk, unit, "constituency")).photos).toEqual([]);
    expect((await resultDetail(electionId, unit, "constituency")).photos).toHaveLength(1);
    const refused = await userError(
      resolveResult(
        head as never,
        unit,
        "constituency",
        other.entry.id,
        "photo read",
        other.entry.flags,
        "machine-bkk",
      ),
    );
    expect([refused.status, refused.code]).toEqual([409, "tally.noFormPhoto"]);
    // Another election's photo named with an entry is not attached to it.
    const photo = await db().tallyPhoto.findFirstOrThrow({ where: { electionId, unitCode: unit } });
    await submitEntry(head as never, {
      election: "machine-bkk",
      submissionId: randomUUID(),
      unitCode: unit,
      ballot: "constituency",
      source: "blind",
      fields: countFields(STUFFED),
      photoIds: [photo.id],
    });
    expect((await db().tallyPhoto.findUniqueOrThrow({ where: { id: photo.id } })).electionId).toBe(electionId);
    expect((await resultDetail(bkk, unit, "constituency")).photos).toEqual([]);
    expect((await db().unitResult.findFirstOrThrow({ where: { electionId: bkk, unitCode: unit } })).hasFormPhoto).toBe(
      false,
    );
  });
});
