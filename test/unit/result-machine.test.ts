// The result machine's table (web/tally/result-machine.ts): who may cause what from where,
// and the agreement rule as stated there (the SQL is held to it by the property test).
import { describe, expect, it } from "vitest";
import {
  describeTransitions,
  entryOutcome,
  fromStates,
  mayCause,
  RESULT_STATES,
  TRANSITIONS,
} from "../../web/tally/result-machine.ts";

describe("the result machine", () => {
  it("lets a head decide only a dispute, and the war room also what was sent up to it", () => {
    expect(fromStates("decide", "head")).toEqual(["disputed"]);
    expect(fromStates("decide", "warRoom").sort()).toEqual(["disputed", "escalated"]);
    for (const state of ["none", "silent", "reported", "verified", "escalated"] as const)
      expect(mayCause("decide", "head", state)).toBe(false);
    expect(mayCause("decide", "reporter", "disputed")).toBe(false);
    expect(fromStates("escalate", "head")).toEqual(["disputed"]);
    expect(fromStates("escalate", "warRoom")).toEqual([]);
    expect(fromStates("silence", "platform")).toEqual(["none"]);
  });

  it("names a reason wherever a person decides or escalates, and an SQL function for every transition", () => {
    for (const t of TRANSITIONS) {
      if (t.event === "decide" || t.event === "escalate") expect(t.reason).toBe("required");
      for (const s of t.from) expect(RESULT_STATES).toContain(s);
      expect(t.sql).toMatch(/^(tally_submit|result_(decide|escalate|silence))$/);
    }
    expect(describeTransitions().split("\n")).toHaveLength(TRANSITIONS.length);
  });

  const before = { status: "none" as const, verified: null, decided: false };
  it("states the agreement rule", () => {
    const one = { people: 1, prints: 1, flagged: false, formPhoto: true, earliest: "a", before };
    expect(entryOutcome(one)).toMatchObject({ name: "single", status: "reported", verified: null });
    expect(entryOutcome({ ...one, flagged: true }).status).toBe("disputed");
    const two = { ...one, people: 2 };
    expect(entryOutcome(two)).toMatchObject({ name: "agreement", status: "verified", verified: "a", decided: false });
    expect(entryOutcome({ ...two, formPhoto: false })).toMatchObject({
      name: "agreementWithoutPhoto",
      status: "reported",
    });
    // A dispute keeps the figures counted before it; an escalated unit stays escalated.
    const counted = { status: "verified" as const, verified: "a", decided: true };
    expect(entryOutcome({ ...two, prints: 2, before: counted })).toMatchObject({
      name: "disagreement",
      status: "disputed",
      verified: "a",
      decided: true,
    });
    expect(entryOutcome({ ...two, prints: 2, before: { ...counted, status: "escalated" } }).status).toBe("escalated");
    // A decided unit whose one person sends again falls back out of the totals: a withdrawal.
    expect(entryOutcome({ ...one, before: counted })).toMatchObject({ name: "withdrawal", verified: null });
  });
});
