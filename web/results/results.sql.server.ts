// Results' SQL, in one place (ADR 0021): the reads over verified totals that Prisma's API
// cannot say (leaders per constituency, the media's candidate rows), and the official
// figures' import and comparison. Rows are typed here.
import type pg from "pg";
import { db } from "../db/db.server.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { Ballot } from "../tally/tally-rules.ts";

type Client = pg.PoolClient | pg.Client;

/** The election's units (in any of its contests) and its unit ballots, `<unit>|<ballot>`. */
export async function unitBallotKeys(client: Client, electionId: string) {
  const { rows } = await client.query<{ unitCode: string; ballot: string }>(
    `SELECT "unitCode", ballot FROM "AreaUnit" WHERE "electionId" = $1`,
    [electionId],
  );
  return {
    units: new Set(rows.map((r) => r.unitCode)),
    ballots: new Set(rows.map((r) => `${r.unitCode}|${r.ballot}`)),
  };
}

/** Official figures (unit, ballot, figure, value) upserted, changing only what differs;
 *  how many changed. */
export async function upsertOfficialFigures(
  client: Client,
  electionId: string,
  part: [string, string, string, number][],
) {
  const { rows } = await client.query<{ n: number }>(
    `WITH up AS (
       INSERT INTO "OfficialFigure" ("electionId", "unitCode", ballot, figure, value)
       SELECT $1, u, b, f, v FROM unnest($2::text[], $3::text[], $4::text[], $5::int[]) AS t(u, b, f, v)
       ON CONFLICT ("electionId", "unitCode", ballot, figure) DO UPDATE SET value = EXCLUDED.value WHERE "OfficialFigure".value IS DISTINCT FROM EXCLUDED.value
       RETURNING 1)
     SELECT count(*)::int AS n FROM up`,
    [electionId, part.map((x) => x[0]), part.map((x) => x[1]), part.map((x) => x[2]), part.map((x) => x[3])],
  );
  return rows[0]!.n;
}

export interface OfficialComparison {
  /** Unit ballots both sides have. */
  compared: number;
  /** Per constituency, ballot and figure where any unit differs: the sums over the units
   *  both sides have, and the sum of each unit's absolute difference (offsetting errors
   *  do not vanish). */
  byConstituency: {
    constituencyId: string;
    ballot: string;
    figure: string;
    ours: number;
    official: number;
    absDifference: number;
    units: number;
  }[];
  /** Each differing figure of a unit ballot both sides have (ours null: a number the ECT
   *  gives and our count does not). */
  units: { unitCode: string; ballot: string; figure: string; ours: number | null; official: number }[];
  /** Unit ballots the ECT gives and we have not verified, and the other way round. */
  missingOurs: { unitCode: string; ballot: string; status: string | null }[];
  missingOfficial: { unitCode: string; ballot: string }[];
  missingCounts: { ours: number; official: number };
}

/** Every figure of the official results against our verified ones, for units matching
 *  `units` (a LIKE pattern). Only the figures the ECT gives are compared. */
export async function officialComparison(electionId: string, units: string, take: number): Promise<OfficialComparison> {
  const sides = Prisma.sql`
    ours AS (
      SELECT r."unitCode", r.ballot, f.figure, f.value
        FROM "UnitResult" r JOIN "TallyEntry" e ON e.id = r."verifiedEntryId"
       CROSS JOIN LATERAL (
         VALUES ('eligible', e.eligible), ('voters', e.voters), ('ballotsReceived', e."ballotsReceived"),
                ('ballotsUsed', e."ballotsUsed"), ('valid', e.valid), ('invalid', e.invalid), ('voteNo', e."voteNo"),
                ('ballotsLeftOver', e."ballotsLeftOver")
         UNION ALL SELECT v.key, v.value::int FROM jsonb_each_text(e.votes) v) AS f(figure, value)
       WHERE r."electionId" = ${electionId}::uuid AND r.status = 'verified' AND r."unitCode" LIKE ${units}),
    official AS (
      SELECT "unitCode", ballot, figure, value FROM "OfficialFigure"
       WHERE "electionId" = ${electionId}::uuid AND "unitCode" LIKE ${units}),
    ours_units AS (SELECT DISTINCT "unitCode", ballot FROM ours),
    official_units AS (SELECT DISTINCT "unitCode", ballot FROM official),
    pairs AS (
      SELECT o."unitCode", o.ballot, o.figure, x.value AS ours, o.value AS official
        FROM official o JOIN ours_units u USING ("unitCode", ballot)
        LEFT JOIN ours x ON x."unitCode" = o."unitCode" AND x.ballot = o.ballot AND x.figure = o.figure)`;
  const [compared, byConstituency, differing, missingOurs, missingOfficial, missingCounts] = await Promise.all([
    db().$queryRaw<{ n: number }[]>`
      WITH ${sides} SELECT count(*)::int AS n FROM (SELECT * FROM official_units INTERSECT SELECT * FROM ours_units) b`,
    db().$queryRaw<OfficialComparison["byConstituency"]>`
      WITH ${sides}
      SELECT left("unitCode", 5) AS "constituencyId", ballot::text AS ballot, figure,
             sum(coalesce(ours, 0))::int AS ours, sum(official)::int AS official,
             sum(abs(coalesce(ours, 0) - official))::int AS "absDifference", count(DISTINCT "unitCode")::int AS units
        FROM pairs GROUP BY 1, 2, 3 HAVING sum(abs(coalesce(ours, 0) - official)) > 0
       ORDER BY 1, 2, (figure ~ '^[0-9]+$'), length(figure), figure LIMIT ${take}`,
    db().$queryRaw<OfficialComparison["units"]>`
      WITH ${sides}
      SELECT "unitCode", ballot::text AS ballot, figure, ours, official FROM pairs
       WHERE ours IS DISTINCT FROM official
       ORDER BY 1, 2, (figure ~ '^[0-9]+$'), length(figure), figure LIMIT ${take}`,
    db().$queryRaw<OfficialComparison["missingOurs"]>`
      WITH ${sides}
      SELECT m."unitCode", m.ballot::text AS ballot, r.status::text AS status
        FROM (SELECT * FROM official_units EXCEPT SELECT * FROM ours_units) m
        LEFT JOIN "UnitResult" r ON r."electionId" = ${electionId}::uuid AND r."unitCode" = m."unitCode" AND r.ballot = m.ballot
       ORDER BY 1, 2 LIMIT ${take}`,
    // Only once the ECT has published anything here: before, every unit would be "missing".
    db().$queryRaw<OfficialComparison["missingOfficial"]>`
      WITH ${sides}
      SELECT "unitCode", ballot::text AS ballot FROM (SELECT * FROM ours_units EXCEPT SELECT * FROM official_units) m
       WHERE EXISTS (SELECT 1 FROM official) ORDER BY 1, 2 LIMIT ${take}`,
    db().$queryRaw<{ ours: number; official: number }[]>`
      WITH ${sides}
      SELECT (SELECT count(*) FROM (SELECT * FROM official_units EXCEPT SELECT * FROM ours_units) a)::int AS ours,
             (CASE WHEN EXISTS (SELECT 1 FROM official)
                   THEN (SELECT count(*) FROM (SELECT * FROM ours_units EXCEPT SELECT * FROM official_units) b) ELSE 0 END)::int AS official`,
  ]);
  return {
    compared: compared[0]!.n,
    byConstituency,
    units: differing,
    missingOurs,
    missingOfficial,
    missingCounts: missingCounts[0]!,
  };
}

/** The feed's last change, for a snapshot to say which change it reflects. Read before
 *  the snapshot's figures: the snapshot holds every change up to it (and maybe later ones;
 *  a change carries the unit's whole figures, so applying it again is harmless). */
export async function lastChangeSeq(electionId: string) {
  const rows = await db().$queryRaw<{ seq: number | null }[]>`
    SELECT max(seq)::int AS seq FROM "ResultChange" WHERE "electionId" = ${electionId}::uuid`;
  return rows[0]?.seq ?? 0;
}

export interface FeedChange {
  seq: number;
  unitCode: string;
  ballot: string;
  kind: string;
  createdAt: Date;
  status: string;
  eligible: number | null;
  voters: number | null;
  ballotsReceived: number | null;
  ballotsUsed: number | null;
  valid: number | null;
  invalid: number | null;
  voteNo: number | null;
  ballotsLeftOver: number | null;
  votes: Record<string, number> | null;
  decided: boolean;
  hasFormPhoto: boolean;
  flagged: boolean;
}

/** Changes after `seq`, each with the unit ballot's state as of that change and the
 *  figures it counts with then (none for a withdrawal), so a newsroom can apply them
 *  without refetching. */
export function changesWithFigures(electionId: string, seq: number, take: number) {
  return db().$queryRaw<FeedChange[]>`
    SELECT c.seq, c."unitCode", c.ballot::text AS ballot, c.kind, c."createdAt", c.status::text AS status,
           e.eligible, e.voters, e."ballotsReceived", e."ballotsUsed", e.valid, e.invalid, e."voteNo", e."ballotsLeftOver", e.votes,
           c.decided, c."hasFormPhoto", c.flagged
      FROM "ResultChange" c
      LEFT JOIN "TallyEntry" e ON e.id = c."entryId" AND c.kind <> 'withdrawn'
     WHERE c."electionId" = ${electionId}::uuid AND c.seq > ${seq}
     ORDER BY c.seq LIMIT ${take}`;
}

/** The unit ballots counted as of change `asOf` — each one's latest change up to there,
 *  unless a withdrawal — in (ballot, unit) order after the cursor, one page: what a
 *  newsroom starts from before it applies the changes after `asOf` (feed.server.ts). */
export function unitsAsOf(electionId: string, asOf: number, after: { ballot: string; unit: string }, take: number) {
  return db().$queryRaw<FeedChange[]>`
    SELECT c.seq, a."unitCode", a.ballot::text AS ballot, c.kind, c."createdAt", c.status::text AS status,
           e.eligible, e.voters, e."ballotsReceived", e."ballotsUsed", e.valid, e.invalid, e."voteNo", e."ballotsLeftOver", e.votes,
           c.decided, c."hasFormPhoto", c.flagged
      FROM "AreaUnit" a
      CROSS JOIN LATERAL (SELECT * FROM "ResultChange" x
                           WHERE x."electionId" = a."electionId" AND x."unitCode" = a."unitCode" AND x.ballot = a.ballot
                             AND x.seq <= ${asOf}
                           ORDER BY x.seq DESC LIMIT 1) c
      JOIN "TallyEntry" e ON e.id = c."entryId"
     WHERE a."electionId" = ${electionId}::uuid AND (a.ballot, a."unitCode") > (${after.ballot}, ${after.unit})
       AND c.kind <> 'withdrawn'
     ORDER BY a.ballot, a."unitCode" LIMIT ${take}`;
}

/** What a unit ballot's verification level rests on (tally/verification.ts). */
export interface LevelFacts {
  decided: boolean;
  hasFormPhoto: boolean;
  flagged: boolean;
}

/** How many unit ballots stand in each state with each set of level facts (kept on each
 *  result, ADR 0022) and whether anyone reported, per area of the contest (null: all;
 *  "*": the whole contest as one): read from the counts kept per area (AreaStateCount),
 *  a few rows each, the levels counted from them in one place (tally/verification.ts). */
export function levelFactCounts(electionId: string, ballot: Ballot, areaCode: string | null) {
  return db().$queryRaw<LevelFactCount[]>`
    SELECT CASE WHEN ${areaCode}::text = '*' THEN '*' ELSE "areaCode" END AS "areaCode", status::text AS status,
           decided, "hasFormPhoto", flagged, reported, sum(n)::int AS n
      FROM "AreaStateCount"
     WHERE "electionId" = ${electionId}::uuid AND ballot = ${ballot} AND n <> 0
       AND (${areaCode}::text IS NULL OR ${areaCode}::text = '*' OR "areaCode" = ${areaCode})
     GROUP BY 1, 2, 3, 4, 5, 6`;
}

type LevelFactCount = LevelFacts & { areaCode: string; status: string; reported: boolean; n: number };

/** Provinces with at least one verified unit for the ballot: per area with one, the
 *  province of one of its units (a unit's code starts with its province's; areas lie
 *  within a province, but for a whole-country area, which counts once). */
export async function provincesVerified(electionId: string, ballot: Ballot) {
  const rows = await db().$queryRaw<{ n: number }[]>`
    SELECT count(DISTINCT (SELECT left(u."unitCode", 2) FROM "AreaUnit" u
                            WHERE u."electionId" = t."electionId" AND u.ballot = t.ballot AND u."areaCode" = t."areaCode" LIMIT 1))::int AS n
      FROM "AreaTotal" t WHERE t."electionId" = ${electionId}::uuid AND t.ballot = ${ballot} AND t."unitsVerified" > 0`;
  return rows[0]!.n;
}

/** Each area's leading candidate by verified votes (ties: the lower number). */
export function areaLeaders(electionId: string, ballot: Ballot) {
  return db().$queryRaw<{ areaCode: string; number: number; votes: number }[]>`
      SELECT DISTINCT ON ("areaCode") "areaCode", number, votes FROM "VoteTotal"
       WHERE "electionId" = ${electionId}::uuid AND ballot = ${ballot} AND votes > 0 ORDER BY "areaCode", votes DESC, number`;
}

/** One row per constituency and candidate with its votes and the coverage they rest on
 *  (the media's CSV, in ECT's per-constituency columns). */
export function constituencyCandidateRows(electionId: string) {
  return db().$queryRaw<
    {
      province: string;
      constituency: string;
      number: number;
      name: string;
      party: string | null;
      votes: number;
      verified: number;
      units: number;
    }[]
  >`
    SELECT p."nameTh" AS province, c.id AS constituency, k.number, k."nameTh" AS name, pa."nameTh" AS party,
           coalesce(v.votes, 0)::int AS votes, coalesce(t."unitsVerified", 0)::int AS verified,
           (SELECT count(*)::int FROM "AreaUnit" u WHERE u."electionId" = k."electionId" AND u.ballot = k.ballot AND u."areaCode" = c.id) AS units
      FROM "Candidate" k JOIN "Constituency" c ON c.id = k."areaCode" JOIN "Province" p ON p.code = c."provinceCode"
      LEFT JOIN "Party" pa ON pa.id = k."partyId"
      LEFT JOIN "VoteTotal" v ON v."electionId" = k."electionId" AND v.ballot = k.ballot AND v."areaCode" = c.id AND v.number = k.number
      LEFT JOIN "AreaTotal" t ON t."electionId" = k."electionId" AND t.ballot = k.ballot AND t."areaCode" = c.id
     WHERE k."electionId" = ${electionId}::uuid AND k.ballot = 'constituency' ORDER BY c.id, k.number`;
}
