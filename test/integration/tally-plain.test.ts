// A plain group of entries (every entry new, none a correction) is written set-based by
// tally_submit_plain (ADR 0034); tally_submit, entry by entry, defines what an entry does.
// Here both write the same random groups onto the same random earlier state, each in a
// transaction rolled back afterwards, and must leave the same rows: every outcome, entry,
// photo, result, history event, totals' log and running total.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import type pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "../../web/db/db.server.ts";
import { currentElection } from "../../web/elections/elections.server.ts";
import { seedTestElection } from "../support/election.ts";

let electionId: string;
let units: string[];
let ballots: string[];
const people = Array.from({ length: 4 }, () => randomUUID());

beforeAll(async () => {
  await seedTestElection("plain");
  electionId = (await currentElection()).id;
  const { rows } = await pool().query<{ unit: string; ballot: string }>(
    `SELECT "unitCode" AS unit, ballot FROM "AreaUnit" WHERE "electionId" = $1 ORDER BY 1, 2`,
    [electionId],
  );
  units = [...new Set(rows.map((r) => r.unit))].slice(0, 3);
  ballots = [...new Set(rows.map((r) => r.ballot))];
  for (const [i, id] of people.entries())
    await pool().query(`INSERT INTO "User" (id, phone) VALUES ($1, $2)`, [id, `+6689300000${i}`]);
});

/** One entry as the generator describes it: whose, where, which figures and flags, and
 *  whether it brings a form photo (of its own ballot, another ballot, or another unit). */
type Spec = { person: number; unit: number; ballot: number; figures: number; flagged: boolean; photo: number };
const spec = fc.record({
  person: fc.nat(3),
  unit: fc.nat(2),
  ballot: fc.nat(2),
  figures: fc.nat(2),
  flagged: fc.boolean(),
  photo: fc.nat(4),
});

/** Two sets of figures agree; the third has other voters (so that another ballot of the
 *  unit, compared, disagrees). */
const FIGURES = [
  { voters: 600, votes: { 1: 300, 2: 250 }, print: "a" },
  { voters: 600, votes: { 1: 300, 2: 250 }, print: "a" },
  { voters: 601, votes: { 1: 301, 2: 250 }, print: "b" },
];

/** Ids drawn in order, the same in every run (each run is rolled back). */
let drawn = 0;
const nextId = () => `00000000-0000-4000-8000-${String(++drawn).padStart(12, "0")}`;

function entryOf(s: Spec, photoIds: string[]) {
  const f = FIGURES[s.figures]!;
  return {
    submission: nextId(),
    election: electionId,
    unit: units[s.unit % units.length]!,
    ballot: ballots[s.ballot % ballots.length]!,
    source: s.person === 3 ? "blind" : "reporter",
    actor: people[s.person]!,
    eligible: 800,
    voters: f.voters,
    received: 800,
    used: f.voters,
    left_over: 800 - f.voters,
    invalid: 30,
    vote_no: 20,
    votes: f.votes,
    flags: s.flagged ? ["turnoutHigh"] : [],
    fingerprint: f.print,
    photos: photoIds,
    valid: f.voters - 50,
    remarks: null,
    count_started: null,
    count_ended: null,
    form_posted: null,
    correction_reason: null,
  };
}

type Entry = ReturnType<typeof entryOf>;
/** What the callers do: the group sorted by unit, then ballot (group-commit.server.ts). */
const sorted = (group: Entry[]) =>
  [...group].sort((a, b) =>
    a.unit + a.ballot < b.unit + b.ballot ? -1 : a.unit + a.ballot > b.unit + b.ballot ? 1 : 0,
  );

/** A form photo for an entry: none, or one of its unit and ballot, another ballot's, or
 *  another unit's (which is not attached). */
async function photoFor(client: pg.PoolClient, s: Spec) {
  if (s.photo < 2) return [];
  const unit = units[(s.unit + (s.photo === 4 ? 1 : 0)) % units.length]!;
  const ballot = ballots[(s.ballot + (s.photo === 3 ? 1 : 0)) % ballots.length]!;
  const id = nextId();
  await client.query(
    `INSERT INTO "TallyPhoto" (id, "electionId", "unitCode", ballot, kind, sha256, "storageKey", "contentType", bytes, "uploadedById")
     VALUES ($1::uuid, $6, $2, $3, 'form', $4, 'test/' || $1::text, 'image/jpeg', 1, $5)`,
    [id, unit, ballot, id.replaceAll("-", "").repeat(2), people[0], electionId],
  );
  return [id];
}

/** The earlier state: unit ballots escalated for sending nothing, earlier groups, a
 *  decision that picked a disputed unit ballot's entry, or disputed ones escalated to the
 *  war room. */
type Before = { escalated: number[]; groups: Spec[][]; decided: boolean; raised: boolean };
const before = fc.record({
  escalated: fc.uniqueArray(fc.nat(8), { maxLength: 3 }),
  groups: fc.array(fc.array(spec, { minLength: 1, maxLength: 5 }), { maxLength: 2 }),
  decided: fc.boolean(),
  raised: fc.boolean(),
});

async function submit(client: pg.PoolClient, group: Entry[]) {
  const { rows } = await client.query(`SELECT * FROM tally_submit_many($1::jsonb) ORDER BY ord`, [
    JSON.stringify(sorted(group)),
  ]);
  return rows as {
    ord: string;
    entry_id: string | null;
    result_status: string;
    outcome: string;
    entry_flags: string[];
  }[];
}

/** Writes the earlier state and then the group, entry by entry or not, and reads back
 *  everything the group wrote, with entries named by their submission ids. */
async function run(setup: Before, groupSpecs: Spec[], each: boolean) {
  const client = await pool().connect();
  drawn = 0;
  try {
    await client.query("BEGIN");
    for (const k of setup.escalated) {
      const unit = units[k % units.length]!;
      const ballot = ballots[Math.floor(k / units.length) % ballots.length]!;
      await client.query(
        `INSERT INTO "UnitResult" ("electionId", "unitCode", ballot, status, reported, "updatedAt")
         VALUES ($1, $2, $3, 'silent', false, now()) ON CONFLICT DO NOTHING`,
        [electionId, unit, ballot],
      );
    }
    await client.query(`SET LOCAL tally.each = on`);
    for (const g of setup.groups) {
      const entries = [];
      for (const s of g) entries.push(entryOf(s, await photoFor(client, s)));
      await submit(client, entries);
    }
    if (setup.decided)
      await client.query(
        `UPDATE "UnitResult" r SET decided = true, status = 'verified', "verifiedEntryId" = e.id
           FROM (SELECT DISTINCT ON ("unitCode", ballot) id, "unitCode", ballot FROM "TallyEntry"
                  WHERE "electionId" = $1 ORDER BY "unitCode", ballot, "createdAt") e
          WHERE r."electionId" = $1 AND r."unitCode" = e."unitCode" AND r.ballot = e.ballot AND r.status = 'disputed'`,
        [electionId],
      );
    if (setup.raised)
      await client.query(
        `UPDATE "UnitResult" SET status = 'escalated' WHERE "electionId" = $1 AND status = 'disputed'`,
        [electionId],
      );
    const { rows: mark } = await client.query<{ seq: number | null }>(`SELECT max(seq) AS seq FROM "ResultChange"`);
    const { rows: events } = await client.query<{ ids: string[] | null }>(
      `SELECT array_agg(id) AS ids FROM "ResultEvent"`,
    );
    const group: Entry[] = [];
    for (const s of groupSpecs) group.push(entryOf(s, await photoFor(client, s)));
    // The group is plain (else this compares the loop with itself).
    await client.query("SAVEPOINT probe");
    await client.query(`SELECT 1 FROM tally_defer($1::jsonb)`, [JSON.stringify(sorted(group))]);
    const { rows: probe } = await client.query<{ plain: boolean }>(
      `SELECT tally_submit_plain($1::jsonb) IS NOT NULL AS plain`,
      [JSON.stringify(sorted(group))],
    );
    await client.query("ROLLBACK TO SAVEPOINT probe");
    await client.query(`SET LOCAL tally.each = ${each ? "on" : "off"}`);
    const outcomes = await submit(client, group);
    const read = async (sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows;
    const bySubmission = `(SELECT "submissionId" FROM "TallyEntry" x WHERE x.id = %s)`;
    const state = {
      plain: probe[0]!.plain,
      outcomes: await read(
        `SELECT o.ord, o.outcome, o.result_status, o.entry_flags, e."submissionId" AS entry
           FROM jsonb_to_recordset($1::jsonb) AS o(ord text, entry_id uuid, outcome text, result_status text, entry_flags text[])
           LEFT JOIN "TallyEntry" e ON e.id = o.entry_id ORDER BY o.ord::int`,
        [JSON.stringify(outcomes)],
      ),
      entries: await read(
        `SELECT "submissionId", source, flags, (SELECT array_agg(p.id ORDER BY p.id) FROM "TallyPhoto" p WHERE p."entryId" = e.id) AS photos
           FROM "TallyEntry" e WHERE "electionId" = $1 ORDER BY "submissionId"`,
        [electionId],
      ),
      results: await read(
        `SELECT "unitCode", ballot, status, decided, "hasFormPhoto", flagged, reported, ${bySubmission.replace("%s", 'r."verifiedEntryId"')} AS verified
           FROM "UnitResult" r WHERE "electionId" = $1 ORDER BY 1, 2`,
        [electionId],
      ),
      // The group's events, per unit ballot (one transaction: one createdAt; in no order).
      events: await read(
        `SELECT "unitCode", ballot, "fromStatus", "toStatus", ${bySubmission.replace("%s", 'v."entryId"')} AS entry, "actorId", reason
           FROM "ResultEvent" v WHERE "electionId" = $1 AND NOT v.id = ANY($2::uuid[]) ORDER BY 1, 2, 3, 4, 5, 6`,
        [electionId, events[0]!.ids ?? []],
      ),
      changes: await read(
        `SELECT "unitCode", ballot, kind, ${bySubmission.replace("%s", 'c."entryId"')} AS entry, status, decided, "hasFormPhoto", flagged
           FROM "ResultChange" c WHERE "electionId" = $1 AND seq > $2 ORDER BY "unitCode", ballot, seq`,
        [electionId, mark[0]!.seq ?? 0],
      ),
      totals: await read(`SELECT * FROM "AreaTotal" WHERE "electionId" = $1 ORDER BY ballot, "areaCode"`, [electionId]),
      votes: await read(`SELECT * FROM "VoteTotal" WHERE "electionId" = $1 ORDER BY ballot, "areaCode", number`, [
        electionId,
      ]),
      counts: await read(
        `SELECT ballot, "areaCode", status, decided, "hasFormPhoto", flagged, reported, n FROM "AreaStateCount"
          WHERE "electionId" = $1 AND n <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7`,
        [electionId],
      ),
    };
    await client.query("ROLLBACK");
    return state;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

/** A plain group: no person twice on one unit ballot, none who sent for it before. */
const plainGroup = (setup: Before, group: Spec[]) => {
  const key = (s: Spec) => `${s.person}:${s.unit % units.length}:${s.ballot % ballots.length}`;
  const earlier = new Set(setup.groups.flat().map(key));
  const seen = new Set<string>();
  return group.filter((s) => {
    const k = key(s);
    if (earlier.has(k) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};

describe("a plain group of entries", () => {
  it("leaves the same rows set-based as entry by entry, on any earlier state", async () => {
    await fc.assert(
      fc.asyncProperty(before, fc.array(spec, { minLength: 1, maxLength: 12 }), async (setup, specs) => {
        // Earlier groups' repeats are corrections: keep only each person's first per unit ballot.
        const allEarlier = { ...setup, groups: [dedupe(setup.groups.flat())] };
        const group = plainGroup(allEarlier, specs);
        fc.pre(group.length > 0);
        const one = await run(allEarlier, group, true);
        const set = await run(allEarlier, group, false);
        expect(set.plain).toBe(true);
        expect(set).toEqual(one);
      }),
      { numRuns: Number(process.env.COUNT_PROPERTY_OPS ?? 300) >= 300 ? 100 : 30 },
    );
  });
});

/** Each person's first entry per unit ballot only (later ones would be corrections). */
function dedupe(specs: Spec[]) {
  return plainGroup({ escalated: [], groups: [], decided: false, raised: false }, specs);
}
