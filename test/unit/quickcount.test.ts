// The quick count's core (issue 39): the committed sample is redrawn exactly from its seed,
// its commitment changes with any unit, and the ratio estimator and its variance match
// small cases computed by hand.
import { describe, expect, it } from "vitest";
import { allocate, drawSample, sampleCommitment } from "../../web/quickcount/sample.ts";
import { ratioEstimate, seatRanges } from "../../web/quickcount/estimate.ts";
import { prng } from "../../web/geography/generator.ts";
import { projectSeats } from "../../web/results/seats.ts";

const frame = Array.from({ length: 1000 }, (_, i) => ({
  code: `u${String(i).padStart(4, "0")}`,
  stratum: i < 600 ? "north" : i < 950 ? "south" : "tiny",
}));

describe("the committed sample", () => {
  it("allocates in proportion, at least two a stratum, to the size asked", () => {
    const a = allocate(
      new Map([
        ["north", 600],
        ["south", 350],
        ["tiny", 50],
      ]),
      100,
    );
    expect([...a.values()].reduce((x, y) => x + y, 0)).toBe(100);
    expect(a.get("north")).toBe(60);
    expect(a.get("south")).toBe(35);
    expect(a.get("tiny")).toBe(5);
    expect(allocate(new Map([["one", 1]]), 10).get("one")).toBe(1);
  });

  it("is the same from the same seed, another from another, and committed by its hash", () => {
    const a = drawSample(frame, 100, 20270314);
    expect(a.units).toHaveLength(100);
    expect(new Set(a.units).size).toBe(100);
    expect(drawSample([...frame].reverse(), 100, 20270314).units).toEqual(a.units);
    expect(drawSample(frame, 100, 7).units).not.toEqual(a.units);
    expect(a.strata.find((s) => s.stratum === "tiny")!.drawn).toBe(5);
    const commitment = sampleCommitment(a);
    expect(commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(sampleCommitment({ ...a, units: [...a.units].reverse() })).toBe(commitment);
    expect(sampleCommitment({ ...a, units: [...a.units.slice(1), "u9999"] })).not.toBe(commitment);
  });
});

describe("the ratio estimator", () => {
  it("matches a one-stratum case by hand", () => {
    // N = 10, three units: y 2, 4, 6 of x 10 each. R = 0.4; d = −2, 0, 2; s² = 4; f = 0.3;
    // V = 10² · 0.7 · 4 / 3 / 100² = 0.009333…; margin = 1.96 √V = 0.18935…
    const units = [2, 4, 6].map((y) => ({ stratum: "a", y: { p: y }, x: { valid: 10 } }));
    const e = ratioEstimate(units, new Map([["a", 10]]), "p", "valid")!;
    expect(e.share).toBeCloseTo(0.4, 12);
    expect(e.margin).toBeCloseTo(1.96 * Math.sqrt((0.7 * 4 * 100) / 3 / 10_000), 12);
  });

  it("matches a two-strata case by hand, each stratum weighted by its units", () => {
    // A: N 4, y 1, 3 of x 4; B: N 6, y 6, 6 of x 10. Ŷ = 4·2 + 6·6 = 44, X̂ = 4·4 + 6·10 = 76.
    // A's d: 1 − 4R, 3 − 4R → s² = 2, f = ½: 16 · ½ · 2 / 2 = 8; B's d are equal: 0. V = 8/76².
    const units = [
      { stratum: "A", y: { p: 1 }, x: { valid: 4 } },
      { stratum: "A", y: { p: 3 }, x: { valid: 4 } },
      { stratum: "B", y: { p: 6 }, x: { valid: 10 } },
      { stratum: "B", y: { p: 6 }, x: { valid: 10 } },
    ];
    const sizes = new Map([
      ["A", 4],
      ["B", 6],
    ]);
    const e = ratioEstimate(units, sizes, "p", "valid")!;
    expect(e.share).toBeCloseTo(44 / 76, 12);
    expect(e.margin).toBeCloseTo(1.96 * Math.sqrt(8 / 76 ** 2), 12);
    // Every unit of both strata in: no sampling error left.
    expect(
      ratioEstimate(
        units,
        new Map([
          ["A", 2],
          ["B", 2],
        ]),
        "p",
        "valid",
      )!.margin,
    ).toBe(0);
    expect(ratioEstimate([], sizes, "p", "valid")).toBeNull();
  });

  it("gives seat ranges that hold the allocation of the estimate itself", () => {
    const random = prng(5);
    const units = Array.from({ length: 60 }, (_, i) => ({
      stratum: i % 3 ? "s1" : "s2",
      y: { a: 50 + Math.floor(random() * 20), b: 30 + Math.floor(random() * 20), c: 10 + Math.floor(random() * 5) },
      x: {},
    }));
    const sizes = new Map([
      ["s1", 4000],
      ["s2", 2000],
    ]);
    const allocateSeats = (votes: { party: string; votes: number }[]) => {
      const seats = projectSeats(votes.map((v, i) => ({ number: i, votes: v.votes })));
      return new Map(votes.map((v, i) => [v.party, seats.get(i) ?? 0]));
    };
    const ranges = seatRanges(units, sizes, ["a", "b", "c"], allocateSeats, 300, prng(9));
    const a = ranges.get("a")!;
    expect(a.low).toBeLessThanOrEqual(a.median);
    expect(a.median).toBeLessThanOrEqual(a.high);
    expect(a.median).toBeGreaterThan(ranges.get("b")!.median);
    expect([...ranges.values()].reduce((s, r) => s + r.median, 0)).toBeGreaterThanOrEqual(98);
  });
});
