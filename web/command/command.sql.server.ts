// The command centre's SQL, in one place (ADR 0021): what the board, the work queue, the
// late units and the claims read and write. Row types are generated from the database
// (command.sql.server.types.ts, ADR 0039). Nothing else in web/command/ writes SQL.
import { sql } from "@pgtyped/runtime";
import { sqlClient } from "../db/db.server.ts";
import type {
  IClaimItemQuery,
  ICountQueueKindsQuery,
  IDeleteUserClaimsQuery,
  IUpdateClaimsHolderQuery,
  IInsertCallQuery,
  IDeleteClaimQuery,
  ISelectAreaFactsQuery,
  ISelectBoardVersionQuery,
  ISelectClaimsQuery,
  ISelectCountingUnitsQuery,
  ISelectLateUnitsQuery,
  ISelectLateCountsQuery,
  ISelectOpenFiguresQuery,
  ISelectQueueQuery,
  ISelectRankedVotesQuery,
  ISelectUnitCallsQuery,
  ISelectUnitStatesQuery,
} from "./command.sql.server.types.ts";

/** What changes when anything on the board changes: the feed's last change, a checksum
 *  of the kept state counts (a unit moving between states changes two of them), and the
 *  provisional totals' sums. Cheap: an index probe and a few thousand small rows. */
export async function boardVersion(electionId: string) {
  const [row] = await selectBoardVersion.run({ electionId }, sqlClient());
  return `${row!.seq}:${row!.states}:${row!.live}`;
}

const selectBoardVersion = sql<ISelectBoardVersionQuery>`
  SELECT coalesce((SELECT max(seq) FROM "ResultChange" WHERE "electionId" = $electionId!::uuid), 0)::int AS "seq!",
         coalesce((SELECT sum(n::bigint * (1 + abs(hashtext(ballot || '|' || "areaCode" || '|' || status::text || decided::text
                                                            || "hasFormPhoto"::text || flagged::text || reported::text)) % 1000003))
                     FROM "AreaStateCount" WHERE "electionId" = $electionId!::uuid), 0)::text AS "states!",
         coalesce((SELECT sum(ballots + "unitsCounting" + "unitsFinished" + "unitsFinal")
                     FROM "LiveTotal" WHERE "electionId" = $electionId!::uuid), 0)::text AS "live!"`;

/** Each area of a contest: its names, its province (that of its first unit: areas lie
 *  within a province, a whole-country area counts once), units and eligible voters. */
export function areaFacts(electionId: string, ballot: string) {
  return selectAreaFacts.run({ electionId, ballot }, sqlClient());
}

const selectAreaFacts = sql<ISelectAreaFactsQuery>`
  SELECT c.code AS "areaCode", c."nameTh", c."nameEn", c.seats,
         left(min(a."unitCode"), 2) AS "provinceCode!", count(a."unitCode")::int AS "units!",
         coalesce(sum(p."eligibleVoters"), 0)::int AS "eligible!"
    FROM "ContestArea" c
    LEFT JOIN "AreaUnit" a ON a."electionId" = c."electionId" AND a.ballot = c.ballot AND a."areaCode" = c.code
    LEFT JOIN "PollingUnit" p ON p.code = a."unitCode"
   WHERE c."electionId" = $electionId!::uuid AND c.ballot = $ballot!
   GROUP BY c.code, c."nameTh", c."nameEn", c.seats
   ORDER BY c.code`;

/** Per area, the top `seats + 1` numbers by verified votes: what the leader's margin is
 *  measured on (for k seats, between the k-th and the (k+1)-th). */
export function rankedVotes(electionId: string, ballot: string) {
  return selectRankedVotes.run({ electionId, ballot }, sqlClient());
}

const selectRankedVotes = sql<ISelectRankedVotesQuery>`
  SELECT "areaCode" AS "areaCode!", number AS "number!", votes AS "votes!", rank AS "rank!"
    FROM (SELECT v."areaCode", v.number, v.votes, c.seats,
                 row_number() OVER (PARTITION BY v."areaCode" ORDER BY v.votes DESC, v.number)::int AS rank
            FROM "VoteTotal" v
            JOIN "ContestArea" c ON c."electionId" = v."electionId" AND c.ballot = v.ballot AND c.code = v."areaCode"
           WHERE v."electionId" = $electionId!::uuid AND v.ballot = $ballot! AND v.votes > 0) r
   WHERE rank <= seats + 1`;

/** Per area, what is still open: every unit not verified could still bring its eligible
 *  voters — or what its entries claim, when more (a stuffed box is flagged, not refused);
 *  `quarantined` is that part for the units in dispute or flagged. A unit whose eligible
 *  voters are unknown brings what its kind of unit may count at most (`unknownCap`). */
export function openFigures(electionId: string, ballot: string, unknownCap: number) {
  return selectOpenFigures.run({ electionId, ballot, unknownCap }, sqlClient());
}

const selectOpenFigures = sql<ISelectOpenFiguresQuery>`
  SELECT a."areaCode",
         count(*)::int AS "units!",
         sum(greatest(coalesce(p."eligibleVoters", $unknownCap!::int), coalesce(q.claimed, 0)))::int AS "outstanding!",
         coalesce(sum(greatest(coalesce(p."eligibleVoters", $unknownCap!::int), coalesce(q.claimed, 0)))
                    FILTER (WHERE r.status IN ('disputed', 'escalated')), 0)::int AS "quarantined!"
    FROM "AreaUnit" a
    JOIN "PollingUnit" p ON p.code = a."unitCode"
    LEFT JOIN "UnitResult" r ON r."electionId" = a."electionId" AND r."unitCode" = a."unitCode" AND r.ballot = a.ballot
    LEFT JOIN LATERAL (
      SELECT max(greatest(e."ballotsUsed", e.voters, e.valid + e.invalid + e."voteNo")) AS claimed FROM "TallyEntry" e
       WHERE r.status IN ('disputed', 'escalated')
         AND e."electionId" = a."electionId" AND e."unitCode" = a."unitCode" AND e.ballot = a.ballot) q ON true
   WHERE a."electionId" = $electionId!::uuid AND a.ballot = $ballot! AND r.status IS DISTINCT FROM 'verified'
   GROUP BY a."areaCode"`;

/** Per area, the units counting live with no result yet: the provisional totals' units
 *  counting or finished without a Final Score, less those silenced after the close (a
 *  silent unit is silent, whatever its phone sent). Read from the kept rows, not the units. */
export function countingUnits(electionId: string, ballot: string) {
  return selectCountingUnits.run({ electionId, ballot }, sqlClient());
}

const selectCountingUnits = sql<ISelectCountingUnitsQuery>`
  SELECT t."areaCode", (t."unitsCounting" + t."unitsFinished" - coalesce(s.n, 0))::int AS "n!"
    FROM "LiveTotal" t
    LEFT JOIN (SELECT l."areaCode", count(*) AS n
                 FROM "UnitResult" r
                 JOIN "LiveUnit" l ON l."electionId" = r."electionId" AND l."unitCode" = r."unitCode" AND l.ballot = r.ballot
                WHERE r."electionId" = $electionId!::uuid AND r.ballot = $ballot! AND r.status = 'silent' AND NOT l.final
                GROUP BY 1) s ON s."areaCode" = t."areaCode"
   WHERE t."electionId" = $electionId!::uuid AND t.ballot = $ballot!`;

/** Per area, the units late: no snapshot and no report (null prefixes: all areas). */
export function lateCounts(electionId: string, ballot: string) {
  return selectLateCounts.run({ electionId, ballot }, sqlClient());
}

const selectLateCounts = sql<ISelectLateCountsQuery>`
  SELECT a."areaCode", count(*)::int AS "late!"
    FROM "AreaUnit" a
   WHERE a."electionId" = $electionId!::uuid AND a.ballot = $ballot!
     AND NOT EXISTS (SELECT 1 FROM "LiveSnapshot" s
                      WHERE s."electionId" = a."electionId" AND s."unitCode" = a."unitCode" AND s.ballot = a.ballot)
     AND NOT EXISTS (SELECT 1 FROM "UnitResult" r
                      WHERE r."electionId" = a."electionId" AND r."unitCode" = a."unitCode" AND r.ballot = a.ballot
                        AND r.reported)
   GROUP BY a."areaCode"`;

/** The late units of the constituencies given (null: everywhere), with who holds each
 *  slot and the last call made about the unit. */
export function lateUnits(electionId: string, ballot: string, constituencies: string[] | null, take: number) {
  return selectLateUnits.run({ electionId, ballot, constituencies, take }, sqlClient());
}

const selectLateUnits = sql<ISelectLateUnitsQuery>`
  SELECT a."unitCode", a."areaCode", p."locationName", p."eligibleVoters",
         r0."volunteerId" AS "reporterId?", r1."volunteerId" AS "backupId?",
         c.outcome AS "lastCall?", c."createdAt" AS "lastCallAt?", (q.code IS NOT NULL) AS "inSample!"
    FROM "AreaUnit" a
    JOIN "PollingUnit" p ON p.code = a."unitCode"
    LEFT JOIN (SELECT unnest(units) AS code FROM "QuickCountSample" WHERE "electionId" = $electionId!::uuid) q
           ON q.code = a."unitCode"
    LEFT JOIN "UnitAssignment" r0 ON r0."electionId" = a."electionId" AND r0."unitCode" = a."unitCode" AND r0.slot = 0
    LEFT JOIN "UnitAssignment" r1 ON r1."electionId" = a."electionId" AND r1."unitCode" = a."unitCode" AND r1.slot = 1
    LEFT JOIN LATERAL (SELECT x.outcome, x."createdAt" FROM "UnitCall" x
                        WHERE x."electionId" = a."electionId" AND x."unitCode" = a."unitCode"
                        ORDER BY x."createdAt" DESC LIMIT 1) c ON true
   WHERE a."electionId" = $electionId!::uuid AND a.ballot = $ballot!
     AND ($constituencies::text[] IS NULL OR left(a."unitCode", 5) = ANY($constituencies::text[]))
     AND NOT EXISTS (SELECT 1 FROM "LiveSnapshot" s
                      WHERE s."electionId" = a."electionId" AND s."unitCode" = a."unitCode" AND s.ballot = a.ballot)
     AND NOT EXISTS (SELECT 1 FROM "UnitResult" r
                      WHERE r."electionId" = a."electionId" AND r."unitCode" = a."unitCode" AND r.ballot = a.ballot
                        AND r.reported)
   ORDER BY q.code IS NULL, a."unitCode" LIMIT $take!`;

/** Each unit of a constituency (by code prefix) in a contest: its result's state and level
 *  facts, its last snapshot, when it first reported. */
export function unitStates(electionId: string, ballot: string, constituencyId: string) {
  return selectUnitStates.run({ electionId, ballot, constituencyId }, sqlClient());
}

const selectUnitStates = sql<ISelectUnitStatesQuery>`
  SELECT a."unitCode", a."areaCode", r.status AS "status?", r.decided AS "decided?", r."hasFormPhoto" AS "hasFormPhoto?",
         r.flagged AS "flagged?", r.reported AS "reported?",
         l."updatedAt" AS "lastSnapshotAt?", l.ballots AS "liveBallots?", l.flags AS "liveFlags?",
         (SELECT min(e."createdAt") FROM "TallyEntry" e
           WHERE e."electionId" = a."electionId" AND e."unitCode" = a."unitCode" AND e.ballot = a.ballot) AS "reportedAt",
         (q.code IS NOT NULL) AS "inSample!"
    FROM "PollingUnit" p
    JOIN "AreaUnit" a ON a."electionId" = $electionId!::uuid AND a.ballot = $ballot! AND a."unitCode" = p.code
    LEFT JOIN (SELECT unnest(units) AS code FROM "QuickCountSample" WHERE "electionId" = $electionId!::uuid) q
           ON q.code = a."unitCode"
    LEFT JOIN "UnitResult" r ON r."electionId" = a."electionId" AND r."unitCode" = a."unitCode" AND r.ballot = a.ballot
    LEFT JOIN "LiveUnit" l ON l."electionId" = a."electionId" AND l."unitCode" = a."unitCode" AND l.ballot = a.ballot
   WHERE p."constituencyId" = $constituencyId!
   ORDER BY q.code IS NULL, a."unitCode"`;

/** The open items of the work queue, filtered, sorted by impact (`hotAreas`, `<ballot>|<area>`
 *  keys whose leader the open items could change, first) and then by age; one page, with
 *  the total. Kinds: disputed, escalated, flagged (a result in dispute or sent up, its
 *  form flagged), noFormPhoto (a report without the signed form's photo), devicesDiverge,
 *  finalDiffers (the realtime count's flags). */
export function queuePage(q: {
  electionId: string;
  ballot: string | null;
  constituencies: string[] | null;
  province: string | null;
  constituency: string | null;
  kinds: string[] | null;
  olderThan: Date | null;
  unitPrefix: string | null;
  hotAreas: string[];
  claimIdleSince: Date;
  take: number;
  skip: number;
}) {
  return selectQueue.run(q, sqlClient());
}

// The items, as one set: what is shared by the page and the totals by kind.
const selectQueue = sql<ISelectQueueQuery>`
  WITH items AS (
    SELECT r."unitCode", r.ballot,
           CASE WHEN r.flagged THEN 'flagged' WHEN r.status = 'escalated' THEN 'escalated' ELSE 'disputed' END AS kind,
           r.status::text AS status, r."updatedAt" AS since
      FROM "UnitResult" r
     WHERE r."electionId" = $electionId!::uuid AND r.status IN ('disputed', 'escalated')
    UNION ALL
    SELECT r."unitCode", r.ballot, 'noFormPhoto', r.status::text, r."updatedAt"
      FROM "UnitResult" r
     WHERE r."electionId" = $electionId!::uuid AND r.status IN ('reported', 'verified') AND r.reported
       AND NOT r."hasFormPhoto" AND NOT r.decided
    UNION ALL
    SELECT l."unitCode", l.ballot, f, NULL, l."updatedAt"
      FROM "LiveUnit" l CROSS JOIN LATERAL unnest(l.flags) f
     WHERE l."electionId" = $electionId!::uuid AND f IN ('devicesDiverge', 'finalDiffers')
  ), chosen AS (
    SELECT i.*, a."areaCode", (i.ballot || '|' || a."areaCode") = ANY($hotAreas!::text[]) AS hot
      FROM items i
      -- Each item's area by its key (OFFSET 0 keeps this a lookup per item: joined as a
      -- set, PostgreSQL hashed every unit of the election, 94 of 130 ms at the country's size).
     CROSS JOIN LATERAL (SELECT x."areaCode" FROM "AreaUnit" x
                          WHERE x."electionId" = $electionId!::uuid AND x.ballot = i.ballot AND x."unitCode" = i."unitCode"
                         OFFSET 0) a
     WHERE ($ballot::text IS NULL OR i.ballot = $ballot)
       AND ($constituencies::text[] IS NULL OR left(i."unitCode", 5) = ANY($constituencies::text[]))
       AND ($province::text IS NULL OR left(i."unitCode", 2) = $province)
       AND ($constituency::text IS NULL OR left(i."unitCode", 5) = $constituency)
       AND ($kinds::text[] IS NULL OR i.kind = ANY($kinds::text[]))
       AND ($olderThan::timestamptz IS NULL OR i.since <= $olderThan)
       AND ($unitPrefix::text IS NULL OR i."unitCode" LIKE $unitPrefix || '%')
  )
  SELECT c."unitCode" AS "unitCode!", c.ballot AS "ballot!", c.kind AS "kind!", c.status, c.since AS "since!",
         c."areaCode" AS "areaCode!", c.hot AS "hot!", count(*) OVER ()::int AS "total!",
         k."userId" AS "claimedBy?", k."claimedAt" AS "claimedAt?"
    FROM chosen c
    LEFT JOIN "ReviewClaim" k ON k."electionId" = $electionId!::uuid AND k."unitCode" = c."unitCode"
                             AND k.ballot = c.ballot AND k."touchedAt" > $claimIdleSince!::timestamptz
   ORDER BY c.hot DESC, c.since, c."unitCode", c.ballot, c.kind
   LIMIT $take! OFFSET $skip!`;

/** How many open items of each kind there are in the scope (no other filter). */
export function queueKinds(electionId: string, constituencies: string[] | null) {
  return countQueueKinds.run({ electionId, constituencies }, sqlClient());
}

const countQueueKinds = sql<ICountQueueKindsQuery>`
  SELECT kind AS "kind!", count(*)::int AS "n!" FROM (
    SELECT r."unitCode", CASE WHEN r.flagged THEN 'flagged' WHEN r.status = 'escalated' THEN 'escalated' ELSE 'disputed' END AS kind
      FROM "UnitResult" r WHERE r."electionId" = $electionId!::uuid AND r.status IN ('disputed', 'escalated')
    UNION ALL
    SELECT r."unitCode", 'noFormPhoto' FROM "UnitResult" r
     WHERE r."electionId" = $electionId!::uuid AND r.status IN ('reported', 'verified') AND r.reported
       AND NOT r."hasFormPhoto" AND NOT r.decided
    UNION ALL
    SELECT l."unitCode", f FROM "LiveUnit" l CROSS JOIN LATERAL unnest(l.flags) f
     WHERE l."electionId" = $electionId!::uuid AND f IN ('devicesDiverge', 'finalDiffers')
  ) i
   WHERE $constituencies::text[] IS NULL OR left(i."unitCode", 5) = ANY($constituencies::text[])
   GROUP BY 1`;

/** Claims a unit ballot for `userId` unless someone else holds it (touched since
 *  `idleSince`); the holder (the caller when it worked). Claiming again touches it. */
export async function claim(c: {
  electionId: string;
  unitCode: string;
  ballot: string;
  userId: string;
  idleSince: Date;
}) {
  const [row] = await claimItem.run(c, sqlClient());
  return row!.userId;
}

const claimItem = sql<IClaimItemQuery>`
  WITH up AS (
    INSERT INTO "ReviewClaim" ("electionId", "unitCode", ballot, "userId")
    VALUES ($electionId!::uuid, $unitCode!, $ballot!, $userId!::uuid)
    ON CONFLICT ("electionId", "unitCode", ballot) DO UPDATE
      SET "userId" = EXCLUDED."userId",
          "claimedAt" = CASE WHEN "ReviewClaim"."userId" = EXCLUDED."userId" THEN "ReviewClaim"."claimedAt" ELSE now() END,
          "touchedAt" = now()
      WHERE "ReviewClaim"."userId" = EXCLUDED."userId" OR "ReviewClaim"."touchedAt" <= $idleSince!::timestamptz
    RETURNING "userId")
  SELECT "userId" AS "userId!" FROM up
  UNION ALL
  SELECT "userId" FROM "ReviewClaim"
   WHERE "electionId" = $electionId!::uuid AND "unitCode" = $unitCode! AND ballot = $ballot! AND NOT EXISTS (SELECT 1 FROM up)`;

/** Releases a claim held by `userId`. */
export function releaseClaim(c: { electionId: string; unitCode: string; ballot: string; userId: string }) {
  return deleteClaim.run(c, sqlClient());
}

const deleteClaim = sql<IDeleteClaimQuery>`
  DELETE FROM "ReviewClaim"
   WHERE "electionId" = $electionId!::uuid AND "unitCode" = $unitCode! AND ballot = $ballot! AND "userId" = $userId!::uuid`;

/** Every claim a user holds, everywhere (sign-out). */
export function deleteClaimsOf(userId: string) {
  return deleteUserClaims.run({ userId }, sqlClient());
}

const deleteUserClaims = sql<IDeleteUserClaimsQuery>`DELETE FROM "ReviewClaim" WHERE "userId" = $userId!::uuid`;

/** Moves every live claim of `fromUser` to `toUser` (a handover); how many moved. */
export async function handOverClaims(fromUser: string, toUser: string, idleSince: Date) {
  return (await updateClaimsHolder.run({ fromUser, toUser, idleSince }, sqlClient())).length;
}

const updateClaimsHolder = sql<IUpdateClaimsHolderQuery>`
  UPDATE "ReviewClaim" SET "userId" = $toUser!::uuid, "claimedAt" = now(), "touchedAt" = now()
   WHERE "userId" = $fromUser!::uuid AND "touchedAt" > $idleSince!::timestamptz
  RETURNING "unitCode"`;

/** The live claims of an election, with their holders. */
export function claims(electionId: string, idleSince: Date) {
  return selectClaims.run({ electionId, idleSince }, sqlClient());
}

const selectClaims = sql<ISelectClaimsQuery>`
  SELECT "unitCode", ballot, "userId", "claimedAt", "touchedAt" FROM "ReviewClaim"
   WHERE "electionId" = $electionId!::uuid AND "touchedAt" > $idleSince!::timestamptz
   ORDER BY "userId", "claimedAt"`;

/** One call about a late unit. */
export function insertUnitCall(c: {
  electionId: string;
  unitCode: string;
  slot: number | null;
  outcome: "called" | "reached" | "noAnswer" | "replaced";
  note: string | null;
  byUserId: string;
}) {
  return insertCall.run(c, sqlClient());
}

const insertCall = sql<IInsertCallQuery>`
  INSERT INTO "UnitCall" (id, "electionId", "unitCode", slot, outcome, note, "byUserId")
  VALUES (gen_random_uuid(), $electionId!::uuid, $unitCode!, $slot::int, $outcome!::"CallOutcome", $note, $byUserId!::uuid)`;

/** The calls about a unit, latest first. */
export function unitCalls(electionId: string, unitCode: string) {
  return selectUnitCalls.run({ electionId, unitCode }, sqlClient());
}

const selectUnitCalls = sql<ISelectUnitCallsQuery>`
  SELECT c.id, c.slot, c.outcome, c.note, c."createdAt", u."displayName" AS "byName?"
    FROM "UnitCall" c LEFT JOIN "User" u ON u.id = c."byUserId"
   WHERE c."electionId" = $electionId!::uuid AND c."unitCode" = $unitCode!
   ORDER BY c."createdAt" DESC LIMIT 50`;
