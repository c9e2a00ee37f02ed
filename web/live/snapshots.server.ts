// The realtime count's intake (ADR 0027): a counting phone's cumulative snapshots, checked
// and stored in groups, and the interval the phone is told to wait before the next one.
// Stored snapshots reach the provisional totals through the fold (fold.server.ts).
import { getConfig } from "../config/config.server.ts";
import { UserError } from "../errors.ts";
import { batched } from "../db/batcher.server.ts";
import { ballotChoices, unitBallot } from "../elections/contests.server.ts";
import { currentElection } from "../elections/elections.server.ts";
import { mayReport, type User } from "../tally/access.server.ts";
import { registeredVoters, unitKind } from "../geography/unit-facts.server.ts";
import { ballotsOf, snapshotFlags, tapsAddUp, type Snapshot } from "./live-rules.ts";
import { maxFigureFor } from "../tally/tally-rules.ts";
import { intervalFor } from "./interval.ts";
import {
  MAX_SEQ_STEP,
  storeSnapshots,
  unitSnapshots,
  type SnapshotOutcome,
  type SnapshotRow,
  type StoredSnapshot,
} from "./live.sql.server.ts";

// How loaded the intake is: the snapshots received per second (over the last few
// seconds) and the time a group takes to be written (moving averages).
const TARGET_BATCH_MS = 100;
let batchMs = 0;
let rate = 0;
let counted = 0;
let since = performance.now();
function received() {
  counted++;
  const now = performance.now();
  if (now - since >= 1_000) {
    const lately = (counted * 1_000) / (now - since);
    rate = rate ? rate * 0.5 + lately * 0.5 : lately;
    counted = 0;
    since = now;
  }
}

/** When the phone should send next (interval.ts): longer as this process nears what it
 *  can carry (LIVE_CAPACITY_PER_SECOND) or as writing slows. */
export function nextInterval(random = Math.random()) {
  const c = getConfig();
  return intervalFor(
    {
      baseMs: c.LIVE_INTERVAL_MS,
      mostMs: c.LIVE_MAX_INTERVAL_MS,
      rate,
      capacity: c.LIVE_CAPACITY_PER_SECOND,
      batchMs,
      targetBatchMs: TARGET_BATCH_MS,
    },
    random,
  );
}

const keyOf = (r: SnapshotRow) => `${r.election}|${r.unit}|${r.ballot}|${r.device}`;

/** Writes snapshots in groups; a device's repeated snapshot within one group goes in a
 *  later statement (one statement may change a row once). */
const storeSnapshot = batched(
  async (rows: SnapshotRow[]) => {
    const started = performance.now();
    const out = new Array<{ outcome: SnapshotOutcome; storedSeq: number | null; stored: StoredSnapshot | null }>(
      rows.length,
    );
    let rest = rows.map((row, i) => ({ row, i }));
    while (rest.length) {
      const seen = new Set<string>();
      const round: typeof rest = [];
      const later: typeof rest = [];
      for (const r of rest) (seen.has(keyOf(r.row)) ? later : (seen.add(keyOf(r.row)), round)).push(r);
      const outcomes = await storeSnapshots(round.map((r) => r.row));
      round.forEach((r, k) => (out[r.i] = outcomes[k]!));
      rest = later;
    }
    const took = performance.now() - started;
    batchMs = batchMs ? batchMs * 0.8 + took * 0.2 : took;
    return out;
  },
  { maxInFlight: 1, maxBatch: 500 },
);

// The numbers a ballot's choices allow, as the snapshot's keys spell them: one set per
// (cached) list of choices, not one per snapshot.
type Choices = Awaited<ReturnType<typeof ballotChoices>>;
const numberSets = new WeakMap<Choices, Set<string>>();
function numbersOf(choices: Choices) {
  let numbers = numberSets.get(choices);
  if (!numbers) numberSets.set(choices, (numbers = new Set(choices.map((c) => String(c.number)))));
  return numbers;
}

export interface SnapshotAnswer {
  outcome: "stored" | "replay" | "stale";
  /** The device's stored sequence number. */
  seq: number;
  flags: string[];
  /** Milliseconds until the next snapshot. */
  next: number;
}

/** Records a snapshot from a placed volunteer (or staff in scope). Refused with a 4xx,
 *  writing nothing: what is not a count of this unit's ballot, taps that do not account
 *  for the counts, a device that is someone else's, counts that went down without an
 *  undo. A repeat or an older snapshot is answered and changes nothing. */
export async function submitSnapshot(user: User, s: Snapshot): Promise<SnapshotAnswer> {
  received();
  const election = await currentElection(s.election);
  await unitBallot(election.id, s.unitCode, s.ballot);
  if (!(await mayReport(user, election.id, s.unitCode))) throw new UserError(403, "tally.notYourUnit");
  const numbers = numbersOf(await ballotChoices(election.id, s.unitCode, s.ballot));
  const unknown = Object.keys(s.votes).find((n) => !numbers.has(n));
  if (unknown) throw new UserError(400, "tally.unknownNumber", { field: `vote_${unknown}` });
  if (!tapsAddUp(s)) throw new UserError(422, "live.tapsDisagree");
  // The same caps as the count report of this kind of unit (its eligible voters: a flag).
  const max = maxFigureFor(await unitKind(s.unitCode));
  if ([s.taps, s.undos, s.invalid, s.voteNo, ...Object.values(s.votes)].some((v) => v > max))
    throw new UserError(422, "tallyRules.range", { max });
  const flags = snapshotFlags(s, await registeredVoters(s.unitCode), {
    minSecondsPerBallot: getConfig().LIVE_MIN_SECONDS_PER_BALLOT,
  });
  // Zeros are not kept: a count is the same with or without them.
  const votes = Object.fromEntries(Object.entries(s.votes).filter(([, v]) => v > 0));
  const { outcome, storedSeq, stored } = await storeSnapshot({
    election: election.id,
    unit: s.unitCode,
    ballot: s.ballot,
    device: s.deviceId.toLowerCase(),
    actor: user.id,
    seq: s.seq,
    taps: s.taps,
    undos: s.undos,
    ballots: ballotsOf(s),
    votes,
    invalid: s.invalid,
    vote_no: s.voteNo,
    finished: s.finished,
    flags,
    first_tap_at: s.firstTapAt ?? null,
    last_tap_at: s.lastTapAt ?? null,
  });
  if (outcome === "foreign") throw new UserError(409, "live.foreignDevice");
  if (outcome === "down") throw new UserError(422, "live.countsDown");
  // The same sequence number with other counts: not a harmless repeat. Nothing changes;
  // the phone is told what is stored under it.
  if (outcome === "conflict") throw new UserError(409, "live.seqConflict", { seq: s.seq }, { stored });
  if (outcome === "jump") throw new UserError(422, "live.seqJump", { max: MAX_SEQ_STEP });
  return { outcome, seq: storedSeq ?? s.seq, flags, next: nextInterval() };
}

/** A person's last realtime count of a unit ballot (their device with the most ballots),
 *  offered as the Final Score form's starting point; null when they counted none. */
export async function myLiveCount(electionId: string, unitCode: string, ballot: string, userId: string) {
  const mine = (await unitSnapshots(electionId, unitCode, ballot)).filter((s) => s.userId === userId);
  const best = mine.reduce<(typeof mine)[number] | null>((a, s) => (!a || s.ballots > a.ballots ? s : a), null);
  return best && { ballots: best.ballots, votes: best.votes, invalid: best.invalid, voteNo: best.voteNo };
}
