// When a race's winner is known on verified figures (results/calls.ts): decided only when
// no remaining vote — every eligible voter of every uncounted unit — could change it.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { callStatus, projectedCall, raceCall, tabulationStatus, type RaceFigures } from "../../web/results/calls.ts";

const race = (over: Partial<Parameters<typeof callStatus>[0]>) =>
  callStatus({ votes: [500, 300], voteNo: 50, counted: 5, units: 10, uncountedVoters: 150, ...over });

describe("call status", () => {
  it("is too early with nothing counted", () => {
    expect(race({ counted: 0, votes: [0, 0] })).toBe("too_early");
  });

  it("is decided when the lead is more than every vote still possible", () => {
    expect(race({ uncountedVoters: 199 })).toBe("decided");
    // Exactly the lead still to come: the runner-up could tie it.
    expect(race({ uncountedVoters: 200 })).toBe("leading");
  });

  it("under the vote-no rule also needs the lead over vote no to hold", () => {
    expect(race({ votes: [500, 100], voteNo: 400, uncountedVoters: 150 })).toBe("leading");
    expect(race({ votes: [500, 100], voteNo: null, uncountedVoters: 150 })).toBe("decided");
  });

  it("stays open while some uncounted unit's register is unknown", () => {
    expect(race({ uncountedVoters: null })).toBe("leading");
  });

  it("once every unit is counted: decided, tied, or votes again when vote no wins", () => {
    expect(race({ counted: 10, uncountedVoters: 0 })).toBe("decided");
    expect(race({ counted: 10, votes: [300, 300] })).toBe("tied");
    expect(race({ counted: 10, votes: [300, 200], voteNo: 300 })).toBe("votes_again");
  });

  it("says where the tabulation stands", () => {
    expect(tabulationStatus({ units: 10, reporting: 0, counted: 0 })).toBe("not_started");
    expect(tabulationStatus({ units: 10, reporting: 3, counted: 1 })).toBe("in_progress");
    expect(tabulationStatus({ units: 10, reporting: 10, counted: 10 })).toBe("complete");
  });
});

// Issue 39: the call weighs flagged forms, and a projection adds the realtime count.

/** A constituency: units with a register, final figures per candidate, whether each is
 *  counted (verified) and whether its form is flagged. */
const unitArb = (candidates: number) =>
  fc
    .record({
      eligible: fc.integer({ min: 50, max: 800 }),
      shares: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: candidates + 1, maxLength: candidates + 1 }),
      counted: fc.boolean(),
      flagged: fc.boolean(),
      turnout: fc.integer({ min: 0, max: 100 }),
    })
    .map((u) => {
      const ballots = Math.floor((u.eligible * u.turnout) / 100);
      const total = u.shares.reduce((a, b) => a + b, 0) || 1;
      const votes = u.shares.map((s) => Math.floor((ballots * s) / total)); // the last is vote no
      return { eligible: u.eligible, votes, counted: u.counted, flagged: u.counted && u.flagged };
    });

function figuresOf(units: { eligible: number; votes: number[]; counted: boolean; flagged: boolean }[], n: number) {
  const votes = new Map<number, number>();
  const flaggedVotes = new Map<number, number>();
  let voteNo = 0;
  let flaggedVoteNo = 0;
  for (let c = 0; c < n; c++) votes.set(c, 0);
  for (const u of units.filter((x) => x.counted)) {
    for (let c = 0; c < n; c++) votes.set(c, votes.get(c)! + u.votes[c]!);
    voteNo += u.votes[n]!;
    if (u.flagged) {
      for (let c = 0; c < n; c++) flaggedVotes.set(c, (flaggedVotes.get(c) ?? 0) + u.votes[c]!);
      flaggedVoteNo += u.votes[n]!;
    }
  }
  const flagged = units.filter((u) => u.flagged);
  return {
    votes,
    voteNo,
    counted: units.filter((u) => u.counted).length,
    units: units.length,
    uncountedVoters: units.filter((u) => !u.counted).reduce((s, u) => s + u.eligible, 0),
    flagged: {
      units: flagged.length,
      votes: flaggedVotes,
      voteNo: flaggedVoteNo,
      voters: flagged.reduce((s, u) => s + u.eligible, 0),
    },
  } satisfies RaceFigures;
}

/** Whether some completion within the bound beats (or ties) the leader: every ballot still
 *  possible — all of an uncounted unit's register, and, unless flagged forms stand, all of
 *  a flagged unit's register instead of its figures — to one challenger (or vote no). */
function canChange(
  units: { eligible: number; votes: number[]; counted: boolean; flagged: boolean }[],
  n: number,
  flaggedStand: boolean,
) {
  const open = (u: (typeof units)[number]) => !u.counted || (u.flagged && !flaggedStand);
  const sure = (c: number) => units.filter((u) => !open(u)).reduce((s, u) => s + u.votes[c]!, 0);
  const possible = units.filter(open).reduce((s, u) => s + u.eligible, 0);
  const totals = Array.from({ length: n }, (_, c) => sure(c));
  const leader = totals.indexOf(Math.max(...totals));
  for (let c = 0; c <= n; c++) if (c !== leader && sure(c) + possible >= totals[leader]!) return true;
  return false;
}

describe("calls with flagged forms (property)", () => {
  it("no figure within the outstanding bound changes a decided winner", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 4 })
          .chain((n) => fc.tuple(fc.constant(n), fc.array(unitArb(n), { minLength: 1, maxLength: 12 }))),
        ([n, units]) => {
          const status = raceCall(figuresOf(units, n));
          if (status === "decided") expect(canChange(units, n, false)).toBe(false);
          if (status === "decided_unless_flagged") {
            expect(canChange(units, n, true)).toBe(false);
            expect(units.some((u) => u.flagged)).toBe(true);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("a lead that holds only on flagged forms is decided unless they fall", () => {
    const base = {
      votes: new Map([
        [1, 600],
        [2, 300],
      ]),
      voteNo: 0,
      counted: 10,
      units: 11,
      uncountedVoters: 100,
    };
    expect(raceCall(base)).toBe("decided");
    const flagged = { units: 1, votes: new Map([[1, 250]]), voteNo: 0, voters: 300 };
    // Without the flagged unit: 350 against 300 with 400 still possible.
    expect(raceCall({ ...base, flagged })).toBe("decided_unless_flagged");
    expect(raceCall({ ...base, flagged: { ...flagged, votes: new Map([[1, 10]]), voters: 20 } })).toBe("decided");
  });

  it("a projection counts the realtime taps and what is left at units still counting", () => {
    const verified = {
      votes: new Map([
        [1, 300],
        [2, 200],
      ]),
      voteNo: 0,
      counted: 5,
      units: 10,
      uncountedVoters: 1000,
    };
    expect(raceCall(verified)).toBe("leading");
    const live = {
      votes: new Map([
        [1, 700],
        [2, 50],
      ]),
      voteNo: 0,
      units: 4,
      knownBallots: 750,
    };
    // 1000 vs 250 with 1000 − 750 = 250 still possible: decided as a projection only.
    expect(projectedCall(verified, live)).toBe("decided");
    // With 2000 still possible before the taps, 1250 after: the lead of 750 is not enough.
    expect(projectedCall({ ...verified, uncountedVoters: 2000 }, live)).toBe("leading");
  });
});
