// Party-list seat projection by the largest remainder, in exact integer arithmetic: a
// party's quotas are ⌊votes × seats ÷ total⌋ and its remainder (votes × seats) mod total,
// compared as integers (as fractions of one quota they would be floating-point numbers,
// and exact ties would break at random). The seats left go to the largest remainders;
// parties with equal remainders at the cut-off are a tie the law settles by lot: they
// are named (`tiedForLastSeats`), and meanwhile the seat goes to the party with more
// votes, then the lower number, so the published result is always the same.

export interface PartyVotes {
  number: number;
  votes: number;
}

export interface SeatProjection {
  seats: Map<number, number>;
  /** The parties that must draw lots for the last seat(s); empty when there is no tie. */
  tiedForLastSeats: number[];
}

/** The projection; refuses votes that are not whole non-negative numbers. */
export function projectSeatsExactly(parties: PartyVotes[], seats = 100): SeatProjection {
  for (const p of parties)
    if (!Number.isSafeInteger(p.votes) || p.votes < 0)
      throw new RangeError(`party ${p.number}: votes must be a whole number ≥ 0, not ${p.votes}`);
  const total = parties.reduce((s, p) => s + p.votes, 0);
  const result = new Map(parties.map((p) => [p.number, 0]));
  if (total === 0) return { seats: result, tiedForLastSeats: [] };
  // votes × seats stays far below 2^53 (50 million voters × 500 seats).
  const shares = parties.map((p) => ({
    number: p.number,
    votes: p.votes,
    whole: Math.floor((p.votes * seats) / total),
    remainder: (p.votes * seats) % total,
  }));
  let left = seats;
  for (const s of shares) {
    result.set(s.number, s.whole);
    left -= s.whole;
  }
  const byRemainder = [...shares].sort((a, b) => b.remainder - a.remainder || b.votes - a.votes || a.number - b.number);
  const winners = byRemainder.slice(0, left);
  for (const p of winners) result.set(p.number, result.get(p.number)! + 1);
  const cut = winners.at(-1);
  const next = byRemainder[left];
  const tiedForLastSeats =
    cut && next && cut.remainder === next.remainder
      ? byRemainder
          .filter((p) => p.remainder === cut.remainder)
          .map((p) => p.number)
          .sort((a, b) => a - b)
      : [];
  return { seats: result, tiedForLastSeats };
}

/** The seats alone (see projectSeatsExactly). */
export const projectSeats = (parties: PartyVotes[], seats = 100) => projectSeatsExactly(parties, seats).seats;
