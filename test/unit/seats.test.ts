import { describe, expect, it } from "vitest";
import { projectSeats, projectSeatsExactly } from "../../web/results/seats.ts";
import { checkTally, fingerprintOf, readFigures } from "../../web/tally/tally-rules.ts";
import { sniffImage } from "../../web/tally/photos.server.ts";
import { twoNumberFields } from "../support/count-fields.ts";

describe("party-list seat projection", () => {
  it("gives whole quotas first, then the largest remainders", () => {
    const seats = projectSeats(
      [
        { number: 1, votes: 1000 },
        { number: 2, votes: 600 },
        { number: 3, votes: 250 },
        { number: 4, votes: 150 },
      ],
      10,
    );
    expect(Object.fromEntries(seats)).toEqual({ 1: 5, 2: 3, 3: 1, 4: 1 });
  });
  it("always gives out exactly the seats, and nothing without votes", () => {
    for (let i = 1; i < 200; i++) {
      const parties = Array.from({ length: 1 + (i % 9) }, (_, k) => ({
        number: k + 1,
        votes: (i * 7919 * (k + 3)) % 100_003,
      }));
      const seats = projectSeats(parties, 100);
      expect([...seats.values()].reduce((a, b) => a + b, 0)).toBe(parties.some((p) => p.votes > 0) ? 100 : 0);
    }
    expect([...projectSeats([{ number: 1, votes: 0 }]).values()]).toEqual([0]);
  });
});

describe("count arithmetic", () => {
  const fields = twoNumberFields();
  it("accepts a count that adds up and flags an implausible turnout", () => {
    const { figures, bad } = readFigures(fields, [1, 2]);
    expect(bad).toEqual([]);
    expect(checkTally(figures, { turnoutFlagPercent: 95 })).toEqual({ refusals: [], anomalies: [] });
    const high = readFigures({ ...fields, eligible: "610" }, [1, 2]).figures;
    expect(checkTally(high, { turnoutFlagPercent: 95 }).anomalies.map((a) => a.code)).toEqual(["turnoutHigh"]);
  });
  it("names each anomaly, refusing only what cannot be a figure", () => {
    const { figures } = readFigures({ ...fields, invalid: "11", ballotsLeftOver: "200" }, [1, 2]);
    const check = checkTally(figures, { turnoutFlagPercent: 95 });
    expect(check.refusals).toEqual([]);
    expect(check.anomalies.map((b) => b.code)).toEqual(["usedSum", "receivedSum"]);
    // The valid ballots are read as written, not computed: votes that do not reach them are flagged.
    const short = readFigures({ ...fields, vote_1: "360", valid: "570" }, [1, 2]).figures;
    expect(checkTally(short, { turnoutFlagPercent: 95 }).anomalies.map((b) => b.code)).toEqual(["validSum"]);
    // Ballot stuffing: more ballots used than voters who came, and the other way round (บัตรเขย่ง).
    const stuffed = readFigures({ ...fields, ballotsUsed: "603", ballotsLeftOver: "217", invalid: "13" }, [1, 2]);
    expect(checkTally(stuffed.figures, { turnoutFlagPercent: 95 }).anomalies.map((b) => b.code)).toEqual([
      "usedAboveVoters",
    ]);
    const fewer = readFigures({ ...fields, voters: "605" }, [1, 2]).figures;
    expect(checkTally(fewer, { turnoutFlagPercent: 95 }).anomalies.map((b) => b.code)).toEqual(["usedBelowVoters"]);
    expect(checkTally({ ...figures, voters: 6000 }, { turnoutFlagPercent: 95 }).refusals.map((b) => b.code)).toEqual([
      "range",
    ]);
    expect(readFigures({ ...fields, vote_3: "1", voters: "x" }, [1, 2]).bad).toEqual(["voters", "vote_3"]);
  });
  it("gives equal counts equal fingerprints, whatever the order of the votes", () => {
    const a = readFigures(fields, [1, 2]).figures;
    const b = readFigures({ ...fields }, [2, 1]).figures;
    expect(fingerprintOf(a)).toBe(fingerprintOf(b));
    expect(fingerprintOf(a)).not.toBe(
      fingerprintOf(readFigures({ ...fields, vote_1: "369", invalid: "11" }, [1, 2]).figures),
    );
  });
  it("recognises images by their first bytes, not their names", () => {
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe("image/jpeg");
    expect(sniffImage(Buffer.from("89504e470d0a1a0a0000000d", "hex"))).toBe("image/png");
    expect(sniffImage(Buffer.from("RIFF\0\0\0\0WEBP"))).toBe("image/webp");
    expect(sniffImage(Buffer.from("<html><body>"))).toBeNull();
  });
});

describe("party-list seats in exact arithmetic", () => {
  it("breaks nothing on floating point: the documented tie (quota 4.4, parties of 11 and 121) is exact", () => {
    // 132 votes, 30 seats: quota 4.4. 121 votes = 27.5 quotas, 11 = 2.5 quotas — equal remainders.
    const r = projectSeatsExactly(
      [
        { number: 1, votes: 11 },
        { number: 2, votes: 121 },
      ],
      30,
    );
    expect(Object.fromEntries(r.seats)).toEqual({ 1: 2, 2: 28 }); // meanwhile: more votes first
    expect(r.tiedForLastSeats).toEqual([1, 2]);
  });
  it("agrees with rational arithmetic on random instances", async () => {
    const fc = (await import("fast-check")).default;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2_000_000 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 150 }),
        (votes, seats) => {
          const parties = votes.map((v, i) => ({ number: i + 1, votes: v }));
          const total = votes.reduce((a, b) => a + b, 0);
          const r = projectSeatsExactly(parties, seats);
          if (total === 0) return [...r.seats.values()].every((s) => s === 0);
          // Reference in BigInt: whole quotas, then remainders compared exactly.
          const ref = parties.map((p) => ({
            n: p.number,
            whole: (BigInt(p.votes) * BigInt(seats)) / BigInt(total),
            rem: (BigInt(p.votes) * BigInt(seats)) % BigInt(total),
          }));
          const left = seats - Number(ref.reduce((a, p) => a + p.whole, 0n));
          const order = [...ref].sort((a, b) =>
            a.rem === b.rem ? votes[b.n - 1]! - votes[a.n - 1]! || a.n - b.n : a.rem > b.rem ? -1 : 1,
          );
          const extra = new Set(order.slice(0, left).map((p) => p.n));
          return ref.every((p) => r.seats.get(p.n) === Number(p.whole) + (extra.has(p.n) ? 1 : 0));
        },
      ),
      { numRuns: 20_000 },
    );
  });
  it("refuses negative or missing votes instead of giving negative seats", () => {
    expect(() => projectSeatsExactly([{ number: 1, votes: -5 }])).toThrow(RangeError);
    expect(() => projectSeatsExactly([{ number: 1, votes: Number.NaN }])).toThrow(RangeError);
  });
});
