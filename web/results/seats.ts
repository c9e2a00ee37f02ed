// Party-list seat projection: quota = total valid party-list votes ÷ seats; each party
// gets its whole quotas, then the seats left go to the largest remainders (ties: more
// votes, then the lower party number, so the result is always the same).

export interface PartyVotes {
  number: number;
  votes: number;
}

export function projectSeats(parties: PartyVotes[], seats = 100): Map<number, number> {
  const total = parties.reduce((s, p) => s + p.votes, 0);
  const result = new Map(parties.map((p) => [p.number, 0]));
  if (total === 0) return result;
  const quota = total / seats;
  const shares = parties.map((p) => ({
    ...p,
    whole: Math.floor(p.votes / quota),
    remainder: p.votes / quota - Math.floor(p.votes / quota),
  }));
  let given = 0;
  for (const s of shares) {
    result.set(s.number, s.whole);
    given += s.whole;
  }
  const byRemainder = [...shares].sort((a, b) => b.remainder - a.remainder || b.votes - a.votes || a.number - b.number);
  for (let i = 0; given < seats && i < byRemainder.length; i++, given++) {
    const p = byRemainder[i]!;
    result.set(p.number, result.get(p.number)! + 1);
  }
  return result;
}
