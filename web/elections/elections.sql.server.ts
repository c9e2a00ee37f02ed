// Election set-up's SQL, in one place (ADR 0021): elections, contests, their areas and
// units, candidates and parties — created, imported by CSV and looked up in bulk.
import type pg from "pg";
import { pool } from "../db/db.server.ts";

type Client = pg.PoolClient | pg.Client;

/** What a candidates file may refer to: the areas of the election's constituency contest,
 *  and the election's party numbers. */
export async function candidateReferences(client: Client, electionId: string) {
  const constituencies = await client.query<{ id: string }>(
    `SELECT code AS id FROM "ContestArea" WHERE "electionId" = $1 AND ballot = 'constituency'`,
    [electionId],
  );
  const parties = await client.query<{ number: number }>(`SELECT number FROM "Party" WHERE "electionId" = $1`, [
    electionId,
  ]);
  return {
    constituencies: new Set(constituencies.rows.map((r) => r.id)),
    parties: new Set(parties.rows.map((r) => r.number)),
  };
}

/** Parties (number, Thai and English names, colour) upserted; how many changed. */
export async function upsertParties(client: Client, electionId: string, columns: unknown[][]) {
  const { rows } = await client.query<{ n: number }>(
    `WITH up AS (
       INSERT INTO "Party" (id, "electionId", number, "nameTh", "nameEn", colour)
       SELECT gen_random_uuid(), $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[])
       ON CONFLICT ("electionId", number) DO UPDATE SET "nameTh" = EXCLUDED."nameTh", "nameEn" = EXCLUDED."nameEn", colour = EXCLUDED.colour
       WHERE ("Party"."nameTh", "Party"."nameEn", "Party".colour) IS DISTINCT FROM (EXCLUDED."nameTh", EXCLUDED."nameEn", EXCLUDED.colour)
       RETURNING 1)
     SELECT count(*)::int AS n FROM up`,
    [electionId, ...columns],
  );
  return rows[0]!.n;
}

/** Candidates (constituency, number, name, party number) of the constituency contest
 *  upserted; how many changed. */
export async function upsertCandidates(client: Client, electionId: string, columns: unknown[][]) {
  const { rows } = await client.query<{ n: number }>(
    `WITH input AS (SELECT * FROM unnest($2::text[], $3::int[], $4::text[], $5::int[]) AS t(constituency, number, name, party)),
     up AS (
       INSERT INTO "Candidate" (id, "electionId", ballot, "areaCode", number, "nameTh", "partyId")
       SELECT gen_random_uuid(), $1, 'constituency', i.constituency, i.number, i.name, p.id
         FROM input i LEFT JOIN "Party" p ON p."electionId" = $1 AND p.number = i.party
       ON CONFLICT ("electionId", ballot, "areaCode", number) DO UPDATE SET "nameTh" = EXCLUDED."nameTh", "partyId" = EXCLUDED."partyId"
       WHERE ("Candidate"."nameTh", "Candidate"."partyId") IS DISTINCT FROM (EXCLUDED."nameTh", EXCLUDED."partyId")
       RETURNING 1)
     SELECT count(*)::int AS n FROM up`,
    [electionId, ...columns],
  );
  return rows[0]!.n;
}

/** An election row (no contests yet); closesAt is an ISO instant. Its id. */
export async function insertElection(
  client: Client,
  e: { slug: string; nameTh: string; nameEn: string; date: string; closesAt: string; rehearsal?: boolean },
) {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO "Election" (id, slug, "nameTh", "nameEn", date, "closesAt", rehearsal) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6) RETURNING id`,
    // Prisma's DateTime columns hold UTC without a zone: give PostgreSQL the UTC time.
    [e.slug, e.nameTh, e.nameEn, e.date, new Date(e.closesAt).toISOString(), e.rehearsal ?? false],
  );
  return rows[0]!.id;
}

/** A contest as set up: its areas, each with the units that vote in it. */
export interface ContestSpec {
  key: string;
  kind: "district" | "area_wide" | "party_list" | "multi_member" | "referendum";
  nameTh: string;
  nameEn: string;
  seats?: number | null;
  position: number;
  areas: { code: string; nameTh: string; nameEn: string; seats?: number; units: string[] }[];
}

/** Adds a contest with its areas and their units (one statement each, any size). */
export async function insertContest(client: Client, electionId: string, spec: ContestSpec) {
  await client.query(
    `INSERT INTO "Contest" (id, "electionId", key, kind, "nameTh", "nameEn", seats, position)
     VALUES (gen_random_uuid(), $1, $2, $3::"ContestKind", $4, $5, $6, $7)`,
    [electionId, spec.key, spec.kind, spec.nameTh, spec.nameEn, spec.seats ?? null, spec.position],
  );
  await client.query(
    `INSERT INTO "ContestArea" ("electionId", ballot, code, "nameTh", "nameEn", seats)
     SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], $6::int[])`,
    [
      electionId,
      spec.key,
      spec.areas.map((a) => a.code),
      spec.areas.map((a) => a.nameTh),
      spec.areas.map((a) => a.nameEn),
      spec.areas.map((a) => a.seats ?? 1),
    ],
  );
  await client.query(
    `INSERT INTO "AreaUnit" ("electionId", ballot, "unitCode", "areaCode")
     SELECT $1, $2, * FROM unnest($3::text[], $4::text[])`,
    [electionId, spec.key, spec.areas.flatMap((a) => a.units), spec.areas.flatMap((a) => a.units.map(() => a.code))],
  );
}

/** A general election's two contests over today's constituencies — constituency MPs
 *  (district) and the party list (its seats over all the country's units) — as the
 *  migration of existing elections made them (20261201212054_contests). */
export async function insertGeneralContests(client: Client, electionId: string, partyListSeats = 100) {
  await client.query(
    `INSERT INTO "Contest" (id, "electionId", key, kind, "nameTh", "nameEn", seats, position)
     VALUES (gen_random_uuid(), $1, 'constituency', 'district', 'ส.ส. แบบแบ่งเขต', 'Constituency MPs', NULL, 1),
            (gen_random_uuid(), $1, 'party_list', 'party_list', 'ส.ส. แบบบัญชีรายชื่อ', 'Party-list MPs', $2, 2)`,
    [electionId, partyListSeats],
  );
  await client.query(
    `INSERT INTO "ContestArea" ("electionId", ballot, code, "nameTh", "nameEn", seats)
     SELECT $1, b.key, c.id, p."nameTh" || ' เขต ' || c.number, p."nameEn" || ' constituency ' || c.number, 1
       FROM (VALUES ('constituency'), ('party_list')) AS b(key)
      CROSS JOIN "Constituency" c JOIN "Province" p ON p.code = c."provinceCode"`,
    [electionId],
  );
  await client.query(
    `INSERT INTO "AreaUnit" ("electionId", ballot, "unitCode", "areaCode")
     SELECT $1, b.key, u.code, u."constituencyId" FROM (VALUES ('constituency'), ('party_list')) AS b(key) CROSS JOIN "PollingUnit" u`,
    [electionId],
  );
}

/** Candidates (or a question's options) of one contest, per area: number and names. */
export async function insertChoices(
  client: Client,
  electionId: string,
  ballot: string,
  rows: { area: string; number: number; nameTh: string; nameEn?: string | null; party?: number | null }[],
) {
  await client.query(
    `INSERT INTO "Candidate" (id, "electionId", ballot, "areaCode", number, "nameTh", "nameEn", "partyId")
     SELECT gen_random_uuid(), $1, $2, t.area, t.number, t.th, t.en, p.id
       FROM unnest($3::text[], $4::int[], $5::text[], $6::text[], $7::int[]) AS t(area, number, th, en, party)
       LEFT JOIN "Party" p ON p."electionId" = $1 AND p.number = t.party`,
    [
      electionId,
      ballot,
      rows.map((r) => r.area),
      rows.map((r) => r.number),
      rows.map((r) => r.nameTh),
      rows.map((r) => r.nameEn ?? null),
      rows.map((r) => r.party ?? null),
    ],
  );
}

/** What a set-up file may refer to: the election's contests (key → kind), their areas
 *  (`<contest>|<area>`), the units, and the party numbers. */
export async function contestReferences(client: Client, electionId: string, withUnits: boolean) {
  // One after the other: a client runs one query at a time (pg 9 refuses a second while
  // one is under way).
  const contests = await client.query<{ key: string; kind: ContestSpec["kind"] }>(
    `SELECT key, kind::text AS kind FROM "Contest" WHERE "electionId" = $1`,
    [electionId],
  );
  const areas = await client.query<{ k: string }>(
    `SELECT ballot || '|' || code AS k FROM "ContestArea" WHERE "electionId" = $1`,
    [electionId],
  );
  const units = withUnits ? await client.query<{ code: string }>(`SELECT code FROM "PollingUnit"`) : { rows: [] };
  const parties = await client.query<{ number: number }>(`SELECT number FROM "Party" WHERE "electionId" = $1`, [
    electionId,
  ]);
  return {
    contests: new Map(contests.rows.map((r) => [r.key, r.kind])),
    areas: new Set(areas.rows.map((r) => r.k)),
    units: new Set(units.rows.map((r) => r.code)),
    parties: new Set(parties.rows.map((r) => r.number)),
  };
}

const countChanged = async (client: Client, sql: string, params: unknown[]) =>
  (await client.query<{ n: number }>(`WITH up AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM up`, params))
    .rows[0]!.n;

/** Contests upserted by key, changing only what differs; how many changed. */
export function upsertContests(
  client: Client,
  electionId: string,
  rows: { key: string; kind: string; nameTh: string; nameEn: string; seats: number | null; position: number }[],
) {
  return countChanged(
    client,
    `INSERT INTO "Contest" (id, "electionId", key, kind, "nameTh", "nameEn", seats, position)
     SELECT gen_random_uuid(), $1, t.key, t.kind::"ContestKind", t.th, t.en, t.seats, t.position
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[]) AS t(key, kind, th, en, seats, position)
     ON CONFLICT ("electionId", key) DO UPDATE SET kind = EXCLUDED.kind, "nameTh" = EXCLUDED."nameTh", "nameEn" = EXCLUDED."nameEn",
       seats = EXCLUDED.seats, position = EXCLUDED.position
     WHERE ("Contest".kind, "Contest"."nameTh", "Contest"."nameEn", "Contest".seats, "Contest".position)
           IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED."nameTh", EXCLUDED."nameEn", EXCLUDED.seats, EXCLUDED.position)`,
    [
      electionId,
      rows.map((r) => r.key),
      rows.map((r) => r.kind),
      rows.map((r) => r.nameTh),
      rows.map((r) => r.nameEn),
      rows.map((r) => r.seats),
      rows.map((r) => r.position),
    ],
  );
}

/** Areas (from the rows' first mention) and which unit votes in which, upserted; a unit
 *  moved to another area of a contest moves. How many rows changed. */
export async function upsertAreaUnits(
  client: Client,
  electionId: string,
  rows: { ballot: string; area: string; nameTh: string; nameEn: string; seats: number; unit: string }[],
) {
  const areas = [...new Map(rows.map((r) => [`${r.ballot}|${r.area}`, r])).values()];
  const changedAreas = await countChanged(
    client,
    `INSERT INTO "ContestArea" ("electionId", ballot, code, "nameTh", "nameEn", seats)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[])
     ON CONFLICT ("electionId", ballot, code) DO UPDATE SET "nameTh" = EXCLUDED."nameTh", "nameEn" = EXCLUDED."nameEn", seats = EXCLUDED.seats
     WHERE ("ContestArea"."nameTh", "ContestArea"."nameEn", "ContestArea".seats) IS DISTINCT FROM (EXCLUDED."nameTh", EXCLUDED."nameEn", EXCLUDED.seats)`,
    [
      electionId,
      areas.map((a) => a.ballot),
      areas.map((a) => a.area),
      areas.map((a) => a.nameTh),
      areas.map((a) => a.nameEn),
      areas.map((a) => a.seats),
    ],
  );
  let changedUnits = 0;
  for (let i = 0; i < rows.length; i += 20_000) {
    const part = rows.slice(i, i + 20_000);
    changedUnits += await countChanged(
      client,
      `INSERT INTO "AreaUnit" ("electionId", ballot, "unitCode", "areaCode")
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[])
       ON CONFLICT ("electionId", ballot, "unitCode") DO UPDATE SET "areaCode" = EXCLUDED."areaCode"
       WHERE "AreaUnit"."areaCode" IS DISTINCT FROM EXCLUDED."areaCode"`,
      [electionId, part.map((r) => r.ballot), part.map((r) => r.unit), part.map((r) => r.area)],
    );
  }
  return changedAreas + changedUnits;
}

/** Candidates or options upserted by contest, area and number; how many changed. */
export function upsertChoices(
  client: Client,
  electionId: string,
  rows: { ballot: string; area: string; number: number; nameTh: string; nameEn: string | null; party: number | null }[],
) {
  return countChanged(
    client,
    `INSERT INTO "Candidate" (id, "electionId", ballot, "areaCode", number, "nameTh", "nameEn", "partyId")
     SELECT gen_random_uuid(), $1, t.ballot, t.area, t.number, t.th, t.en, p.id
       FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::int[]) AS t(ballot, area, number, th, en, party)
       LEFT JOIN "Party" p ON p."electionId" = $1 AND p.number = t.party
     ON CONFLICT ("electionId", ballot, "areaCode", number) DO UPDATE SET "nameTh" = EXCLUDED."nameTh", "nameEn" = EXCLUDED."nameEn", "partyId" = EXCLUDED."partyId"
     WHERE ("Candidate"."nameTh", "Candidate"."nameEn", "Candidate"."partyId") IS DISTINCT FROM (EXCLUDED."nameTh", EXCLUDED."nameEn", EXCLUDED."partyId")`,
    [
      electionId,
      rows.map((r) => r.ballot),
      rows.map((r) => r.area),
      rows.map((r) => r.number),
      rows.map((r) => r.nameTh),
      rows.map((r) => r.nameEn),
      rows.map((r) => r.party),
    ],
  );
}

/** Every unit of an election with its area in each contest (one read for the cache of
 *  contests.server.ts: ~300,000 short rows at three contests over the country). */
export async function areaUnitsOf(electionId: string) {
  const { rows } = await pool().query<{ unitCode: string; ballot: string; areaCode: string }>(
    `SELECT "unitCode", ballot, "areaCode" FROM "AreaUnit" WHERE "electionId" = $1`,
    [electionId],
  );
  return rows;
}

/** How many units each of the election's contest areas has (AreaUnit, changed only by
 *  the set-up). */
export async function areaUnitCounts(electionId: string) {
  const { rows } = await pool().query<{ ballot: string; areaCode: string; n: number }>(
    `SELECT ballot, "areaCode", count(*)::int AS n FROM "AreaUnit" WHERE "electionId" = $1 GROUP BY 1, 2`,
    [electionId],
  );
  return rows;
}
