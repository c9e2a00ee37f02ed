// A constituency's outcome from its verified votes: the leader, the runner-up and the
// margin; a tie for first (the law settles it by lot: nobody leads); and the vote-no rule
// (a leader who does not get more votes than "vote no" is not elected: a new election).

export interface CandidateVotes {
  number: number;
  name: string;
  votes: number;
}

export interface ConstituencyOutcome {
  leader: (CandidateVotes & { margin: number }) | null;
  runnerUp: CandidateVotes | null;
  /** Candidates tied for first with votes (to be drawn by lot); empty when there is no tie. */
  tiedForFirst: number[];
  /** The most votes do not beat "vote no": no one is elected, the constituency votes again. */
  voteNoWins: boolean;
}

export function constituencyOutcome(candidates: CandidateVotes[], voteNo: number): ConstituencyOutcome {
  const ranked = [...candidates].sort((a, b) => b.votes - a.votes || a.number - b.number);
  const [first, second] = ranked;
  if (!first || first.votes <= 0) return { leader: null, runnerUp: null, tiedForFirst: [], voteNoWins: false };
  const tiedForFirst = ranked.filter((c) => c.votes === first.votes).map((c) => c.number);
  const voteNoWins = first.votes <= voteNo;
  const tie = tiedForFirst.length > 1;
  return {
    leader: tie || voteNoWins ? null : { ...first, margin: first.votes - (second?.votes ?? 0) },
    runnerUp: tie ? null : (second ?? null),
    tiedForFirst: tie ? tiedForFirst : [],
    voteNoWins,
  };
}

export interface TopOutcome {
  /** The k elected, most votes first; fewer while a tie at the cut-off is undecided. */
  elected: number[];
  /** Candidates tied at the cut-off for the last seat(s), to be drawn by lot; empty when none. */
  tiedForLastSeats: number[];
}

/** A multi-member area: the k candidates with the most votes (and more than none). Equal
 *  votes at the cut-off that cannot all be seated are a tie the law settles by lot. */
export function topOutcome(candidates: CandidateVotes[], seats: number): TopOutcome {
  const ranked = [...candidates].filter((c) => c.votes > 0).sort((a, b) => b.votes - a.votes || a.number - b.number);
  if (ranked.length <= seats) return { elected: ranked.map((c) => c.number), tiedForLastSeats: [] };
  const cut = ranked[seats - 1]!.votes;
  if (ranked[seats]!.votes !== cut)
    return { elected: ranked.slice(0, seats).map((c) => c.number), tiedForLastSeats: [] };
  return {
    elected: ranked.filter((c) => c.votes > cut).map((c) => c.number),
    tiedForLastSeats: ranked
      .filter((c) => c.votes === cut)
      .map((c) => c.number)
      .sort((a, b) => a - b),
  };
}
