import { describe, expect, it } from "vitest";
import { constituencyOutcome } from "../../web/results/outcome.ts";

const c = (number: number, votes: number) => ({ number, name: `#${number}`, votes });

describe("a constituency's outcome", () => {
  it("names the leader, the runner-up and the margin", () => {
    const o = constituencyOutcome([c(1, 150), c(2, 300), c(3, 120)], 40);
    expect([o.leader?.number, o.leader?.margin, o.runnerUp?.number, o.tiedForFirst, o.voteNoWins]).toEqual([
      2,
      150,
      1,
      [],
      false,
    ]);
  });
  it("shows a tie for first as a tie (drawn by lot), not the lower number leading by 0", () => {
    const o = constituencyOutcome([c(1, 200), c(2, 200), c(3, 10)], 5);
    expect([o.leader, o.tiedForFirst]).toEqual([null, [1, 2]]);
  });
  it("elects nobody when the most votes do not beat vote no", () => {
    expect(constituencyOutcome([c(1, 150), c(2, 100)], 210)).toMatchObject({ leader: null, voteNoWins: true });
    expect(constituencyOutcome([c(1, 150)], 150)).toMatchObject({ leader: null, voteNoWins: true });
    expect(constituencyOutcome([c(1, 151)], 150).leader?.number).toBe(1);
  });
  it("has no leader without votes", () => {
    expect(constituencyOutcome([c(1, 0), c(2, 0)], 0)).toEqual({
      leader: null,
      runnerUp: null,
      tiedForFirst: [],
      voteNoWins: false,
    });
  });
});
