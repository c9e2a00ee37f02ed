import { describe, expect, it } from "vitest";
import { intervalFor } from "../../web/live/interval.ts";

const base = { baseMs: 10_000, mostMs: 60_000, capacity: 2_500, targetBatchMs: 100 };

describe("the interval the server directs", () => {
  it("is the configured interval at ease, with ±20% jitter", () => {
    expect(intervalFor({ ...base, rate: 100, batchMs: 5 }, 0.5)).toBe(10_000);
    expect(intervalFor({ ...base, rate: 100, batchMs: 5 }, 0)).toBe(8_000);
    expect(intervalFor({ ...base, rate: 100, batchMs: 5 }, 1)).toBe(12_000);
  });

  it("brings the offered load back to what the process carries", () => {
    // 190,000 devices at 10 s offer 19,000/s; four processes see 4,750/s each: asked to
    // wait 19 s, the phones offer 10,000/s — four times the capacity.
    const next = intervalFor({ ...base, rate: 4_750, batchMs: 5 }, 0.5);
    expect(next).toBe(19_000);
    expect(Math.round(190_000 / (next / 1000) / 4)).toBe(2_500);
  });

  it("grows as writing slows, and never beyond the most", () => {
    expect(intervalFor({ ...base, rate: 100, batchMs: 300 }, 0.5)).toBe(30_000);
    expect(intervalFor({ ...base, rate: 100_000, batchMs: 5 }, 1)).toBe(60_000);
  });
});
