import { describe, expect, it } from "vitest";
import { batched } from "../../web/db/batcher.server.ts";

describe("batched calls", () => {
  it("keeps a call whose key is in a batch in flight for a later batch, and answers every call in order", async () => {
    const batches: string[][] = [];
    const inFlight = new Set<string>();
    let overlaps = 0;
    const write = batched(
      async (inputs: { key: string; n: number }[]) => {
        batches.push(inputs.map((i) => `${i.key}${i.n}`));
        for (const i of inputs) if (inFlight.has(i.key)) overlaps++;
        inputs.forEach((i) => inFlight.add(i.key));
        await new Promise((r) => setTimeout(r, 5));
        inputs.forEach((i) => inFlight.delete(i.key));
        return inputs.map((i) => i.n * 10);
      },
      { maxInFlight: 2, maxBatch: 3, keyOf: (i) => i.key },
    );
    const calls = ["a", "a", "b", "a", "c", "b", "d", "a"].map((key, n) => write({ key, n }));
    expect(await Promise.all(calls)).toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
    // No key was ever in two batches running at once; every call ran exactly once.
    expect(overlaps).toBe(0);
    expect(batches.flat().sort()).toEqual(["a0", "a1", "a3", "a7", "b2", "b5", "c4", "d6"]);
    // a0 runs at once; a1 waits for it while b2 goes beside it; then a1 and a3 together
    // (one batch may hold a key twice), and a7 waits for them.
    expect(batches).toEqual([["a0"], ["b2"], ["a1", "a3", "c4"], ["b5", "d6"], ["a7"]]);
  });

  it("without a key, takes the calls in order, up to maxBatch", async () => {
    const batches: number[][] = [];
    const write = batched(
      async (inputs: number[]) => {
        batches.push(inputs);
        await new Promise((r) => setTimeout(r, 5));
        return inputs;
      },
      { maxInFlight: 1, maxBatch: 2 },
    );
    expect(await Promise.all([1, 2, 3, 4, 5].map((n) => write(n)))).toEqual([1, 2, 3, 4, 5]);
    expect(batches).toEqual([[1], [2, 3], [4, 5]]);
  });
});
