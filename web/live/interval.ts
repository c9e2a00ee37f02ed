// How long a counting phone waits before its next snapshot (ADR 0027): the server's
// answer carries it, so the national peak is what the servers can carry. At ease the
// configured interval; when this process receives more than it can carry, or writing
// slows, every phone it answers waits proportionally longer — the offered load falls back
// to the capacity — up to the most. Jitter (±20%) keeps phones started together apart.

export interface IntervalInputs {
  /** The interval at ease, and the longest ever asked (ms). */
  baseMs: number;
  mostMs: number;
  /** Snapshots this process received per second lately, and what it can carry. */
  rate: number;
  capacity: number;
  /** How long a group of snapshots takes to be written lately, and the aim (ms). */
  batchMs: number;
  targetBatchMs: number;
}

export function intervalFor(x: IntervalInputs, random: number) {
  const load = Math.max(1, x.rate / x.capacity, x.batchMs / x.targetBatchMs);
  return Math.round(Math.min(x.mostMs, x.baseMs * load * (0.8 + 0.4 * random)));
}
