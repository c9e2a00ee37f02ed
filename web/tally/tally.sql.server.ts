// The tally's SQL, in one place (ADR 0021): the calls into the PL/pgSQL functions of
// prisma/functions/ — the transitions of the result machine (tally_submit_many,
// result_decide, result_escalate, result_silence; result-machine.ts) — and the tally's
// set-based statements.
// Each statement's result has its row type here; nothing else in web/tally/ writes SQL.
import { sql } from "@pgtyped/runtime";
import { inClientTransaction, pool, sqlClient } from "../db/db.server.ts";
import type {
  ICallResultDecideQuery,
  ICallResultEscalateQuery,
  ICallResultSilenceQuery,
  ICallTallySubmitManyQuery,
  ICallTallySubmitManyResult,
  ISelectAreaTotalsQuery,
  ISelectLevelFactsDriftQuery,
  ISelectRecomputedAreaTotalsQuery,
  ISelectRecomputedVoteTotalsQuery,
  ISelectStateCountsDriftQuery,
  ISelectUnreportedQuery,
  ISelectVoteTotalsQuery,
} from "./tally.sql.server.types.ts";
import type { Ballot, FormDetails, TallyFigures } from "./tally-rules.ts";

/** One entry as tally_submit takes it: each field with its PostgreSQL type, in the
 *  function's argument order. This is the one list: tally_submit_many.sql reads the same
 *  columns from its jsonb (test/unit/tally-sql.test.ts holds the two together). */
export const ENTRY_COLUMNS = {
  submission: "uuid",
  election: "uuid",
  unit: "text",
  ballot: "text",
  source: "text",
  actor: "uuid",
  eligible: "int",
  voters: "int",
  received: "int",
  used: "int",
  left_over: "int",
  invalid: "int",
  vote_no: "int",
  votes: "jsonb",
  flags: "text[]",
  fingerprint: "text",
  photos: "uuid[]",
  valid: "int",
  remarks: "text",
  count_started: "text",
  count_ended: "text",
  form_posted: "boolean",
  correction_reason: "text",
} as const;

type TsOf<T extends string> = T extends "int"
  ? number
  : T extends "boolean"
    ? boolean | null
    : T extends "jsonb"
      ? Record<string, number>
      : T extends `${string}[]`
        ? string[]
        : string;

/** The form's fields a volunteer may leave empty (null: not written on the form). */
type OptionalColumn = "remarks" | "count_started" | "count_ended" | "form_posted" | "correction_reason";
type Columns = { -readonly [K in keyof typeof ENTRY_COLUMNS]: TsOf<(typeof ENTRY_COLUMNS)[K]> };
export type EntryRow = Omit<Columns, OptionalColumn> & { [K in OptionalColumn]: Columns[K] | null };

/** One entry's row from its figures and the form's other fields, as tally_submit takes it. */
export function entryRow(
  e: Pick<
    EntryRow,
    "submission" | "election" | "unit" | "ballot" | "source" | "actor" | "flags" | "fingerprint" | "photos"
  >,
  figures: TallyFigures,
  details: FormDetails,
): EntryRow {
  return {
    ...e,
    eligible: figures.eligible,
    voters: figures.voters,
    received: figures.ballotsReceived,
    used: figures.ballotsUsed,
    left_over: figures.ballotsLeftOver,
    invalid: figures.invalid,
    vote_no: figures.voteNo,
    votes: figures.votes,
    valid: figures.valid,
    remarks: details.remarks,
    count_started: details.countStartedAt,
    count_ended: details.countEndedAt,
    form_posted: details.formPosted,
    correction_reason: details.correctionReason,
  };
}

export type EntryOutcome = ICallTallySubmitManyResult & {
  outcome: "created" | "replay" | "reused" | "reasonRequired";
};

/** Writes entries in one transaction (tally_submit_many): one outcome per entry, in order. */
export async function submitEntries(rows: EntryRow[]): Promise<EntryOutcome[]> {
  const outcomes = await callTallySubmitMany.run(
    { entries: JSON.stringify(rows) },
    sqlClient(pool(), "tally.submit-entries"),
  );
  return outcomes as EntryOutcome[];
}

// No "!" hints on a hot path: pgtyped renames hinted columns in every row it returns.
const callTallySubmitMany = sql<ICallTallySubmitManyQuery>`
  SELECT entry_id, result_status, outcome, entry_flags
    FROM tally_submit_many($entries!::jsonb) ORDER BY ord`;

/** The unit ballots' order in which every writer of many takes their locks (by unit, then
 *  ballot), before any area's: two writers never wait on each other in a circle. */
export const byUnitAndBallot = (a: { unit: string; ballot: string }, b: { unit: string; ballot: string }) =>
  a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : a.ballot < b.ballot ? -1 : a.ballot > b.ballot ? 1 : 0;

/** Every unit ballot of the election's contests (its units in each contest's areas) with
 *  no entry becomes silent ("no report"), with its history event; the unit ballots
 *  silenced now. Idempotent. Found without locks first (every minute after the close,
 *  usually nothing); then written by result_silence in groups of SILENCE_GROUP, each like a
 *  group of entries: its units' locks in order, the area rows settled at the end. */
export async function silenceUnreported(electionId: string) {
  const found = await selectUnreported.run({ electionId }, sqlClient());
  const missing = found.sort(byUnitAndBallot);
  const silenced: { unitCode: string; ballot: Ballot }[] = [];
  for (let i = 0; i < missing.length; i += SILENCE_GROUP) {
    const keys = missing
      .slice(i, i + SILENCE_GROUP)
      .map((m) => ({ election: electionId, unit: m.unit, ballot: m.ballot }));
    const rows = await callResultSilence.run({ keys: JSON.stringify(keys) }, sqlClient());
    silenced.push(...rows.map((r) => ({ unitCode: r.unitCode, ballot: r.ballot as Ballot })));
  }
  return silenced;
}

const selectUnreported = sql<ISelectUnreportedQuery>`
  SELECT a."unitCode" AS unit, a.ballot FROM "AreaUnit" a
   WHERE a."electionId" = $electionId!::uuid
     AND NOT EXISTS (SELECT 1 FROM "UnitResult" r
                      WHERE r."electionId" = $electionId!::uuid AND r."unitCode" = a."unitCode" AND r.ballot = a.ballot)
     AND NOT EXISTS (SELECT 1 FROM "TallyEntry" e
                      WHERE e."electionId" = $electionId!::uuid AND e."unitCode" = a."unitCode" AND e.ballot = a.ballot)`;

const callResultSilence = sql<ICallResultSilenceQuery>`
  SELECT "unitCode" AS "unitCode!", ballot AS "ballot!" FROM result_silence($keys!::jsonb)`;

/** Unit ballots silenced in one transaction: its locks (one per unit ballot) stay well
 *  within PostgreSQL's lock table. */
const SILENCE_GROUP = 500;

/** The decide transition (result_decide.sql): its outcome. */
export async function decideResult(d: {
  electionId: string;
  unitCode: string;
  ballot: Ballot;
  entryId: string;
  actorId: string;
  reason: string;
  accepts: string[];
  from: string[];
}) {
  const [row] = await callResultDecide.run(d, sqlClient());
  return row!.outcome as DecideOutcome;
}
export type DecideOutcome =
  "decided" | "reasonRequired" | "noResult" | "notAllowed" | "noEntry" | "unaccepted" | "noFormPhoto";

const callResultDecide = sql<ICallResultDecideQuery>`
  SELECT result_decide($electionId!::uuid, $unitCode!, $ballot!, $entryId!::uuid, $actorId!::uuid, $reason!,
                       $accepts!::text[], $from!::text[]) AS "outcome!"`;

/** The escalate transition (result_escalate.sql): its outcome. */
export async function escalateToWarRoom(d: {
  electionId: string;
  unitCode: string;
  ballot: Ballot;
  actorId: string;
  reason: string;
  from: string[];
}) {
  const [row] = await callResultEscalate.run(d, sqlClient());
  return row!.outcome as "escalated" | "reasonRequired" | "noResult" | "notAllowed";
}

const callResultEscalate = sql<ICallResultEscalateQuery>`
  SELECT result_escalate($electionId!::uuid, $unitCode!, $ballot!, $actorId!::uuid, $reason!, $from!::text[]) AS "outcome!"`;

/** A contest area's totals, keyed `<ballot>|<area>` (votes by number). */
export type TotalsByArea = Record<
  string,
  {
    units: number;
    eligible: number;
    voters: number;
    used: number;
    invalid: number;
    voteNo: number;
    votes: Record<string, number>;
  }
>;

// One contest area's sums, and one number's votes in it, as both reads give them.
type TotalsRow = Omit<TotalsByArea[string], "votes"> & { ballot: string; areaCode: string };
type VotesRow = { ballot: string; areaCode: string; number: number; votes: number };

/** The running totals as maintained incrementally (rows that are all zero left out). */
export async function runningTotals(electionId: string): Promise<TotalsByArea> {
  const [totals, votes] = await Promise.all([
    selectAreaTotals.run({ electionId }, sqlClient()),
    selectVoteTotals.run({ electionId }, sqlClient()),
  ]);
  return assemble(totals, votes);
}

const selectAreaTotals = sql<ISelectAreaTotalsQuery>`
  SELECT ballot, "areaCode", "unitsVerified" AS units, eligible, voters, "ballotsUsed" AS used, invalid, "voteNo"
    FROM "AreaTotal" WHERE "electionId" = $electionId!::uuid`;

const selectVoteTotals = sql<ISelectVoteTotalsQuery>`
  SELECT ballot, "areaCode", number, votes FROM "VoteTotal" WHERE "electionId" = $electionId!::uuid AND votes <> 0`;

/** The unit ballots whose kept level facts differ from the facts recomputed from their
 *  history: none, always. decided: the latest move to verified was a person's choice;
 *  hasFormPhoto: a form photo came with one of the election's entries; flagged: some
 *  person's latest entry carries an anomaly (what sends the unit to review); reported:
 *  someone sent an entry. */
export async function levelFactsDrift(electionId: string) {
  return selectLevelFactsDrift.run({ electionId }, sqlClient());
}

const selectLevelFactsDrift = sql<ISelectLevelFactsDriftQuery>`
  SELECT r."unitCode", r.ballot FROM "UnitResult" r
   WHERE r."electionId" = $electionId!::uuid AND (r.decided, r."hasFormPhoto", r.flagged, r.reported) IS DISTINCT FROM (
     r."verifiedEntryId" IS NOT NULL AND coalesce((SELECT ev.reason <> 'entry' FROM "ResultEvent" ev
       WHERE ev."electionId" = r."electionId" AND ev."unitCode" = r."unitCode" AND ev.ballot = r.ballot
         AND ev."toStatus" = 'verified' ORDER BY ev."createdAt" DESC LIMIT 1), false),
     EXISTS (SELECT 1 FROM "TallyPhoto" p JOIN "TallyEntry" e ON e.id = p."entryId"
       WHERE p."electionId" = r."electionId" AND p."unitCode" = r."unitCode" AND p.ballot = r.ballot AND p.kind = 'form'
         AND e."electionId" = r."electionId"),
     coalesce((SELECT bool_or(l.flagged) FROM (
       SELECT DISTINCT ON (x."enteredById") cardinality(x.flags) > 0 AS flagged FROM "TallyEntry" x
        WHERE x."electionId" = r."electionId" AND x."unitCode" = r."unitCode" AND x.ballot = r.ballot
        ORDER BY x."enteredById", x."createdAt" DESC, x.id DESC) l), false),
     EXISTS (SELECT 1 FROM "TallyEntry" x WHERE x."electionId" = r."electionId" AND x."unitCode" = r."unitCode" AND x.ballot = r.ballot))`;

/** The kept per-area state counts (AreaStateCount) that differ from a recount of the
 *  results: none, always. */
export async function stateCountsDrift(electionId: string) {
  return selectStateCountsDrift.run({ electionId }, sqlClient());
}

const selectStateCountsDrift = sql<ISelectStateCountsDriftQuery>`
  WITH counted AS (
    SELECT r.ballot, a."areaCode", r.status, r.decided, r."hasFormPhoto", r.flagged, r.reported, count(*)::int AS n
      FROM "UnitResult" r
      JOIN "AreaUnit" a ON a."electionId" = r."electionId" AND a.ballot = r.ballot AND a."unitCode" = r."unitCode"
     WHERE r."electionId" = $electionId!::uuid GROUP BY 1, 2, 3, 4, 5, 6, 7),
  kept AS (
    SELECT ballot, "areaCode", status, decided, "hasFormPhoto", flagged, reported, n FROM "AreaStateCount"
     WHERE "electionId" = $electionId!::uuid AND n <> 0)
  SELECT coalesce(c.ballot, k.ballot) AS "ballot!", coalesce(c."areaCode", k."areaCode") AS "areaCode!",
         coalesce(c.status, k.status) AS "status!", coalesce(k.n, 0) AS "kept!", coalesce(c.n, 0) AS "counted!"
    FROM counted c FULL JOIN kept k USING (ballot, "areaCode", status, decided, "hasFormPhoto", flagged, reported)
   WHERE coalesce(c.n, 0) <> coalesce(k.n, 0)`;

/** The same totals recomputed from scratch: the verified entry of every unit ballot. The
 *  two sums run side by side, on two connections, grouped by plain columns. */
export async function recomputedTotals(electionId: string): Promise<TotalsByArea> {
  const [totals, votes] = await Promise.all([
    largeRead((client) => selectRecomputedAreaTotals.run({ electionId }, client)),
    largeRead((client) => selectRecomputedVoteTotals.run({ electionId }, client)),
  ]);
  return assemble(totals, votes);
}

const selectRecomputedAreaTotals = sql<ISelectRecomputedAreaTotalsQuery>`
  SELECT r.ballot, a."areaCode", count(*)::int AS "units!", sum(e.eligible)::int AS "eligible!",
         sum(e.voters)::int AS "voters!", sum(e."ballotsUsed")::int AS "used!", sum(e.invalid)::int AS "invalid!",
         sum(e."voteNo")::int AS "voteNo!"
    FROM "UnitResult" r JOIN "TallyEntry" e ON e.id = r."verifiedEntryId"
    JOIN "AreaUnit" a ON a."electionId" = r."electionId" AND a.ballot = r.ballot AND a."unitCode" = r."unitCode"
   WHERE r."electionId" = $electionId!::uuid GROUP BY 1, 2`;

const selectRecomputedVoteTotals = sql<ISelectRecomputedVoteTotalsQuery>`
  SELECT r.ballot, a."areaCode", x.key::int AS "number!", sum(x.value::int)::int AS "votes!"
    FROM "UnitResult" r JOIN "TallyEntry" e ON e.id = r."verifiedEntryId"
    JOIN "AreaUnit" a ON a."electionId" = r."electionId" AND a.ballot = r.ballot AND a."unitCode" = r."unitCode"
   CROSS JOIN LATERAL jsonb_each_text(e.votes) x
   WHERE r."electionId" = $electionId!::uuid
   GROUP BY 1, 2, 3 HAVING sum(x.value::int) <> 0`;

/** A read over the whole country, with the memory to sort and group it in place and
 *  without parallel workers: at the default work_mem PostgreSQL spilled the
 *  recomputation's sort to disk, and its workers competed with the other read for two
 *  cores (2.8 s for the country; 1.5 s so). */
async function largeRead<T>(read: (client: ReturnType<typeof sqlClient>) => Promise<T[]>): Promise<T[]> {
  const client = await pool().connect();
  try {
    return await inClientTransaction(client, async () => {
      await client.query(`SET LOCAL work_mem = '64MB'`);
      // The two reads run side by side already: parallel workers on top would only compete.
      await client.query(`SET LOCAL max_parallel_workers_per_gather = 0`);
      return read(sqlClient(client));
    });
  } finally {
    client.release();
  }
}

function assemble(totals: TotalsRow[], votes: VotesRow[]): TotalsByArea {
  const out: TotalsByArea = {};
  for (const { ballot, areaCode, ...figures } of totals) {
    const f = figures;
    if (!f.units && !f.eligible && !f.voters && !f.used && !f.invalid && !f.voteNo) continue;
    out[`${ballot}|${areaCode}`] = { ...figures, votes: {} };
  }
  for (const v of votes) {
    const key = `${v.ballot}|${v.areaCode}`;
    out[key] ??= { units: 0, eligible: 0, voters: 0, used: 0, invalid: 0, voteNo: 0, votes: {} };
    out[key]!.votes[String(v.number)] = v.votes;
  }
  return out;
}
