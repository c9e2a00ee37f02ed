// Issue 18, Must 7: a data directory from the schema before contests migrates without loss.
// A database is brought to that schema (every migration before 20261201212054_contests),
// filled the way that schema held a count — an election with parties and candidates,
// entries, results, history, totals, changes, photos and official figures — then migrated;
// every row is checked afterwards, and the totals against a recomputation.
import { cp, mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deployMigrations, migrationsDir } from "../../scripts/lib/migrations.ts";
import { generateCountry } from "../../web/geography/generator.ts";

const FIRST_NEW = "20261201212054_contests";
const name = `election_test_old_${process.pid}`;
let url: string;
let client: pg.Client;
const admin = new pg.Client({ connectionString: inject("adminDatabaseUrl") });

const rows = async (sql: string) => (await client.query(sql)).rows;

/** Provinces, constituencies, districts, subdistricts and units of a slice of the
 *  synthetic country, written with the old schema's columns. */
async function insertOldGeography(c: pg.Client) {
  const units = [
    ...generateCountry({ provinces: ["10", "40"], constituenciesPerProvince: 2, scale: 0.2, countingCentres: false }),
  ];
  const distinct = <T>(list: T[], key: (x: T) => string) => [...new Map(list.map((x) => [key(x), x])).values()];
  const constituency = (u: (typeof units)[number]) => `${u.province_code}-${u.constituency_no.padStart(2, "0")}`;
  const provinces = distinct(units, (u) => u.province_code);
  await c.query(
    `INSERT INTO "Province" (code, "nameTh", "nameEn") SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`,
    [
      provinces.map((u) => u.province_code),
      provinces.map((u) => u.province_name_th),
      provinces.map((u) => u.province_name_en),
    ],
  );
  const cs = distinct(units, constituency);
  await c.query(
    `INSERT INTO "Constituency" (id, "provinceCode", number) SELECT * FROM unnest($1::text[], $2::text[], $3::int[])`,
    [cs.map(constituency), cs.map((u) => u.province_code), cs.map((u) => Number(u.constituency_no))],
  );
  const ds = distinct(units, (u) => u.district_code);
  await c.query(
    `INSERT INTO "District" (code, "provinceCode", "nameTh", "nameEn") SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
    [
      ds.map((u) => u.district_code),
      ds.map((u) => u.province_code),
      ds.map((u) => u.district_name_th),
      ds.map((u) => u.district_name_en),
    ],
  );
  const ss = distinct(units, (u) => u.subdistrict_code);
  await c.query(
    `INSERT INTO "Subdistrict" (code, "districtCode", "nameTh", "nameEn") SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
    [
      ss.map((u) => u.subdistrict_code),
      ss.map((u) => u.district_code),
      ss.map((u) => u.subdistrict_name_th),
      ss.map((u) => u.subdistrict_name_en),
    ],
  );
  await c.query(
    `INSERT INTO "PollingUnit" (code, "constituencyId", "subdistrictCode", number, "locationName", "eligibleVoters")
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[])`,
    [
      units.map((u) => `${constituency(u)}-${u.subdistrict_code}-${u.unit_no.padStart(3, "0")}`),
      units.map(constituency),
      units.map((u) => u.subdistrict_code),
      units.map((u) => Number(u.unit_no)),
      units.map((u) => u.location_name),
      units.map((u) => Number(u.eligible_voters)),
    ],
  );
}

/** The schema before contests: the migration folders before FIRST_NEW. */
async function oldMigrations() {
  const dir = await mkdtemp(path.join(tmpdir(), "old-migrations-"));
  for (const entry of await readdir(migrationsDir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name >= FIRST_NEW) continue;
    await cp(path.join(migrationsDir, entry.name), path.join(dir, entry.name), { recursive: true });
  }
  return dir;
}

// A count as the old schema held it: 8 parties, 4 candidates a constituency, every unit's
// two ballots entered once (but the first unit's, escalated for sending nothing), every third unit's verified by a second entry (the totals hold
// exactly those), every fifth disputed; history, changes, photos and official figures.
const OLD_DATA = `
INSERT INTO "Election" (id, slug, "nameTh", "nameEn", date, "closesAt")
VALUES ('00000000-0000-4000-8000-000000000001', 'ge-old', 'เลือกตั้งเดิม', 'Old election', '2027-03-14', '2027-03-14 10:00:00');
INSERT INTO "Party" (id, "electionId", number, "nameTh", "nameEn", colour)
SELECT gen_random_uuid(), '00000000-0000-4000-8000-000000000001', n, 'พรรค ' || n, 'Party ' || n, '#000000' FROM generate_series(1, 8) n;
INSERT INTO "Candidate" (id, "electionId", "constituencyId", number, "nameTh", "partyId")
SELECT gen_random_uuid(), '00000000-0000-4000-8000-000000000001', c.id, n, 'ผู้สมัคร ' || c.id || '-' || n,
       (SELECT p.id FROM "Party" p WHERE p.number = n)
  FROM "Constituency" c CROSS JOIN generate_series(1, 4) n;
CREATE TEMP TABLE u AS SELECT code, row_number() OVER (ORDER BY code) AS i FROM "PollingUnit";
INSERT INTO "User" (id, phone, "displayName") VALUES
  ('00000000-0000-4000-8000-0000000000a1', '+66893000001', 'A'), ('00000000-0000-4000-8000-0000000000a2', '+66893000002', 'B');
INSERT INTO "TallyEntry" (id, "submissionId", "electionId", "unitCode", ballot, source, "enteredById", eligible, voters,
  "ballotsReceived", "ballotsUsed", "ballotsLeftOver", valid, invalid, "voteNo", votes, remarks, "countStartedAt",
  "countEndedAt", "formPosted", flags, fingerprint, "createdAt")
SELECT gen_random_uuid(), gen_random_uuid(), '00000000-0000-4000-8000-000000000001', u.code, b.ballot::"BallotKind",
       CASE WHEN who.k = 1 THEN 'reporter' ELSE 'blind' END,
       ('00000000-0000-4000-8000-0000000000a' || who.k)::uuid,
       800, 600, 820, 600, 220, 570, 10, 20,
       jsonb_build_object('1', 200 + (u.i % 7) + CASE WHEN u.i % 5 = 0 AND who.k = 2 THEN 1 ELSE 0 END, '2', 150, '3', 120 - (u.i % 7), '4', 100),
       CASE WHEN u.i % 4 = 0 THEN 'หมายเหตุ ' || u.i END, '17:05', '18:20', true,
       CASE WHEN u.i % 5 = 0 AND who.k = 2 THEN '{validSum}'::text[] ELSE '{}'::text[] END,
       'fp-' || u.i || '-' || b.ballot || CASE WHEN u.i % 5 = 0 AND who.k = 2 THEN '-other' ELSE '' END,
       now() - (u.i || ' seconds')::interval + (who.k || ' milliseconds')::interval
  FROM u CROSS JOIN (VALUES ('constituency'), ('party_list')) b(ballot)
  CROSS JOIN LATERAL (SELECT k FROM generate_series(1, CASE WHEN u.i % 3 = 0 OR u.i % 5 = 0 THEN 2 ELSE 1 END) k) who
 WHERE u.i > 1;
INSERT INTO "TallyPhoto" (id, "entryId", "unitCode", ballot, kind, sha256, "storageKey", "contentType", bytes, "uploadedById")
SELECT gen_random_uuid(), e.id, e."unitCode", e.ballot, 'form', md5(e.id::text) || md5(e."unitCode"), 'old/' || e.id, 'image/jpeg', 1234, e."enteredById"
  FROM "TallyEntry" e WHERE e.source = 'reporter';
INSERT INTO "UnitResult" ("electionId", "unitCode", ballot, status, "verifiedEntryId", decided, "hasFormPhoto", flagged, "updatedAt")
SELECT e."electionId", e."unitCode", e.ballot,
       CASE WHEN count(*) = 2 AND count(DISTINCT e.fingerprint) = 1 THEN 'verified' WHEN count(*) = 2 THEN 'disputed' ELSE 'reported' END::"ResultStatus",
       CASE WHEN count(*) = 2 AND count(DISTINCT e.fingerprint) = 1 THEN (array_agg(e.id ORDER BY e."createdAt"))[1] END,
       false, true, bool_or(cardinality(e.flags) > 0), now()
  FROM "TallyEntry" e GROUP BY 1, 2, 3;
-- The first unit sent nothing: escalated without an entry.
INSERT INTO "UnitResult" ("electionId", "unitCode", ballot, status, "updatedAt")
SELECT '00000000-0000-4000-8000-000000000001', u.code, b.ballot::"BallotKind", 'escalated', now()
  FROM u CROSS JOIN (VALUES ('constituency'), ('party_list')) b(ballot) WHERE u.i = 1;
INSERT INTO "ResultEvent" (id, "electionId", "unitCode", ballot, "fromStatus", "toStatus", "entryId", "actorId", reason)
SELECT gen_random_uuid(), "electionId", "unitCode", ballot, NULL, status, "verifiedEntryId", '00000000-0000-4000-8000-0000000000a1', 'entry'
  FROM "UnitResult";
INSERT INTO "ResultChange" ("electionId", "unitCode", ballot, kind, "entryId")
SELECT "electionId", "unitCode", ballot, 'verified', "verifiedEntryId" FROM "UnitResult" WHERE status = 'verified' ORDER BY "unitCode", ballot;
INSERT INTO "ConstituencyTotal" ("electionId", ballot, "constituencyId", "unitsVerified", eligible, voters, "ballotsUsed", invalid, "voteNo")
SELECT r."electionId", r.ballot, left(r."unitCode", 5), count(*), sum(e.eligible), sum(e.voters), sum(e."ballotsUsed"), sum(e.invalid), sum(e."voteNo")
  FROM "UnitResult" r JOIN "TallyEntry" e ON e.id = r."verifiedEntryId" GROUP BY 1, 2, 3;
INSERT INTO "VoteTotal" ("electionId", ballot, "constituencyId", number, votes)
SELECT r."electionId", r.ballot, left(r."unitCode", 5), v.key::int, sum(v.value::int)
  FROM "UnitResult" r JOIN "TallyEntry" e ON e.id = r."verifiedEntryId" CROSS JOIN LATERAL jsonb_each_text(e.votes) v GROUP BY 1, 2, 3, 4;
INSERT INTO "OfficialFigure" ("electionId", "unitCode", ballot, figure, value)
SELECT "electionId", "unitCode", ballot, 'voters', 600 FROM "UnitResult" WHERE status = 'verified';
-- A volunteer placed on the first unit, with the placement's history and the run.
INSERT INTO "Volunteer" (id, "userId") VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000a1');
INSERT INTO "UnitAssignment" (id, "unitCode", slot, "volunteerId", status, source, "updatedAt")
SELECT gen_random_uuid(), code, 0, '00000000-0000-4000-8000-0000000000b1', 'accepted', 'auto', now() FROM u WHERE i = 1;
INSERT INTO "AssignmentEvent" (id, "unitCode", slot, "volunteerId", action, source)
SELECT gen_random_uuid(), code, 0, '00000000-0000-4000-8000-0000000000b1', 'assigned', 'auto' FROM u WHERE i = 1;
INSERT INTO "AssignmentRun" (id, status, units, reporters) VALUES (gen_random_uuid(), 'succeeded', 1, 1);
`;

// Each table's rows as JSON, ordered, with the columns both schemas have.
const SNAPSHOTS: Record<string, string> = {
  TallyEntry: `SELECT to_jsonb(t) FROM "TallyEntry" t ORDER BY id`,
  // electionId: a later migration's column (checked below).
  // incidentId, phash: later migrations' columns (null for every photo they find, checked below).
  TallyPhoto: `SELECT to_jsonb(t) - 'electionId' - 'incidentId' - 'phash' FROM "TallyPhoto" t ORDER BY id`,
  // reported: a later migration's column (checked below); a unit escalated for sending
  // nothing is silent since 20261206193100_result_machine (checked below).
  UnitResult: `SELECT to_jsonb(t) - 'updatedAt' - 'reported' - 'status'
                      || jsonb_build_object('status', CASE WHEN t.status::text = 'silent' THEN 'escalated' ELSE t.status::text END)
                 FROM "UnitResult" t ORDER BY "unitCode", ballot`,
  ResultEvent: `SELECT to_jsonb(t) - 'toStatus'
                       || jsonb_build_object('toStatus', CASE WHEN t."toStatus"::text = 'silent' THEN 'escalated' ELSE t."toStatus"::text END)
                  FROM "ResultEvent" t ORDER BY id`,
  // The state as of each change: later migrations' columns (checked below).
  ResultChange: `SELECT to_jsonb(t) - 'status' - 'decided' - 'hasFormPhoto' - 'flagged' FROM "ResultChange" t ORDER BY seq`,
  OfficialFigure: `SELECT to_jsonb(t) FROM "OfficialFigure" t ORDER BY "unitCode", ballot, figure`,
  Party: `SELECT to_jsonb(t) FROM "Party" t ORDER BY id`,
  // rehearsal, opensAt: later migrations' columns (false and null for every election they find).
  Election: `SELECT to_jsonb(t) - 'createdAt' - 'rehearsal' - 'opensAt' FROM "Election" t ORDER BY id`,
};
const before: Record<string, unknown[]> = {};
let oldTotals: unknown[], oldVotes: unknown[], oldCandidates: Record<string, unknown>[], counts: Record<string, number>;

beforeAll(async () => {
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  const u = new URL(inject("adminDatabaseUrl"));
  u.pathname = `/${name}`;
  url = u.toString();
  const applied = await deployMigrations(url, { migrations: await oldMigrations(), functions: null });
  expect(applied).not.toContain(FIRST_NEW);
  client = new pg.Client({ connectionString: url });
  await client.connect();
  // The geography as the old schema held it (today's import writes columns it lacks).
  await insertOldGeography(client);
  await client.query(OLD_DATA);
  for (const [table, sql] of Object.entries(SNAPSHOTS))
    before[table] = (await rows(sql)).map((r) => r.to_jsonb ?? r["?column?"]);
  oldTotals = await rows(
    `SELECT "electionId", ballot::text, "constituencyId" AS area, "unitsVerified", eligible, voters, "ballotsUsed", invalid, "voteNo" FROM "ConstituencyTotal" ORDER BY 2, 3`,
  );
  oldVotes = await rows(
    `SELECT ballot::text, "constituencyId" AS area, number, votes FROM "VoteTotal" ORDER BY 1, 2, 3`,
  );
  oldCandidates = await rows(
    `SELECT id, "constituencyId" AS area, number, "nameTh", "partyId" FROM "Candidate" ORDER BY id`,
  );
  counts = Object.fromEntries(
    await Promise.all(
      ["PollingUnit", "Constituency", "TallyEntry", "UnitResult"].map(async (t) => [
        t,
        Number((await rows(`SELECT count(*) AS n FROM "${t}"`))[0]!.n),
      ]),
    ),
  );
  expect(counts.TallyEntry).toBeGreaterThan(counts.PollingUnit! * 2);
  await client.end();
  // The migration itself, with every later one and the functions: as a deploy runs it.
  const now = await deployMigrations(url);
  expect(now[0]).toBe(FIRST_NEW);
  client = new pg.Client({ connectionString: url });
  await client.connect();
}, 120_000);

afterAll(async () => {
  await client?.end();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

describe("the migration to contests (20261201212054_contests)", () => {
  it("keeps every entry, photo, result, history event, change, official figure, party and election as it was", async () => {
    for (const [table, sql] of Object.entries(SNAPSHOTS)) {
      const after = (await rows(sql)).map((r) => r.to_jsonb ?? r["?column?"]);
      expect(after, table).toEqual(before[table]);
      expect(after.length, table).toBeGreaterThan(0);
    }
  });

  it("marks a unit ballot reported exactly where someone sent an entry (20261202003430_unit_reported)", async () => {
    const marks = await rows(
      `SELECT r.reported, EXISTS (SELECT 1 FROM "TallyEntry" e WHERE e."electionId" = r."electionId" AND e."unitCode" = r."unitCode" AND e.ballot = r.ballot) AS "hasEntry", count(*)::int AS n
         FROM "UnitResult" r GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(marks.every((m) => m.reported === m.hasEntry)).toBe(true);
    expect(marks.find((m) => !m.reported)?.n).toBe(2);
    expect(marks.some((m) => m.reported)).toBe(true);
  });

  it("gives photos their election, makes units that sent nothing silent, and dates each change's state (20261206193100_result_machine)", async () => {
    // Each photo sent with an entry belongs to that entry's election.
    expect(
      await rows(
        `SELECT count(*)::int AS n FROM "TallyPhoto" p JOIN "TallyEntry" e ON e.id = p."entryId" WHERE p."electionId" <> e."electionId"`,
      ),
    ).toEqual([{ n: 0 }]);
    expect(await rows(`SELECT count(*)::int AS n FROM "TallyPhoto" WHERE "electionId" IS NULL`)).toEqual([{ n: 0 }]);
    expect(
      await rows(`SELECT count(*)::int AS n FROM "TallyPhoto" WHERE "incidentId" IS NOT NULL OR phash IS NOT NULL`),
    ).toEqual([{ n: 0 }]);
    // Nothing sent: silent, not escalated; and so in the history.
    expect(
      await rows(`SELECT status::text, count(*)::int AS n FROM "UnitResult" WHERE NOT reported GROUP BY 1`),
    ).toEqual([{ status: "silent", n: 2 }]);
    expect(
      await rows(`SELECT count(*)::int AS n FROM "ResultEvent" WHERE reason = 'no report' AND "toStatus" <> 'silent'`),
    ).toEqual([{ n: 0 }]);
    // Each change carries a state (the changes written before knew only the state now).
    expect(await rows(`SELECT count(*)::int AS n FROM "ResultChange" WHERE status IS NULL`)).toEqual([{ n: 0 }]);
  });

  it("puts the placements, their history and the runs in the election (20261202004524_placements_per_election)", async () => {
    for (const table of ["UnitAssignment", "AssignmentEvent", "AssignmentRun"])
      expect(await rows(`SELECT "electionId", count(*)::int AS n FROM "${table}" GROUP BY 1`), table).toEqual([
        { electionId: "00000000-0000-4000-8000-000000000001", n: 1 },
      ]);
    expect(await rows(`SELECT slot, status::text, source FROM "UnitAssignment"`)).toEqual([
      { slot: 0, status: "accepted", source: "auto" },
    ]);
  });

  it("makes the election two contests whose areas are its constituencies, with every unit in both", async () => {
    expect(await rows(`SELECT key, kind::text, seats, position FROM "Contest" ORDER BY position`)).toEqual([
      { key: "constituency", kind: "district", seats: null, position: 1 },
      { key: "party_list", kind: "party_list", seats: 100, position: 2 },
    ]);
    const areas = await rows(`SELECT ballot, count(*)::int AS n FROM "ContestArea" GROUP BY 1 ORDER BY 1`);
    expect(areas).toEqual([
      { ballot: "constituency", n: counts.Constituency },
      { ballot: "party_list", n: counts.Constituency },
    ]);
    // Every unit in its own constituency's area, for both ballots.
    expect(
      await rows(
        `SELECT count(*)::int AS n FROM "AreaUnit" a JOIN "PollingUnit" u ON u.code = a."unitCode" AND u."constituencyId" = a."areaCode"`,
      ),
    ).toEqual([{ n: counts.PollingUnit! * 2 }]);
  });

  it("turns the constituency totals into area totals, equal to a recomputation from the verified entries", async () => {
    expect(
      await rows(
        `SELECT "electionId", ballot, "areaCode" AS area, "unitsVerified", eligible, voters, "ballotsUsed", invalid, "voteNo" FROM "AreaTotal" ORDER BY 2, 3`,
      ),
    ).toEqual(oldTotals);
    expect(await rows(`SELECT ballot, "areaCode" AS area, number, votes FROM "VoteTotal" ORDER BY 1, 2, 3`)).toEqual(
      oldVotes,
    );
    const recomputed = await rows(
      `SELECT r.ballot, a."areaCode" AS area, count(*)::int AS units, sum(e.voters)::int AS voters
         FROM "UnitResult" r JOIN "TallyEntry" e ON e.id = r."verifiedEntryId"
         JOIN "AreaUnit" a ON a."electionId" = r."electionId" AND a.ballot = r.ballot AND a."unitCode" = r."unitCode"
        GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(
      await rows(`SELECT ballot, "areaCode" AS area, "unitsVerified" AS units, voters FROM "AreaTotal" ORDER BY 1, 2`),
    ).toEqual(recomputed);
  });

  it("puts every candidate in its constituency's area of the constituency contest", async () => {
    const after = await rows(
      `SELECT id, "areaCode" AS area, number, "nameTh", "partyId", ballot FROM "Candidate" ORDER BY id`,
    );
    expect(after).toEqual(oldCandidates.map((c) => ({ ...c, ballot: "constituency" })));
  });

  it("leaves a database the functions work on: a verification moves the figures into the unit's area", async () => {
    const [unit] = await rows(
      `SELECT r."unitCode", r.ballot FROM "UnitResult" r WHERE r.status = 'reported' AND r.ballot = 'party_list' ORDER BY 1 LIMIT 1`,
    );
    const [area] = await rows(
      `SELECT "areaCode", "unitsVerified" FROM "AreaTotal" WHERE ballot = 'party_list' AND "areaCode" = left('${unit!.unitCode}', 5)`,
    );
    const submitted = await rows(`
      SELECT * FROM tally_submit(gen_random_uuid(), '00000000-0000-4000-8000-000000000001', '${unit!.unitCode}', 'party_list', 'blind',
        '00000000-0000-4000-8000-0000000000a2', 800, 600, 820, 600, 220, 10, 20,
        (SELECT votes FROM "TallyEntry" WHERE "unitCode" = '${unit!.unitCode}' AND ballot = 'party_list' LIMIT 1), '{}',
        (SELECT fingerprint FROM "TallyEntry" WHERE "unitCode" = '${unit!.unitCode}' AND ballot = 'party_list' LIMIT 1), '{}',
        570, NULL, NULL, NULL, NULL, NULL)`);
    expect(submitted[0]).toMatchObject({ outcome: "created", result_status: "verified" });
    const [after] = await rows(
      `SELECT "unitsVerified" FROM "AreaTotal" WHERE ballot = 'party_list' AND "areaCode" = '${area!.areaCode}'`,
    );
    expect(after!.unitsVerified).toBe(area!.unitsVerified + 1);
  });
});
