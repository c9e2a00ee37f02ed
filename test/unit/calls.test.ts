// When a race's winner is known on verified figures (results/calls.ts): decided only when
// no remaining vote — every eligible voter of every uncounted unit — could change it.
import { describe, expect, it } from "vitest";
import { callStatus, tabulationStatus } from "../../web/results/calls.ts";

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
