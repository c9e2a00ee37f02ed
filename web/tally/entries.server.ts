// Tally entries and their verification. An entry is never changed; a unit ballot's
// result is a state machine (result-machine.ts: its table) whose transitions are SQL
// functions, and every change of it is a ResultEvent.
import { db } from "../db/db.server.ts";
import { getConfig } from "../config/config.server.ts";
import { can, headedConstituencies, type HasRoles } from "../accounts/permissions.ts";
import { isUserError, UserError } from "../errors.ts";
import { batched } from "../db/batcher.server.ts";
import { placedOf } from "../assignment/assignment.sql.server.ts";
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
import { decideResult, entryRow, escalateToWarRoom, silenceUnreported } from "./tally.sql.server.ts";
import { fromStates, type Actor } from "./result-machine.ts";
import type { UnitKind } from "../generated/prisma/enums.ts";
import { submitEntryRow } from "./group-commit.server.ts";
import { cached, forget } from "./cache.server.ts";
import { areaOfUnit, contestOf } from "./contests.server.ts";
import { CONTEST_WIDE, figuresOf, KIND_RULES } from "./contest-kinds.ts";

/** Who sends a count: roles, and (signed in) the units they are placed on. */
export type User = HasRoles & { id: string; placements?: { electionId: string; unitCode: string }[] };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ELECTION_SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const ELECTION_ORDER = [{ date: "desc" as const }, { createdAt: "asc" as const }, { slug: "asc" as const }];
type Election = Awaited<ReturnType<typeof allElections>>[number];

/** Every election (a few dozen at most), the latest day first. */
const allElections = () => cached("elections", 5_000, () => db().election.findMany({ orderBy: ELECTION_ORDER }));

/** The start of an election's day in Bangkok (UTC+7, no daylight saving). */
const dayStarts = (e: { date: Date }) => new Date(e.date.getTime() - 7 * 3_600_000);

/** Whether an election is being counted at `now`: from the start of its day until its
 *  counting window after the close has passed (COUNTING_WINDOW_HOURS). Several can be:
 *  elections on one day, or a by-election whose window overlaps another's. */
export function isCounting(e: { date: Date; closesAt: Date }, now = new Date()) {
  const windowEnds = e.closesAt.getTime() + getConfig().COUNTING_WINDOW_HOURS * 3_600_000;
  return dayStarts(e).getTime() <= now.getTime() && now.getTime() <= windowEnds;
}

/** The elections being counted at `now`, the earliest to close first. */
export async function electionsCounting(now = new Date()) {
  return (await allElections())
    .filter((e) => isCounting(e, now))
    .sort((a, b) => a.closesAt.getTime() - b.closesAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime());
}

/** The default election where a request names none: the first of those being counted
 *  now; else the next to come (the nearest day); else the latest. A by-election set up for
 *  next month does not take the place of tonight's election. */
async function defaultElection(now = new Date()): Promise<Election | null> {
  const counting = await electionsCounting(now);
  if (counting.length) return counting[0]!;
  const all = await allElections();
  const coming = all
    .filter((e) => dayStarts(e).getTime() > now.getTime())
    .sort((a, b) => a.date.getTime() - b.date.getTime() || a.createdAt.getTime() - b.createdAt.getTime());
  return coming[0] ?? all[0] ?? null;
}

/** The election a request names by its slug, or — where it names none — the default one
 *  (defaultElection). Not found: 404 tally.noElection. */
export async function currentElection(slug?: string | null) {
  const key = `election:${slug}`;
  const election =
    slug && !ELECTION_SLUG.test(slug)
      ? null
      : slug
        ? await cached(key, 5_000, () => db().election.findUnique({ where: { slug } }))
        : await defaultElection();
  if (!election) {
    if (slug) forget(key);
    else forget("elections");
    throw new UserError(404, "tally.noElection");
  }
  return election;
}

/** The elections that take counts now: those being counted; before any is (the days
 *  before), those of the default election's day — a local election and a referendum may
 *  share a day with a general election. The default one first. */
export async function activeElections(now = new Date()) {
  const counting = await electionsCounting(now);
  if (counting.length) return counting;
  const current = await defaultElection(now);
  if (!current) return [];
  return (await allElections()).filter((e) => e.date.getTime() === current.date.getTime());
}

// Every unit (95,000 codes with their registered voters and kind) in memory, reloaded
// every ten minutes; a code not among them is looked up on its own (a unit added since).
type UnitFacts = { registered: number | null; kind: UnitKind };
const allUnits = () =>
  cached(
    "units",
    10 * 60_000,
    async () =>
      new Map<string, UnitFacts>(
        (await db().pollingUnit.findMany({ select: { code: true, eligibleVoters: true, kind: true } })).map((u) => [
          u.code,
          { registered: u.eligibleVoters, kind: u.kind },
        ]),
      ),
  );
async function unitFacts(code: string): Promise<UnitFacts | null> {
  const known = (await allUnits()).get(code);
  if (known) return known;
  return cached(`unit:${code}`, 10_000, async () => {
    const unit = await db().pollingUnit.findUnique({ where: { code }, select: { eligibleVoters: true, kind: true } });
    return unit && { registered: unit.eligibleVoters, kind: unit.kind };
  });
}

/** Who counts at a unit: a polling unit or a kind of counting centre (null: no such unit). */
export async function unitKind(unitCode: string) {
  return (await unitFacts(unitCode))?.kind ?? null;
}

/** The unit's registered eligible voters (null where the register does not say). */
export async function registeredVoters(unitCode: string) {
  return (await unitFacts(unitCode))?.registered ?? null;
}

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

/** The current election, or null before there is any (recruiting starts before the
 *  election is set up). */
export async function currentElectionOrNull() {
  try {
    return await currentElection();
  } catch (error) {
    if (isUserError(error) && error.code === "tally.noElection") return null;
    throw error;
  }
}

/** The geographic constituency of a unit (its code's first five characters): the scope of
 *  the staff roles, which belong to the country's constituencies, not to one election. */
const constituencyOf = (unitCode: string) => unitCode.slice(0, 5);

/** The unit's ballot of a contest: the contest and the unit's area in it. A contest the
 *  election does not have, or one the unit does not vote in, is not found. */
export async function unitBallot(electionId: string, unitCode: string, ballot: Ballot) {
  const [contest, area] = await Promise.all([contestOf(electionId, ballot), areaOfUnit(electionId, unitCode, ballot)]);
  if (!contest || !area) throw new UserError(404, "tally.noBallot");
  return { contest, area };
}

/** The numbers that can receive votes on this ballot at this unit, with their names: the
 *  election's parties on a party list; the candidates of the unit's area where the kind
 *  decides per area; else the contest-wide candidates or options (area "*"). */
export async function ballotChoices(electionId: string, unitCode: string, ballot: Ballot) {
  const { contest, area } = await unitBallot(electionId, unitCode, ballot);
  const rules = KIND_RULES[contest.kind];
  const from = rules.choices === "parties" ? null : rules.decidedIn === "area" ? area : CONTEST_WIDE;
  return cached(`choices:${electionId}:${ballot}:${from ?? ""}`, 30_000, () => loadChoices(electionId, ballot, from));
}

async function loadChoices(electionId: string, ballot: Ballot, areaCode: string | null) {
  if (areaCode === null) {
    const parties = await db().party.findMany({ where: { electionId }, orderBy: { number: "asc" } });
    return parties.map((p) => ({ number: p.number, nameTh: p.nameTh, nameEn: p.nameEn, colour: p.colour }));
  }
  const candidates = await db().candidate.findMany({
    where: { electionId, ballot, areaCode },
    orderBy: { number: "asc" },
    include: { party: true },
  });
  return candidates.map((c) => ({
    number: c.number,
    nameTh: `${c.nameTh}${c.party ? ` (${c.party.nameTh})` : ""}`,
    nameEn: `${c.nameEn ?? c.nameTh}${c.party ? ` (${c.party.nameEn})` : ""}`,
    colour: c.party?.colour ?? "#888888",
  }));
}

/** Staff who may key figures for a unit: its constituency's head and team's staff, the war room. */
export function isStaffFor(user: User, unitCode: string) {
  return can(user, "constituency:manage", { constituencyId: constituencyOf(unitCode) }) || can(user, "warroom:verify");
}

/** Whether a user is placed on a unit in an election; asked on every report, so asked
 *  together (one statement for all the reports arriving at once). */
const isPlaced = batched(
  async (asks: { electionId: string; userId: string; unitCode: string }[]) => {
    const placed = await placedOf(asks);
    return asks.map((a) => placed.has(`${a.electionId}|${a.userId}|${a.unitCode}`));
  },
  { maxInFlight: 2, maxBatch: 500 },
);

/** The unit's reporters placed for the election (reporter or backup), and staff in scope.
 *  A signed-in user's placements come with their session (at most two seconds old), which
 *  spares a query on every report; a placement not there yet (placed a moment ago) is
 *  asked of the database. */
export async function mayReport(user: User, electionId: string, unitCode: string) {
  if (isStaffFor(user, unitCode)) return true;
  if (user.placements?.some((p) => p.electionId === electionId && p.unitCode === unitCode)) return true;
  return isPlaced({ electionId, userId: user.id, unitCode });
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
  if (!UUID.test(input.submissionId)) throw new UserError(400, "tally.badSubmission");
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

// ---------- the review queue ----------

/** Disputed and escalated results the user may act on, in one election (by default the
 *  current one): a head sees their constituency's disputes; the war room sees everything. */
export async function reviewQueue(user: User, take = 50, electionSlug: string | null = null) {
  const election = await currentElection(electionSlug);
  const warRoom = can(user, "warroom:verify");
  const heads = headedConstituencies(user);
  if (!warRoom && !heads.length) throw new UserError(403, "tally.notYourUnit");
  const results = await db().unitResult.findMany({
    where: {
      electionId: election.id,
      status: warRoom ? { in: ["disputed", "escalated"] } : "disputed",
      ...(warRoom ? {} : { OR: heads.map((c) => ({ unitCode: { startsWith: `${c}-` } })) }),
    },
    orderBy: [{ status: "desc" }, { updatedAt: "asc" }],
    take,
  });
  return Promise.all(results.map(async (r) => ({ ...r, ...(await resultDetail(election.id, r.unitCode, r.ballot)) })));
}

export async function resultDetail(electionId: string, unitCode: string, ballot: Ballot) {
  const [entries, photos, events] = await Promise.all([
    db().tallyEntry.findMany({ where: { electionId, unitCode, ballot }, orderBy: { createdAt: "asc" } }),
    // This election's photos only: two elections on one day share units and ballot keys.
    db().tallyPhoto.findMany({ where: { electionId, unitCode, ballot }, orderBy: { createdAt: "asc" } }),
    db().resultEvent.findMany({ where: { electionId, unitCode, ballot }, orderBy: { createdAt: "asc" } }),
  ]);
  return { entries, photos, events };
}

/** A reason worth keeping: a few letters or digits, not blanks or invisible characters. */
function reasonOf(reason: string) {
  const kept = reason.replace(/[\p{Cf}\p{Z}\s]+/gu, " ").trim();
  if ((kept.match(/[\p{L}\p{N}]/gu) ?? []).length < 3) throw new UserError(400, "tally.reasonRequired");
  return kept;
}

/** Who the user is for a unit ballot's transitions (result-machine.ts): the war room, the
 *  head of its constituency, or neither. */
function deciderOf(user: User, unitCode: string): Actor | null {
  if (can(user, "warroom:verify")) return "warRoom";
  if (can(user, "constituency:manage", { constituencyId: constituencyOf(unitCode) })) return "head";
  return null;
}

const DECIDE_REFUSALS = {
  reasonRequired: [400, "tally.reasonRequired"],
  noResult: [404, "tally.noUnit"],
  notAllowed: [409, "tally.notDecidable"],
  noEntry: [400, "tally.badSubmission"],
  noFormPhoto: [409, "tally.noFormPhoto"],
} as const;

/** The decide transition: a head (disputes in their constituency) or the war room (also
 *  what was sent up to it) picks the entry that is right, with a reason. Only a count with
 *  the signed form's photo can be decided, and a flagged entry only by naming each anomaly
 *  the decision accepts (result_decide.sql applies it under the unit's lock). */
export async function resolveResult(
  user: User,
  unitCode: string,
  ballot: Ballot,
  entryId: string,
  reason: string,
  accepts: string[] = [],
  electionSlug: string | null = null,
) {
  const actor = deciderOf(user, unitCode);
  if (!actor) throw new UserError(403, "tally.notYourUnit");
  const why = reasonOf(reason);
  if (!UUID.test(entryId)) throw new UserError(400, "tally.badSubmission");
  const election = await currentElection(electionSlug);
  const outcome = await decideResult({
    electionId: election.id,
    unitCode,
    ballot,
    entryId,
    actorId: user.id,
    reason: why,
    accepts,
    from: fromStates("decide", actor),
  });
  if (outcome === "unaccepted") {
    const entry = await db().tallyEntry.findUnique({ where: { id: entryId }, select: { flags: true } });
    const count = (entry?.flags ?? []).filter((f) => !accepts.includes(f)).length;
    throw new UserError(400, "tally.acceptAnomalies", { count });
  }
  if (outcome !== "decided") {
    const [status, code] = DECIDE_REFUSALS[outcome];
    throw new UserError(status, code);
  }
}

/** The escalate transition: a head sends a dispute to the war room, with a reason. */
export async function escalateResult(
  user: User,
  unitCode: string,
  ballot: Ballot,
  reason: string,
  electionSlug: string | null = null,
) {
  const actor = deciderOf(user, unitCode);
  const from = actor ? fromStates("escalate", actor) : [];
  if (!from.length) throw new UserError(403, "tally.notYourUnit");
  const why = reasonOf(reason);
  const election = await currentElection(electionSlug);
  const outcome = await escalateToWarRoom({
    electionId: election.id,
    unitCode,
    ballot,
    actorId: user.id,
    reason: why,
    from,
  });
  if (outcome === "reasonRequired") throw new UserError(400, "tally.reasonRequired");
  if (outcome !== "escalated") throw new UserError(409, "tally.notDisputed");
}

/** The silence transition: units with no report for a ballot N minutes after their
 *  election's close become silent (the war room chases them), in every election whose
 *  counting is under way — each after its own close; only the units of its contests.
 *  Idempotent: run it every minute. */
export async function escalateMissingReports(now = new Date()) {
  let silenced = 0;
  for (const election of await electionsCounting(now)) {
    const after = new Date(election.closesAt.getTime() + getConfig().MISSING_REPORT_MINUTES * 60_000);
    if (now >= after) silenced += (await silenceUnreported(election.id)).length;
  }
  return silenced;
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
