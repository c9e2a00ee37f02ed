// Results' SQL, in one place (ADR 0021): the reads over verified totals that Prisma's API
// cannot say (leaders per constituency, the media's candidate rows), the feed's changes,
// and the official figures' import and comparison. Each statement's row type is generated
// from the database (results.sql.server.types.ts, ADR 0039).
import { sql } from "@pgtyped/runtime";
import type pg from "pg";
import { sqlClient } from "../db/db.server.ts";
import type { Ballot } from "../tally/tally-rules.ts";
import type {
  ICountOfficialSidesQuery,
  IInsertOfficialFiguresQuery,
  ISelectAreaLeadersQuery,
  ISelectChangesQuery,
  ISelectChangesResult,
  ISelectConstituencyCandidatesQuery,
  ISelectElectionUnitsQuery,
  ISelectLastChangeQuery,
  ISelectLevelFactCountsQuery,
  ISelectMissingOfficialQuery,
  ISelectMissingOursQuery,
  ISelectOfficialDifferencesQuery,
  ISelectOfficialPairsByConstituencyQuery,
  ISelectProvincesVerifiedQuery,
  ISelectPublicStateQuery,
  ISelectChangedAreasQuery,
  ISelectRaceUnitsQuery,
  ISelectFlaggedVotesQuery,
  ISelectCorrectionsQuery,
  ISelectUnitsAsOfQuery,
} from "./results.sql.server.types.ts";

type Client = pg.PoolClient | pg.Client;

/** The election's units (in any of its contests) and its unit ballots, `<unit>|<ballot>`. */
export async function unitBallotKeys(client: Client, electionId: string) {
  const rows = await selectElectionUnits.run({ electionId }, sqlClient(client));
  return {
    units: new Set(rows.map((r) => r.unitCode)),
    ballots: new Set(rows.map((r) => `${r.unitCode}|${r.ballot}`)),
  };
}

const selectElectionUnits = sql<ISelectElectionUnitsQuery>`
  SELECT "unitCode", ballot FROM "AreaUnit" WHERE "electionId" = $electionId!::uuid`;

/** Official figures (unit, ballot, figure, value) upserted, changing only what differs;
 *  how many changed. */
export async function upsertOfficialFigures(
  client: Client,
  electionId: string,
  part: [string, string, string, number][],
) {
  const [row] = await insertOfficialFigures.run(
    {
      electionId,
      units: part.map((x) => x[0]),
      ballots: part.map((x) => x[1]),
      figures: part.map((x) => x[2]),
      values: part.map((x) => x[3]),
    },
    sqlClient(client),
  );
  return row!.n;
}

const insertOfficialFigures = sql<IInsertOfficialFiguresQuery>`
  WITH up AS (
    INSERT INTO "OfficialFigure" ("electionId", "unitCode", ballot, figure, value)
    SELECT $electionId!::uuid, u, b, f, v
      FROM unnest($units!::text[], $ballots!::text[], $figures!::text[], $values!::int[]) AS t(u, b, f, v)
    ON CONFLICT ("electionId", "unitCode", ballot, figure) DO UPDATE SET value = EXCLUDED.value
     WHERE "OfficialFigure".value IS DISTINCT FROM EXCLUDED.value
    RETURNING 1)
  SELECT count(*)::int AS "n!" FROM up`;

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
 *  `units` (a LIKE pattern). Only the figures the ECT gives are compared: the pairs and
 *  the sides come from official_pairs and official_unit_sides (prisma/functions/). */
export async function officialComparison(electionId: string, units: string, take: number): Promise<OfficialComparison> {
  const params = { electionId, units, take };
  const [[counts], byConstituency, differing, missingOurs, missingOfficial] = await Promise.all([
    countOfficialSides.run(params, sqlClient()),
    selectOfficialPairsByConstituency.run(params, sqlClient()),
    selectOfficialDifferences.run(params, sqlClient()),
    selectMissingOurs.run(params, sqlClient()),
    selectMissingOfficial.run(params, sqlClient()),
  ]);
  return {
    compared: counts!.compared,
    byConstituency,
    units: differing,
    missingOurs,
    missingOfficial,
    missingCounts: { ours: counts!.missingOurs, official: counts!.missingOfficial },
  };
}

// Before the ECT has published anything here, no unit is "missing" from its side.
const countOfficialSides = sql<ICountOfficialSidesQuery>`
  SELECT count(*) FILTER (WHERE ours AND official)::int AS "compared!",
         count(*) FILTER (WHERE official AND NOT ours)::int AS "missingOurs!",
         (CASE WHEN bool_or(official) THEN count(*) FILTER (WHERE ours AND NOT official) ELSE 0 END)::int AS "missingOfficial!"
    FROM official_unit_sides($electionId!::uuid, $units!)`;

const selectOfficialPairsByConstituency = sql<ISelectOfficialPairsByConstituencyQuery>`
  SELECT left("unitCode", 5) AS "constituencyId!", ballot AS "ballot!", figure AS "figure!",
         sum(coalesce(ours, 0))::int AS "ours!", sum(official)::int AS "official!",
         sum(abs(coalesce(ours, 0) - official))::int AS "absDifference!", count(DISTINCT "unitCode")::int AS "units!"
    FROM official_pairs($electionId!::uuid, $units!)
   GROUP BY 1, 2, 3 HAVING sum(abs(coalesce(ours, 0) - official)) > 0
   ORDER BY 1, 2, (figure ~ '^[0-9]+$'), length(figure), figure LIMIT $take!`;

const selectOfficialDifferences = sql<ISelectOfficialDifferencesQuery>`
  SELECT "unitCode" AS "unitCode!", ballot AS "ballot!", figure AS "figure!", ours, official AS "official!"
    FROM official_pairs($electionId!::uuid, $units!)
   WHERE ours IS DISTINCT FROM official
   ORDER BY 1, 2, (figure ~ '^[0-9]+$'), length(figure), figure LIMIT $take!`;

const selectMissingOurs = sql<ISelectMissingOursQuery>`
  SELECT s."unitCode" AS "unitCode!", s.ballot AS "ballot!", r.status AS "status?"
    FROM official_unit_sides($electionId!::uuid, $units!) s
    LEFT JOIN "UnitResult" r ON r."electionId" = $electionId!::uuid AND r."unitCode" = s."unitCode" AND r.ballot = s.ballot
   WHERE s.official AND NOT s.ours
   ORDER BY 1, 2 LIMIT $take!`;

const selectMissingOfficial = sql<ISelectMissingOfficialQuery>`
  SELECT "unitCode" AS "unitCode!", ballot AS "ballot!" FROM official_unit_sides($electionId!::uuid, $units!)
   WHERE ours AND NOT official
     AND EXISTS (SELECT 1 FROM "OfficialFigure" WHERE "electionId" = $electionId!::uuid AND "unitCode" LIKE $units!)
   ORDER BY 1, 2 LIMIT $take!`;

/** The feed's last change, for a snapshot to say which change it reflects. Read before
 *  the snapshot's figures: the snapshot holds every change up to it (and maybe later ones;
 *  a change carries the unit's whole figures, so applying it again is harmless). */
export async function lastChangeSeq(electionId: string) {
  const [row] = await selectLastChange.run({ electionId }, sqlClient());
  return row?.seq ?? 0;
}

const selectLastChange = sql<ISelectLastChangeQuery>`
  SELECT max(seq)::int AS seq FROM "ResultChange" WHERE "electionId" = $electionId!::uuid`;

export type FeedChange = Omit<ISelectChangesResult, "votes"> & { votes: Record<string, number> | null };

/** Changes after `seq`, each with the unit ballot's state as of that change and the
 *  figures it counts with then (none for a withdrawal), so a newsroom can apply them
 *  without refetching. */
export async function changesWithFigures(electionId: string, seq: number, take: number): Promise<FeedChange[]> {
  return (await selectChanges.run({ electionId, seq, take }, sqlClient())) as FeedChange[];
}

const selectChanges = sql<ISelectChangesQuery>`
  SELECT c.seq, c."unitCode", c.ballot, c.kind, c."createdAt", c.status,
         -- "?": none for a withdrawal (pgtyped trusts NOT NULL columns behind an outer join).
         e.eligible AS "eligible?", e.voters AS "voters?", e."ballotsReceived" AS "ballotsReceived?",
         e."ballotsUsed" AS "ballotsUsed?", e.valid, e.invalid AS "invalid?", e."voteNo" AS "voteNo?",
         e."ballotsLeftOver" AS "ballotsLeftOver?", e.votes AS "votes?", c.decided, c."hasFormPhoto", c.flagged
    FROM "ResultChange" c
    LEFT JOIN "TallyEntry" e ON e.id = c."entryId" AND c.kind <> 'withdrawn'
   WHERE c."electionId" = $electionId!::uuid AND c.seq > $seq!
   ORDER BY c.seq LIMIT $take!`;

/** The unit ballots counted as of change `asOf` — each one's latest change up to there,
 *  unless a withdrawal — in (ballot, unit) order after the cursor, one page: what a
 *  newsroom starts from before it applies the changes after `asOf` (feed.server.ts). */
export async function unitsAsOf(
  electionId: string,
  asOf: number,
  after: { ballot: string; unit: string },
  take: number,
): Promise<FeedChange[]> {
  const rows = await selectUnitsAsOf.run(
    { electionId, asOf, afterBallot: after.ballot, afterUnit: after.unit, take },
    sqlClient(),
  );
  return rows as FeedChange[];
}

const selectUnitsAsOf = sql<ISelectUnitsAsOfQuery>`
  SELECT c.seq, a."unitCode", a.ballot, c.kind, c."createdAt", c.status,
         e.eligible, e.voters, e."ballotsReceived", e."ballotsUsed", e.valid, e.invalid, e."voteNo", e."ballotsLeftOver",
         e.votes, c.decided, c."hasFormPhoto", c.flagged
    FROM "AreaUnit" a
    CROSS JOIN LATERAL (SELECT * FROM "ResultChange" x
                         WHERE x."electionId" = a."electionId" AND x."unitCode" = a."unitCode" AND x.ballot = a.ballot
                           AND x.seq <= $asOf!
                         ORDER BY x.seq DESC LIMIT 1) c
    JOIN "TallyEntry" e ON e.id = c."entryId"
   WHERE a."electionId" = $electionId!::uuid AND (a.ballot, a."unitCode") > ($afterBallot!, $afterUnit!)
     AND c.kind <> 'withdrawn'
   ORDER BY a.ballot, a."unitCode" LIMIT $take!`;

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
  return selectLevelFactCounts.run({ electionId, ballot, areaCode }, sqlClient());
}

const selectLevelFactCounts = sql<ISelectLevelFactCountsQuery>`
  SELECT CASE WHEN $areaCode::text = '*' THEN '*' ELSE "areaCode" END AS "areaCode!", status,
         decided, "hasFormPhoto", flagged, reported, sum(n)::int AS "n!"
    FROM "AreaStateCount"
   WHERE "electionId" = $electionId!::uuid AND ballot = $ballot! AND n <> 0
     AND ($areaCode::text IS NULL OR $areaCode::text = '*' OR "areaCode" = $areaCode)
   GROUP BY 1, 2, 3, 4, 5, 6`;

/** Provinces with at least one verified unit for the ballot: per area with one, the
 *  province of one of its units (a unit's code starts with its province's; areas lie
 *  within a province, but for a whole-country area, which counts once). */
export async function provincesVerified(electionId: string, ballot: Ballot) {
  const [row] = await selectProvincesVerified.run({ electionId, ballot }, sqlClient());
  return row!.n;
}

const selectProvincesVerified = sql<ISelectProvincesVerifiedQuery>`
  SELECT count(DISTINCT (SELECT left(u."unitCode", 2) FROM "AreaUnit" u
                          WHERE u."electionId" = t."electionId" AND u.ballot = t.ballot AND u."areaCode" = t."areaCode"
                          LIMIT 1))::int AS "n!"
    FROM "AreaTotal" t WHERE t."electionId" = $electionId!::uuid AND t.ballot = $ballot! AND t."unitsVerified" > 0`;

/** Each area's leading candidate by verified votes (ties: the lower number). */
export function areaLeaders(electionId: string, ballot: Ballot) {
  return selectAreaLeaders.run({ electionId, ballot }, sqlClient());
}

const selectAreaLeaders = sql<ISelectAreaLeadersQuery>`
  SELECT DISTINCT ON ("areaCode") "areaCode", number, votes FROM "VoteTotal"
   WHERE "electionId" = $electionId!::uuid AND ballot = $ballot! AND votes > 0 ORDER BY "areaCode", votes DESC, number`;

/** One row per constituency and candidate with its votes and the coverage they rest on
 *  (the media's CSV, in ECT's per-constituency columns). */
export function constituencyCandidateRows(electionId: string) {
  return selectConstituencyCandidates.run({ electionId }, sqlClient());
}

const selectConstituencyCandidates = sql<ISelectConstituencyCandidatesQuery>`
  SELECT p."nameTh" AS province, c.id AS constituency, k.number, k."nameTh" AS name, pa."nameTh" AS "party?",
         coalesce(v.votes, 0)::int AS "votes!", coalesce(t."unitsVerified", 0)::int AS "verified!",
         (SELECT count(*)::int FROM "AreaUnit" u
           WHERE u."electionId" = k."electionId" AND u.ballot = k.ballot AND u."areaCode" = c.id) AS "units!"
    FROM "Candidate" k JOIN "Constituency" c ON c.id = k."areaCode" JOIN "Province" p ON p.code = c."provinceCode"
    LEFT JOIN "Party" pa ON pa.id = k."partyId"
    LEFT JOIN "VoteTotal" v ON v."electionId" = k."electionId" AND v.ballot = k.ballot AND v."areaCode" = c.id AND v.number = k.number
    LEFT JOIN "AreaTotal" t ON t."electionId" = k."electionId" AND t.ballot = k.ballot AND t."areaCode" = c.id
   WHERE k."electionId" = $electionId!::uuid AND k.ballot = 'constituency' ORDER BY c.id, k.number`;

/** What the public pages show moves when this does: the feed's last change (any
 *  election), and checksums of the provisional totals (the fold moves them every second
 *  while units count live). One short read; the page cache asks at most once a second. */
export async function publicState() {
  const [row] = await selectPublicState.run(undefined, sqlClient());
  return `${row!.changes}.${row!.live}.${row!.liveVotes}`;
}

const selectPublicState = sql<ISelectPublicStateQuery>`
  SELECT (SELECT coalesce(max(seq), 0) FROM "ResultChange")::int AS "changes!",
         (SELECT coalesce(sum("unitsCounting" + 3 * "unitsFinished" + 7 * "unitsFinal" + 11 * ballots + 13 * invalid + 17 * "voteNo"), 0)
            FROM "LiveTotal")::text AS "live!",
         (SELECT coalesce(sum(votes::bigint * (number + 1)), 0) FROM "LiveVoteTotal")::text AS "liveVotes!"`;

/** The contest areas (`<ballot>|<area>`) a unit of changed in (after, upTo]. */
export async function changedAreas(electionId: string, after: number, upTo: number) {
  const rows = await selectChangedAreas.run({ electionId, after, upTo }, sqlClient());
  return rows.map((r) => `${r.ballot}|${r.areaCode}`);
}

const selectChangedAreas = sql<ISelectChangedAreasQuery>`
  SELECT DISTINCT c.ballot, a."areaCode" FROM "ResultChange" c
    JOIN "AreaUnit" a ON a."electionId" = c."electionId" AND a.ballot = c.ballot AND a."unitCode" = c."unitCode"
   WHERE c."electionId" = $electionId!::uuid AND c.seq > $after! AND c.seq <= $upTo!`;

/** Per contest area (all of them, or those of `keys`, `<ballot>|<area>`): its units, those
 *  reporting and those counted (verified, in the totals), the eligible voters of all its
 *  units and of those not counted yet, and how many uncounted units have no register. */
export function raceUnits(electionId: string, keys: string[] | null) {
  return selectRaceUnits.run({ electionId, all: keys === null, keys: keys ?? [] }, sqlClient());
}

const selectRaceUnits = sql<ISelectRaceUnitsQuery>`
  SELECT au.ballot, au."areaCode",
         count(*)::int AS "units!",
         count(*) FILTER (WHERE r.reported)::int AS "reporting!",
         count(*) FILTER (WHERE r.status = 'verified')::int AS "counted!",
         coalesce(sum(pu."eligibleVoters"), 0)::int AS "eligible!",
         coalesce(sum(pu."eligibleVoters") FILTER (WHERE r.status IS DISTINCT FROM 'verified'), 0)::int AS "eligibleUncounted!",
         count(*) FILTER (WHERE r.status IS DISTINCT FROM 'verified' AND pu."eligibleVoters" IS NULL)::int AS "unknownUncounted!",
         count(*) FILTER (WHERE r.status = 'verified' AND r.flagged)::int AS "flagged!",
         coalesce(sum(pu."eligibleVoters") FILTER (WHERE r.status = 'verified' AND r.flagged), 0)::int AS "eligibleFlagged!",
         count(*) FILTER (WHERE r.status = 'verified' AND r.flagged AND pu."eligibleVoters" IS NULL)::int AS "unknownFlagged!"
    FROM "AreaUnit" au JOIN "PollingUnit" pu ON pu.code = au."unitCode"
    LEFT JOIN "UnitResult" r ON r."electionId" = au."electionId" AND r."unitCode" = au."unitCode" AND r.ballot = au.ballot
   WHERE au."electionId" = $electionId!::uuid AND ($all! OR (au.ballot || '|' || au."areaCode") = ANY($keys!::text[]))
   GROUP BY au.ballot, au."areaCode"`;

/** The verified figures that rest on flagged forms, per contest area (all, or those of
 *  `keys`): each choice's votes (`number` its number) and vote no (`number` null). */
export function flaggedVotes(electionId: string, keys: string[] | null) {
  return selectFlaggedVotes.run({ electionId, all: keys === null, keys: keys ?? [] }, sqlClient());
}

const selectFlaggedVotes = sql<ISelectFlaggedVotesQuery>`
  WITH f AS (
    SELECT au.ballot, au."areaCode", e.votes, e."voteNo"
      FROM "UnitResult" r
      JOIN "AreaUnit" au ON au."electionId" = r."electionId" AND au."unitCode" = r."unitCode" AND au.ballot = r.ballot
      JOIN "TallyEntry" e ON e.id = r."verifiedEntryId"
     WHERE r."electionId" = $electionId!::uuid AND r.status = 'verified' AND r.flagged
       AND ($all! OR (au.ballot || '|' || au."areaCode") = ANY($keys!::text[])))
  SELECT f.ballot AS "ballot!", f."areaCode" AS "areaCode!", kv.key::int AS "number?", sum(kv.value::int)::int AS "votes!"
    FROM f, jsonb_each_text(f.votes) kv GROUP BY 1, 2, 3
  UNION ALL
  SELECT f.ballot, f."areaCode", NULL, sum(f."voteNo")::int FROM f GROUP BY 1, 2`;

/** The corrections log: every change that corrected or withdrew a result, latest first. */
export function corrections(electionId: string, take: number) {
  return selectCorrections.run({ electionId, take }, sqlClient());
}

const selectCorrections = sql<ISelectCorrectionsQuery>`
  SELECT seq, "unitCode", ballot, kind, status, decided, "hasFormPhoto", flagged, "createdAt"
    FROM "ResultChange" WHERE "electionId" = $electionId!::uuid AND kind IN ('corrected', 'withdrawn')
   ORDER BY seq DESC LIMIT $take!`;
