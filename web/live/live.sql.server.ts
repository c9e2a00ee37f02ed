// The realtime count's SQL, in one place (ADR 0021, ADR 0027): the calls into
// live_submit_many and live_fold (prisma/functions/), the provisional totals' reads and
// their recomputation from the snapshots. Nothing else in web/live/ writes SQL.
import { pool } from "../db/db.server.ts";

/** One snapshot as live_submit_many takes it (its jsonb's keys). */
export interface SnapshotRow {
  election: string;
  unit: string;
  ballot: string;
  device: string;
  actor: string;
  seq: number;
  taps: number;
  undos: number;
  ballots: number;
  votes: Record<string, number>;
  invalid: number;
  vote_no: number;
  finished: boolean;
  flags: string[];
  first_tap_at: string | null;
  last_tap_at: string | null;
}

export type SnapshotOutcome = "stored" | "replay" | "conflict" | "stale" | "foreign" | "down" | "jump";

/** What a device stored under a sequence number (a conflict's answer). */
export interface StoredSnapshot {
  seq: number;
  taps: number;
  undos: number;
  votes: Record<string, number>;
  invalid: number;
  voteNo: number;
  finished: boolean;
}

/** The furthest a device's sequence number may move on at once (and where a new device's
 *  may start): a phone sends a snapshot every few seconds, so 100,000 is days of counting. */
export const MAX_SEQ_STEP = 100_000;

/** Stores snapshots in one statement; each device of a unit ballot at most once. */
export async function storeSnapshots(rows: SnapshotRow[]) {
  const { rows: out } = await pool().query<{
    ord: number;
    outcome: SnapshotOutcome;
    stored_seq: number | null;
    stored: StoredSnapshot | null;
  }>({
    // Named: parsed and planned once per connection, not on every group (ADR 0035).
    name: "live.store-snapshots",
    text: `SELECT * FROM live_submit_many($1::jsonb, $2)`,
    values: [JSON.stringify(rows), MAX_SEQ_STEP],
  });
  return out.map((o) => ({ outcome: o.outcome, storedSeq: o.stored_seq, stored: o.stored }));
}

/** Folds up to `limit` new snapshots, and the units whose Final Score arrived, into the
 *  provisional totals; -1 when another process is folding. */
export async function foldSnapshots(limit: number, divergeShare: number, finalDiffersShare: number) {
  const { rows } = await pool().query<{ n: number }>(`SELECT live_fold($1, $2, $3) AS n`, [
    limit,
    divergeShare,
    finalDiffersShare,
  ]);
  return rows[0]!.n;
}

export interface LiveAreaRow {
  areaCode: string;
  unitsCounting: number;
  unitsFinished: number;
  unitsFinal: number;
  ballots: number;
  invalid: number;
  voteNo: number;
  knownBallots: number;
  knownEligible: number;
}

/** A contest's provisional totals per area (all areas when `areaCode` is null). */
export async function liveAreaTotals(electionId: string, ballot: string, areaCode: string | null) {
  const [{ rows: areas }, { rows: votes }] = await Promise.all([
    pool().query<LiveAreaRow>(
      `SELECT "areaCode", "unitsCounting", "unitsFinished", "unitsFinal", ballots, invalid, "voteNo", "knownBallots", "knownEligible"
         FROM "LiveTotal" WHERE "electionId" = $1 AND ballot = $2 AND ($3::text IS NULL OR "areaCode" = $3) ORDER BY "areaCode"`,
      [electionId, ballot, areaCode],
    ),
    pool().query<{ areaCode: string; number: number; votes: number }>(
      `SELECT "areaCode", number, votes FROM "LiveVoteTotal"
        WHERE "electionId" = $1 AND ballot = $2 AND ($3::text IS NULL OR "areaCode" = $3) AND votes <> 0`,
      [electionId, ballot, areaCode],
    ),
  ]);
  return { areas, votes };
}

export interface LiveUnitRow {
  unitCode: string;
  ballot: string;
  areaCode: string;
  devices: number;
  ballots: number;
  eligible: number | null;
  finished: boolean;
  final: boolean;
  flags: string[];
  updatedAt: Date;
}

/** The flagged units of an election's realtime count, for a head (units whose code starts
 *  with one of `prefixes`) or the war room (no prefixes: all). */
export async function flaggedLiveUnits(electionId: string, prefixes: string[] | null, take = 100) {
  const { rows } = await pool().query<LiveUnitRow>(
    `SELECT "unitCode", ballot, "areaCode", devices, ballots, eligible, finished, final, flags, "updatedAt"
       FROM "LiveUnit"
      WHERE "electionId" = $1 AND cardinality(flags) > 0
        AND ($2::text[] IS NULL OR left("unitCode", 5) = ANY($2::text[]))
      ORDER BY "updatedAt" DESC LIMIT $3`,
    [electionId, prefixes, take],
  );
  return rows;
}

/** A unit ballot's snapshots, one per device (the person's own last one first). */
export async function unitSnapshots(electionId: string, unitCode: string, ballot: string) {
  const { rows } = await pool().query<{
    deviceId: string;
    userId: string;
    seq: number;
    ballots: number;
    votes: Record<string, number>;
    invalid: number;
    voteNo: number;
    finished: boolean;
    flags: string[];
    receivedAt: Date;
  }>(
    `SELECT "deviceId", "userId", seq, ballots, votes, invalid, "voteNo", finished, flags, "receivedAt"
       FROM "LiveSnapshot" WHERE "electionId" = $1 AND "unitCode" = $2 AND ballot = $3 ORDER BY "receivedAt" DESC`,
    [electionId, unitCode, ballot],
  );
  return rows;
}

/** Where the provisional totals differ from a recomputation from the snapshots (the leading
 *  device of each unit ballot without a Final Score): rows of area, number (null: the
 *  ballots) and both sums. Empty when they agree; meaningful once nothing is pending. */
export async function liveDrift(electionId: string) {
  const { rows } = await pool().query<{
    ballot: string;
    areaCode: string;
    number: number | null;
    kept: number;
    recomputed: number;
  }>(
    `WITH lead AS (
       -- The leading device: the plausible one with the most ballots (none plausible: nothing).
       SELECT DISTINCT ON (s."unitCode", s.ballot) s."unitCode", s.ballot,
              CASE WHEN cardinality(s.flags) = 0 THEN s.ballots ELSE 0 END AS ballots,
              CASE WHEN cardinality(s.flags) = 0 THEN s.votes ELSE '{}'::jsonb END AS votes, a."areaCode"
         FROM "LiveSnapshot" s
         JOIN "AreaUnit" a ON (a."electionId", a.ballot, a."unitCode") = (s."electionId", s.ballot, s."unitCode")
        WHERE s."electionId" = $1
          AND NOT EXISTS (SELECT 1 FROM "UnitResult" r
                           WHERE (r."electionId", r."unitCode", r.ballot) = (s."electionId", s."unitCode", s.ballot) AND r.reported)
        ORDER BY s."unitCode", s.ballot, cardinality(s.flags) = 0 DESC, s.ballots DESC, s."receivedAt" DESC, s."deviceId"
     ), recomputed AS (
       SELECT ballot, "areaCode", NULL::int AS number, sum(ballots)::int AS n FROM lead GROUP BY ballot, "areaCode"
       UNION ALL
       SELECT l.ballot, l."areaCode", v.key::int, sum(v.value::int)::int FROM lead l, jsonb_each_text(l.votes) v
        GROUP BY l.ballot, l."areaCode", v.key::int
     ), kept AS (
       SELECT ballot, "areaCode", NULL::int AS number, ballots AS n FROM "LiveTotal" WHERE "electionId" = $1
       UNION ALL
       SELECT ballot, "areaCode", number, votes FROM "LiveVoteTotal" WHERE "electionId" = $1
     )
     SELECT coalesce(k.ballot, r.ballot) AS ballot, coalesce(k."areaCode", r."areaCode") AS "areaCode",
            coalesce(k.number, r.number) AS number, coalesce(k.n, 0) AS kept, coalesce(r.n, 0) AS recomputed
       FROM kept k FULL JOIN recomputed r
         ON k.ballot = r.ballot AND k."areaCode" = r."areaCode" AND coalesce(k.number, -1) = coalesce(r.number, -1)
      WHERE coalesce(k.n, 0) <> coalesce(r.n, 0)`,
    [electionId],
  );
  return rows;
}
