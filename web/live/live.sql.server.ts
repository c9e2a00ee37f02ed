// The realtime count's SQL, in one place (ADR 0021, ADR 0027): the calls into
// live_submit_many and live_fold (prisma/functions/), the provisional totals' reads and
// their recomputation from the snapshots. Nothing else in web/live/ writes SQL.
import { sql } from "@pgtyped/runtime";
import { pool, sqlClient } from "../db/db.server.ts";
import type {
  ICallLiveSubmitManyQuery,
  ISelectLiveDriftQuery,
  ISelectFlaggedLiveUnitsQuery,
  ISelectFlaggedLiveUnitsResult,
  ICallLiveFoldQuery,
  ISelectLiveAreasQuery,
  ISelectLiveAreasResult,
  ISelectLiveAreaVotesQuery,
  ISelectUnitSnapshotsQuery,
} from "./live.sql.server.types.ts";

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
  const out = await callLiveSubmitMany.run(
    { snapshots: JSON.stringify(rows), maxStep: MAX_SEQ_STEP },
    sqlClient(pool(), "live.store-snapshots"),
  );
  return out.map((o) => ({
    outcome: o.outcome as SnapshotOutcome,
    storedSeq: o.stored_seq,
    stored: o.stored as StoredSnapshot | null,
  }));
}

// No "!" hints on a hot path: pgtyped renames hinted columns in every row it returns.
const callLiveSubmitMany = sql<ICallLiveSubmitManyQuery>`
  SELECT outcome, stored_seq, stored FROM live_submit_many($snapshots!::jsonb, $maxStep!)`;

/** Folds up to `limit` new snapshots, and the units whose Final Score arrived, into the
 *  provisional totals; -1 when another process is folding. */
export async function foldSnapshots(limit: number, divergeShare: number, finalDiffersShare: number) {
  const [row] = await callLiveFold.run({ limit, divergeShare, finalDiffersShare }, sqlClient());
  return row!.n;
}

const callLiveFold = sql<ICallLiveFoldQuery>`
  SELECT live_fold($limit!, $divergeShare!, $finalDiffersShare!) AS "n!"`;

/** A contest's provisional totals per area (all areas when `areaCode` is null). */
export async function liveAreaTotals(electionId: string, ballot: string, areaCode: string | null) {
  const params = { electionId, ballot, areaCode };
  const [areas, votes] = await Promise.all([
    selectLiveAreas.run(params, sqlClient()),
    selectLiveAreaVotes.run(params, sqlClient()),
  ]);
  return { areas, votes };
}

export type LiveAreaRow = ISelectLiveAreasResult;

const selectLiveAreas = sql<ISelectLiveAreasQuery>`
  SELECT "areaCode", "unitsCounting", "unitsFinished", "unitsFinal", ballots, invalid, "voteNo", "knownBallots", "knownEligible"
    FROM "LiveTotal"
   WHERE "electionId" = $electionId!::uuid AND ballot = $ballot! AND ($areaCode::text IS NULL OR "areaCode" = $areaCode)
   ORDER BY "areaCode"`;

const selectLiveAreaVotes = sql<ISelectLiveAreaVotesQuery>`
  SELECT "areaCode", number, votes FROM "LiveVoteTotal"
   WHERE "electionId" = $electionId!::uuid AND ballot = $ballot! AND ($areaCode::text IS NULL OR "areaCode" = $areaCode)
     AND votes <> 0`;

/** The flagged units of an election's realtime count, for a head (units whose code starts
 *  with one of `prefixes`) or the war room (no prefixes: all). */
export async function flaggedLiveUnits(electionId: string, prefixes: string[] | null, take = 100) {
  return selectFlaggedLiveUnits.run({ electionId, prefixes, take }, sqlClient());
}

export type LiveUnitRow = ISelectFlaggedLiveUnitsResult;

const selectFlaggedLiveUnits = sql<ISelectFlaggedLiveUnitsQuery>`
  SELECT "unitCode", ballot, "areaCode", devices, ballots, eligible, finished, final, flags AS "flags!", "updatedAt"
    FROM "LiveUnit"
   WHERE "electionId" = $electionId!::uuid AND cardinality(flags) > 0
     AND ($prefixes::text[] IS NULL OR left("unitCode", 5) = ANY($prefixes::text[]))
   ORDER BY "updatedAt" DESC LIMIT $take!`;

/** A unit ballot's snapshots, one per device (the person's own last one first). */
export async function unitSnapshots(electionId: string, unitCode: string, ballot: string) {
  const rows = await selectUnitSnapshots.run({ electionId, unitCode, ballot }, sqlClient());
  return rows.map((r) => ({ ...r, votes: r.votes as Record<string, number> }));
}

const selectUnitSnapshots = sql<ISelectUnitSnapshotsQuery>`
  SELECT "deviceId", "userId", seq, ballots, votes, invalid, "voteNo", finished, flags AS "flags!", "receivedAt"
    FROM "LiveSnapshot"
   WHERE "electionId" = $electionId!::uuid AND "unitCode" = $unitCode! AND ballot = $ballot!
   ORDER BY "receivedAt" DESC`;

/** Where the provisional totals differ from a recomputation from the snapshots (the leading
 *  device of each unit ballot without a Final Score): rows of area, number (null: the
 *  ballots) and both sums. Empty when they agree; meaningful once nothing is pending. */
export async function liveDrift(electionId: string) {
  return selectLiveDrift.run({ electionId }, sqlClient());
}

const selectLiveDrift = sql<ISelectLiveDriftQuery>`
  WITH lead AS (
    -- The leading device: the plausible one with the most ballots (none plausible: nothing).
    SELECT DISTINCT ON (s."unitCode", s.ballot) s."unitCode", s.ballot,
           CASE WHEN cardinality(s.flags) = 0 THEN s.ballots ELSE 0 END AS ballots,
           CASE WHEN cardinality(s.flags) = 0 THEN s.votes ELSE '{}'::jsonb END AS votes, a."areaCode"
      FROM "LiveSnapshot" s
      JOIN "AreaUnit" a ON (a."electionId", a.ballot, a."unitCode") = (s."electionId", s.ballot, s."unitCode")
     WHERE s."electionId" = $electionId!::uuid
       AND NOT EXISTS (SELECT 1 FROM "UnitResult" r
                        WHERE (r."electionId", r."unitCode", r.ballot) = (s."electionId", s."unitCode", s.ballot) AND r.reported)
     ORDER BY s."unitCode", s.ballot, cardinality(s.flags) = 0 DESC, s.ballots DESC, s."receivedAt" DESC, s."deviceId"
  ), recomputed AS (
    SELECT ballot, "areaCode", NULL::int AS number, sum(ballots)::int AS n FROM lead GROUP BY ballot, "areaCode"
    UNION ALL
    SELECT l.ballot, l."areaCode", v.key::int, sum(v.value::int)::int FROM lead l, jsonb_each_text(l.votes) v
     GROUP BY l.ballot, l."areaCode", v.key::int
  ), kept AS (
    SELECT ballot, "areaCode", NULL::int AS number, ballots AS n FROM "LiveTotal" WHERE "electionId" = $electionId!::uuid
    UNION ALL
    SELECT ballot, "areaCode", number, votes FROM "LiveVoteTotal" WHERE "electionId" = $electionId!::uuid
  )
  SELECT coalesce(k.ballot, r.ballot) AS "ballot!", coalesce(k."areaCode", r."areaCode") AS "areaCode!",
         coalesce(k.number, r.number) AS number, coalesce(k.n, 0) AS "kept!", coalesce(r.n, 0) AS "recomputed!"
    FROM kept k FULL JOIN recomputed r
      ON k.ballot = r.ballot AND k."areaCode" = r."areaCode" AND coalesce(k.number, -1) = coalesce(r.number, -1)
   WHERE coalesce(k.n, 0) <> coalesce(r.n, 0)`;
