// The quick count's committed sample (issue 39): a stratified random sample of units drawn
// from a recorded seed before polls open, so anyone can redraw it and check that it was not
// chosen after the results were known. Each stratum gets units in proportion to its size
// (at least two, so its variance can be estimated), drawn by a seeded shuffle of its units
// in code order. The commitment is the SHA-256 of the canonical list (sampleCommitment),
// anchored on chain before voting and checked against the list revealed after the close.
import { createHash } from "node:crypto";
import { prng } from "../geography/generator.ts";

export interface SampleFrameUnit {
  code: string;
  stratum: string;
}

export interface DrawnSample {
  seed: number;
  size: number;
  /** Units per stratum in the frame, and drawn. */
  strata: { stratum: string; units: number; drawn: number }[];
  /** The sample's unit codes, in code order. */
  units: string[];
}

/** Proportional allocation of `size` over the strata (largest remainders, at least
 *  `minimum` each where the stratum has that many units). */
export function allocate(sizes: Map<string, number>, size: number, minimum = 2): Map<string, number> {
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  const out = new Map<string, number>();
  if (!total) return out;
  const target = Math.min(size, total);
  const shares = [...sizes].map(([stratum, units]) => {
    const exact = (target * units) / total;
    return {
      stratum,
      units,
      whole: Math.min(units, Math.max(Math.min(minimum, units), Math.floor(exact))),
      rest: exact % 1,
    };
  });
  let left = target - shares.reduce((s, x) => s + x.whole, 0);
  shares.sort((a, b) => b.rest - a.rest || a.stratum.localeCompare(b.stratum));
  for (let i = 0; left > 0 && i < shares.length * 2; i++) {
    const s = shares[i % shares.length]!;
    if (s.whole < s.units) {
      s.whole++;
      left--;
    }
  }
  for (const s of shares) out.set(s.stratum, s.whole);
  return out;
}

/** Draws the sample: the same frame, size and seed always give the same units. */
export function drawSample(frame: SampleFrameUnit[], size: number, seed: number): DrawnSample {
  const byStratum = new Map<string, string[]>();
  for (const u of [...frame].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))) {
    const list = byStratum.get(u.stratum);
    if (list) list.push(u.code);
    else byStratum.set(u.stratum, [u.code]);
  }
  const allocation = allocate(new Map([...byStratum].map(([s, units]) => [s, units.length])), size);
  const random = prng(seed);
  const units: string[] = [];
  const strata = [...byStratum.keys()].sort().map((stratum) => {
    const pool = [...byStratum.get(stratum)!];
    const take = allocation.get(stratum) ?? 0;
    // A partial Fisher–Yates shuffle: the first `take` places are the draw.
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(random() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    units.push(...pool.slice(0, take));
    return { stratum, units: pool.length, drawn: take };
  });
  return { seed, size: units.length, strata, units: units.sort() };
}

/** The commitment anchored on chain: SHA-256 of "quickcount-v1", the seed and each unit
 *  code, one per line (hex). */
export function sampleCommitment(sample: { seed: number; units: string[] }): string {
  const text = ["quickcount-v1", String(sample.seed), ...[...sample.units].sort()].join("\n");
  return createHash("sha256").update(text).digest("hex");
}
