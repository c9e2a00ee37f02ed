import { describe, expect, it } from "vitest";
import { projectSeats } from "../../web/results/seats.ts";
import { checkTally, fingerprintOf, readFigures } from "../../web/tally/tally-rules.ts";
import { sniffImage } from "../../web/tally/photos.server.ts";

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
  const fields = {
    eligible: "800",
    voters: "600",
    ballotsReceived: "820",
    ballotsUsed: "600",
    ballotsLeftOver: "220",
    invalid: "10",
    voteNo: "20",
    vote_1: "370",
    vote_2: "200",
  };
  it("accepts a count that adds up and flags an implausible turnout", () => {
    const { figures, bad } = readFigures(fields, [1, 2]);
    expect(bad).toEqual([]);
    expect(checkTally(figures, { turnoutFlagPercent: 95 })).toEqual({ breaks: [], flags: [] });
    const high = readFigures({ ...fields, eligible: "610" }, [1, 2]).figures;
    expect(checkTally(high, { turnoutFlagPercent: 95 }).flags).toEqual(["turnoutHigh"]);
  });
  it("names each broken rule", () => {
    const { figures } = readFigures({ ...fields, invalid: "11", ballotsLeftOver: "200" }, [1, 2]);
    expect(checkTally(figures, { turnoutFlagPercent: 95 }).breaks.map((b) => b.code)).toEqual([
      "usedSum",
      "receivedSum",
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
