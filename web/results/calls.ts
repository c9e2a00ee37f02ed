// Whether a race's result is known (issues 38 and 39): on verified figures, a
// single-winner race is *decided* once the leader's lead over the runner-up — and, under
// the vote-no rule, over vote no — is more than every vote still possible: the eligible
// voters of the units not counted yet (disputed units are not counted), and the figures
// of verified units whose forms are flagged (as if they fell: their votes out, their
// voters still to come). When the call holds only with the flagged forms as written, it
// is *decided unless flagged units fall*. Unknown registers keep it open. A *projected*
// call (projectedCall) adds the realtime count's provisional figures, labelled as such.

export const CALL_STATUSES = [
  "too_early",
  "leading",
  "decided",
  "decided_unless_flagged",
  "tied",
  "votes_again",
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
export const TABULATION_STATUSES = ["not_started", "in_progress", "complete"] as const;
export type TabulationStatus = (typeof TABULATION_STATUSES)[number];

export function tabulationStatus(u: { units: number; reporting: number; counted: number }): TabulationStatus {
  if (u.reporting === 0 && u.counted === 0) return "not_started";
  return u.units > 0 && u.counted === u.units ? "complete" : "in_progress";
}

export function callStatus(r: {
  /** Each choice's verified votes, most first. */
  votes: number[];
  /** Vote no's verified votes; null where the ballot has no such box. */
  voteNo: number | null;
  counted: number;
  units: number;
  /** The eligible voters of the units not counted yet; null when some are unknown. */
  uncountedVoters: number | null;
}): CallStatus {
  const [first = 0, second = 0] = r.votes;
  if (r.counted === 0 || first === 0) return "too_early";
  const complete = r.counted === r.units;
  const remaining = complete ? 0 : r.uncountedVoters;
  if (complete) {
    if (first === second) return "tied";
    if (r.voteNo !== null && first <= r.voteNo) return "votes_again";
    return "decided";
  }
  if (remaining === null) return first === second ? "too_early" : "leading";
  // Every remaining ballot could go to the runner-up (or to vote no).
  const safe = first - second > remaining && (r.voteNo === null || first - r.voteNo > remaining);
  return safe ? "decided" : first === second ? "too_early" : "leading";
}

/** A race's figures by choice number, and what of them rests on flagged forms. */
export interface RaceFigures {
  /** Each choice's verified votes (flagged units' figures included, as written). */
  votes: Map<number, number>;
  voteNo: number | null;
  counted: number;
  units: number;
  uncountedVoters: number | null;
  /** The verified units whose forms are flagged: how many, their votes, vote no and
   *  eligible voters (null when some are unknown). */
  flagged?: { units: number; votes: Map<number, number>; voteNo: number; voters: number | null };
}

const mostFirst = (votes: Map<number, number>) => [...votes.values()].sort((a, b) => b - a);

/** The call on verified figures, with the flagged forms weighed as item 1 of issue 39 says. */
export function raceCall(r: RaceFigures): CallStatus {
  const asWritten = callStatus({ ...r, votes: mostFirst(r.votes) });
  const f = r.flagged;
  if (!f || f.units === 0) return asWritten;
  const without = new Map([...r.votes].map(([n, v]) => [n, v - (f.votes.get(n) ?? 0)]));
  const strict = callStatus({
    votes: mostFirst(without),
    voteNo: r.voteNo === null ? null : r.voteNo - f.voteNo,
    counted: r.counted - f.units,
    units: r.units,
    uncountedVoters: r.uncountedVoters === null || f.voters === null ? null : r.uncountedVoters + f.voters,
  });
  if (strict === "decided") return "decided";
  return asWritten === "decided" ? "decided_unless_flagged" : asWritten;
}

/** The projected call: verified figures plus the realtime count's provisional ones (units
 *  counting or finished without a Final Score). Every ballot already tapped at a unit whose
 *  register is known is no longer "still possible" there. */
export function projectedCall(
  r: RaceFigures,
  live: { votes: Map<number, number>; voteNo: number; units: number; knownBallots: number },
): CallStatus {
  const votes = new Map(r.votes);
  for (const [n, v] of live.votes) votes.set(n, (votes.get(n) ?? 0) + v);
  const complete = r.counted === r.units;
  return raceCall({
    ...r,
    votes,
    voteNo: r.voteNo === null ? null : r.voteNo + live.voteNo,
    counted: complete ? r.units : Math.min(r.units - 1, r.counted + live.units),
    uncountedVoters: r.uncountedVoters === null ? null : Math.max(0, r.uncountedVoters - live.knownBallots),
  });
}
