// npm start's supervision (issue 41): backoff that doubles, and a crash loop named.
import { describe, expect, it } from "vitest";
import { RestartPolicy } from "../../scripts/lib/supervisor.ts";

describe("the restart policy", () => {
  it("waits longer after each crash, up to its ceiling", () => {
    const policy = new RestartPolicy({ baseMs: 500, maxMs: 4_000, windowMs: 60_000, maxInWindow: 10 });
    const delays = [0, 1, 2, 3, 4, 5].map((i) => policy.next(1_000 + i));
    expect(delays).toEqual([500, 1000, 2000, 4000, 4000, 4000].map((delayMs) => ({ delayMs })));
    expect(policy.restarts).toBe(6);
  });

  it("gives up on a crash loop, and forgets crashes older than its window", () => {
    const policy = new RestartPolicy({ baseMs: 500, maxMs: 30_000, windowMs: 60_000, maxInWindow: 5 });
    for (let i = 0; i < 5; i++) expect(policy.next(i * 1000)).toHaveProperty("delayMs");
    expect(policy.next(5_000)).toEqual({ giveUp: true, crashes: 6 });
    // An hour later the count starts again, at the shortest pause.
    const later = new RestartPolicy();
    later.next(0);
    expect(later.next(3_600_000)).toEqual({ delayMs: 500 });
  });
});
