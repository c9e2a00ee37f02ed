// The realtime count's rules (ADR 0027), shared by the phone and the server: what a
// snapshot is, how its ballots add up, and what makes it implausible. A snapshot is
// cumulative — every count so far — so the latest one says everything and a lost or
// repeated one costs nothing.
import { z } from "zod";
import { MAX_FIGURE_ANY } from "../tally/tally-rules.ts";
import { ballotsOf } from "./live-choices.ts";

export { ballotsOf, INVALID, VOTE_NO } from "./live-choices.ts";

// The largest figure any count report holds (a counting centre's, tally-rules.ts); the
// server holds each unit to its own kind's cap.
const count = z.number().int().min(0).max(MAX_FIGURE_ANY);

/** What a counting phone sends. `seq` grows with every snapshot of the device; `taps`
 *  counts every tap, undos included, so votes + invalid + vote-no = taps − 2 × undos. */
export const snapshotSchema = z.object({
  election: z.string().max(64).nullish(),
  unitCode: z.string().regex(/^\d{2}-\d{2}-\d{6}-\d{3}$/),
  ballot: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/),
  deviceId: z.uuid(),
  seq: z.number().int().min(1).max(2_000_000_000),
  taps: count,
  undos: count,
  votes: z.record(z.string().regex(/^\d{1,4}$/), count),
  invalid: count,
  voteNo: count,
  finished: z.boolean().default(false),
  firstTapAt: z.iso.datetime({ offset: true }).nullish(),
  lastTapAt: z.iso.datetime({ offset: true }).nullish(),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

/** Whether the taps account for the counts (each tap adds a ballot, each undo takes one away). */
export const tapsAddUp = (s: Snapshot) => s.undos * 2 <= s.taps && ballotsOf(s) === s.taps - 2 * s.undos;

export interface PlausibilityLimits {
  /** The fastest an official can read out and show one ballot. */
  minSecondsPerBallot: number;
}

/** What is flagged (recorded, shown to the head, never refused): more ballots than the
 *  unit's eligible voters; taps faster than ballots can be read out, measured between the
 *  first and the last tap once there are ten ballots. */
export function snapshotFlags(s: Snapshot, eligible: number | null, limits: PlausibilityLimits) {
  const flags: string[] = [];
  const ballots = ballotsOf(s);
  if (eligible !== null && ballots > eligible) flags.push("overEligible");
  if (limits.minSecondsPerBallot > 0 && ballots >= 10 && s.firstTapAt && s.lastTapAt) {
    const seconds = (Date.parse(s.lastTapAt) - Date.parse(s.firstTapAt)) / 1000;
    if (seconds < (ballots - 1) * limits.minSecondsPerBallot) flags.push("tooFast");
  }
  return flags;
}
