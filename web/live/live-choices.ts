// What a tap can be, and how the ballots add up: shared by the server and the phone's
// counter, without zod (the counter's script stays small: issue 40).

/** The taps that are not a vote for a number. */
export const INVALID = "invalid";
export const VOTE_NO = "voteNo";

/** The ballots a count has: every vote, invalid and vote-no. */
export function ballotsOf(s: { votes: Record<string, number>; invalid: number; voteNo: number }) {
  let n = s.invalid + s.voteNo;
  for (const v of Object.values(s.votes)) n += v;
  return n;
}
