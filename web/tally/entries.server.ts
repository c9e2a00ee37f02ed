// Tally entries: a count report checked (only what cannot be a figure is refused) and
// recorded as written, through the result machine's entry transition (tally_submit, in
// groups: group-commit.server.ts). An entry is never changed.
import { db } from "../db/db.server.ts";
import { getConfig } from "../config/config.server.ts";
import { UserError } from "../errors.ts";
import { isUuid } from "../ids.ts";
import {
  checkContext,
  checkTally,
  FIGURES,
  fingerprintOf,
  maxFigureFor,
  readDetails,
  readFigures,
  type Ballot,
  type EntryContext,
  type Figure,
  type FormDetails,
} from "./tally-rules.ts";
import { entryRow } from "./tally.sql.server.ts";
import { submitEntryRow } from "./group-commit.server.ts";
import { cached } from "../db/cache.server.ts";
import { currentElection } from "../elections/elections.server.ts";
import { ballotChoices, unitBallot } from "../elections/contests.server.ts";
import { figuresOf } from "../elections/contest-kinds.ts";
import { unitFacts, type UnitFacts } from "../geography/unit-facts.server.ts";
import { isStaffFor, mayReport, type User } from "./access.server.ts";

/** The unit's contest area so far (its verified units), for the outlier test; a little
 *  stale is fine for a yardstick. */
function areaSoFar(electionId: string, areaCode: string, ballot: Ballot) {
  return cached(`area:${electionId}:${areaCode}:${ballot}`, 30_000, async () => {
    const key = { electionId, ballot, areaCode };
    const [total, votes] = await Promise.all([
      db().areaTotal.findUnique({ where: { electionId_ballot_areaCode: key } }),
      db().voteTotal.findMany({ where: key, select: { number: true, votes: true } }),
    ]);
    if (!total) return null;
    return {
      units: total.unitsVerified,
      eligible: total.eligible,
      voters: total.voters,
      votes: Object.fromEntries(votes.map((v) => [String(v.number), v.votes])),
    };
  });
}

/** What an entry is checked against besides itself (checkContext); the unit's other
 *  ballot is compared by tally_submit, where its latest entry is at hand. */
async function entryContext(
  electionId: string,
  areaCode: string,
  ballot: Ballot,
  facts: UnitFacts,
): Promise<EntryContext> {
  return { registered: facts.registered, constituency: await areaSoFar(electionId, areaCode, ballot) };
}

export interface EntryInput {
  /** The election's slug; none: the current election. */
  election?: string | null;
  submissionId: string;
  unitCode: string;
  ballot: Ballot;
  /** "reporter": from the unit; "blind": keyed from the photos by staff who cannot see other entries. */
  source: "reporter" | "blind";
  fields: Record<string, unknown>;
  photoIds?: string[];
}

/** Every check an entry must pass, without writing anything (the report form runs it
 *  before storing photos, so that a refused count leaves nothing behind). */
export async function prepareEntry(user: User, input: EntryInput) {
  if (!isUuid(input.submissionId)) throw new UserError(400, "tally.badSubmission");
  if (!/^\d{2}-\d{2}-\d{6}-\d{3}$/.test(input.unitCode)) throw new UserError(404, "tally.noUnit");
  const election = await currentElection(input.election);
  const facts = await unitFacts(input.unitCode);
  if (!facts) throw new UserError(404, "tally.noUnit");
  if (
    input.source === "blind" ? !isStaffFor(user, input.unitCode) : !(await mayReport(user, election.id, input.unitCode))
  ) {
    throw new UserError(403, "tally.notYourUnit");
  }
  const { contest, area } = await unitBallot(election.id, input.unitCode, input.ballot);
  const choices = await ballotChoices(election.id, input.unitCode, input.ballot);
  const { figures, bad } = readFigures(
    input.fields,
    choices.map((c) => c.number),
    figuresOf(contest.kind, FIGURES),
  );
  if (bad.length)
    throw new UserError(
      400,
      bad.some((b) => b.startsWith("vote_") && !(b.slice(5) in figures.votes))
        ? "tally.unknownNumber"
        : "tally.notNumber",
      { field: bad[0]! },
    );
  const { details, bad: badDetail } = readDetails(input.fields);
  if (badDetail) throw new UserError(400, badDetail.code, { field: badDetail.field });
  const config = getConfig();
  const { refusals, anomalies } = checkTally(
    figures,
    { turnoutFlagPercent: config.TURNOUT_FLAG_PERCENT, maxFigure: maxFigureFor(facts.kind) },
    details,
  );
  if (refusals.length) throw new UserError(422, `tallyRules.${refusals[0]!.code}`, refusals[0]!.params ?? {});
  const context = checkContext(figures, await entryContext(election.id, area, input.ballot, facts), {
    minUnits: config.OUTLIER_MIN_UNITS,
    turnoutPoints: config.OUTLIER_TURNOUT_POINTS,
    sharePoints: config.OUTLIER_SHARE_POINTS,
    minValid: config.OUTLIER_MIN_VALID,
  });
  // Recorded as written: what does not add up is flagged and reviewed, never refused.
  const flags = [...anomalies, ...context].map((a) => a.code);
  return { election, figures, details, flags, fingerprint: fingerprintOf(figures) };
}

/** Records an entry (or, for a submission id already seen with the same figures, returns
 *  it again) and updates the unit's result. Refuses with a 4xx, writing nothing, only
 *  what cannot be a figure; a form that does not add up is recorded with its anomalies. Election night's hot path: the SQL function tally_submit
 *  (prisma/functions/tally_submit.sql), which also recomputes the result, called in groups (group-commit.server.ts). */
export async function submitEntry(user: User, input: EntryInput) {
  return recordEntry(user, input, await prepareEntry(user, input));
}

/** Writes an entry that prepareEntry has checked (its result, for the same input). */
export async function recordEntry(user: User, input: EntryInput, prepared: Awaited<ReturnType<typeof prepareEntry>>) {
  const { election, figures, details, flags, fingerprint } = prepared;
  const row = await submitEntryRow(
    entryRow(
      {
        submission: input.submissionId,
        election: election.id,
        unit: input.unitCode,
        ballot: input.ballot,
        source: input.source,
        actor: user.id,
        flags,
        fingerprint,
        photos: input.photoIds ?? [],
      },
      figures,
      details,
    ),
  );
  if (row.outcome === "reused") throw new UserError(409, "tally.submissionReused");
  if (row.outcome === "reasonRequired") throw new UserError(400, "tally.correctionReason");
  return {
    entry: { id: row.entry_id!, flags: row.entry_flags ?? flags },
    replay: row.outcome === "replay",
    status: row.result_status ?? undefined,
  };
}

/** The caller's latest entry for a unit ballot, with its photos: what they sent, shown
 *  back to them read-only. Null before their first. */
export async function myLatestEntry(electionId: string, unitCode: string, ballot: Ballot, userId: string) {
  const entry = await db().tallyEntry.findFirst({
    where: { electionId, unitCode, ballot, enteredById: userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: { photos: { select: { id: true, kind: true } } },
  });
  if (!entry) return null;
  const details: FormDetails = {
    remarks: entry.remarks,
    countStartedAt: entry.countStartedAt,
    countEndedAt: entry.countEndedAt,
    formPosted: entry.formPosted,
    correctionReason: entry.correctionReason,
  };
  return {
    at: entry.createdAt.toISOString(),
    figures: Object.fromEntries(FIGURES.map((f) => [f, entry[f]])) as Record<Figure, number | null>,
    votes: entry.votes as Record<string, number>,
    details,
    flags: entry.flags,
    photos: entry.photos,
  };
}

/** The state of a unit's ballot ("none" before any entry). */
export async function unitResultStatus(electionId: string, unitCode: string, ballot: Ballot) {
  const result = await db().unitResult.findUnique({
    where: { electionId_unitCode_ballot: { electionId, unitCode, ballot } },
    select: { status: true },
  });
  return result?.status ?? "none";
}
