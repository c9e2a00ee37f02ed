// Whether a race's result is known (issue 38's feed; issue 39 refines it): on verified
// figures only, a single-winner race is *decided* once the leader's lead over the
// runner-up — and, under the vote-no rule, over vote no — is more than every vote still
// possible: the eligible voters of the units not counted yet (flagged and disputed units
// count as not counted). Unknown registers keep it open.

export const CALL_STATUSES = ["too_early", "leading", "decided", "tied", "votes_again"] as const;
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
