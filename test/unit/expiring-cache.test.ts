import { describe, expect, it } from "vitest";
import { ExpiringCache } from "../../web/expiring-cache.ts";

describe("ExpiringCache", () => {
  it("answers an entry until it expires", () => {
    const cache = new ExpiringCache<string>(2_000, 10);
    cache.set("a", "A", 1_000);
    expect(cache.get("a", 2_999)).toBe("A");
    expect(cache.get("a", 3_000)).toBeUndefined();
    expect(cache.get("b", 1_000)).toBeUndefined();
  });

  // 600,000 sets: seconds on an idle machine, more beside other work (issue 41).
  it("holds only what arrived in the last two lifetimes, however many keys it has seen", { timeout: 60_000 }, () => {
    const cache = new ExpiringCache<number>(2_000, 1_000_000);
    // 10,000 phones a second for a minute, each once: at most four seconds' worth is held.
    let most = 0;
    for (let i = 0; i < 600_000; i++) {
      cache.set(`phone-${i}`, i, i / 10);
      most = Math.max(most, cache.size);
    }
    expect(most).toBeLessThanOrEqual(40_000);
    expect(most).toBeGreaterThanOrEqual(20_000);
    expect(cache.get("phone-599999", 59_999.9)).toBe(599_999);
    expect(cache.get("phone-599000", 59_999.9)).toBe(599_000);
    expect(cache.get("phone-0", 59_999.9)).toBeUndefined();
  });

  it("keeps a key set again for its new lifetime, across generations", () => {
    const cache = new ExpiringCache<string>(2_000, 10);
    cache.set("a", "old", 0);
    cache.set("b", "B", 500);
    cache.set("a", "new", 2_100); // a new generation: b and the old a are the previous one
    expect(cache.get("a", 3_900)).toBe("new");
    expect(cache.get("b", 2_400)).toBe("B");
    expect(cache.get("b", 2_500)).toBeUndefined();
    cache.set("c", "C", 4_200); // the previous generation (b) is let go
    expect(cache.size).toBe(2);
    expect(cache.get("a", 4_000)).toBe("new");
  });

  it("starts a new generation when the current one is full", () => {
    const cache = new ExpiringCache<number>(60_000, 4);
    for (const [i, key] of ["a", "b", "c", "d", "e"].entries()) cache.set(key, i, i);
    expect(cache.size).toBe(3); // a and b went with the first generation
    expect(cache.get("a", 10)).toBeUndefined();
    expect(cache.get("c", 10)).toBe(2);
    expect(cache.get("e", 10)).toBe(4);
    cache.delete("e");
    expect(cache.get("e", 10)).toBeUndefined();
  });
});
