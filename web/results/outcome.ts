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
