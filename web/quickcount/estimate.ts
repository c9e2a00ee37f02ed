// Quick-count estimates (issue 39): from the units of a stratified sample that have
// arrived, each share (a party's votes over the valid votes, turnout, invalid, vote-no) by
// the combined ratio estimator R = Ŷ/X̂, Ŷ = Σ_h N_h ȳ_h, with its linearised variance for a
// stratified sample of clusters (the units):
//   V(R) ≈ (1/X̂²) Σ_h N_h² (1 − f_h) s²_{d,h} / n_h,   d_hi = y_hi − R x_hi,
// the 95% margin 1.96·√V (NDI's method, as in its open-source Apollo). A stratum with a
// single arrived unit borrows the mean within-stratum variance of the others.

export interface UnitFigures {
  stratum: string;
  /** The numerator of each share, by name (a party's votes, voters, invalid, vote-no). */
  y: Record<string, number>;
  /** The denominator of each share, by name (valid votes, eligible, ballots used). */
  x: Record<string, number>;
}

export interface Estimate {
  share: number;
  margin: number;
}

/** N_h: how many units each stratum has in all (the frame); the weights. */
export type StratumSizes = Map<string, number>;

/** The units of each stratum. */
export function byStratum(units: UnitFigures[]) {
  const strata = new Map<string, UnitFigures[]>();
  for (const u of units) {
    const list = strata.get(u.stratum);
    if (list) list.push(u);
    else strata.set(u.stratum, [u]);
  }
  return strata;
}

/** The ratio estimate of `name` from the arrived `units`; null with nothing to go on. */
export function ratioEstimate(units: UnitFigures[], sizes: StratumSizes, name: string, over: string): Estimate | null {
  const strata = byStratum(units);
  let Y = 0;
  let X = 0;
  for (const [h, rows] of strata) {
    const N = sizes.get(h) ?? rows.length;
    Y += (N * rows.reduce((s, r) => s + (r.y[name] ?? 0), 0)) / rows.length;
    X += (N * rows.reduce((s, r) => s + (r.x[over] ?? 0), 0)) / rows.length;
  }
  if (X <= 0) return null;
  const R = Y / X;
  const within: { h: string; n: number; N: number; s2: number | null }[] = [];
  for (const [h, rows] of strata) {
    const N = sizes.get(h) ?? rows.length;
    const d = rows.map((r) => (r.y[name] ?? 0) - R * (r.x[over] ?? 0));
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    const s2 = d.length > 1 ? d.reduce((a, b) => a + (b - mean) ** 2, 0) / (d.length - 1) : null;
    within.push({ h, n: rows.length, N, s2 });
  }
  const known = within.filter((w) => w.s2 !== null);
  const borrowed = known.length ? known.reduce((a, w) => a + w.s2!, 0) / known.length : 0;
  let V = 0;
  for (const w of within) {
    const f = Math.min(1, w.n / w.N);
    V += (w.N ** 2 * (1 - f) * (w.s2 ?? borrowed)) / w.n;
  }
  V /= X ** 2;
  return { share: R, margin: 1.96 * Math.sqrt(V) };
}

/** Seat ranges for a party list from the sample's uncertainty: the sample resampled with
 *  replacement within each stratum `draws` times (a stratified bootstrap, which keeps the
 *  parties' covariance), each draw's estimated shares allocated by `allocate`; per party
 *  the median and the 5th–95th percentiles of its seats. */
export function seatRanges(
  units: UnitFigures[],
  sizes: StratumSizes,
  parties: string[],
  allocate: (votes: { party: string; votes: number }[]) => Map<string, number>,
  draws: number,
  random: () => number,
) {
  const strata = byStratum(units);
  const seats = new Map(parties.map((p) => [p, [] as number[]]));
  for (let b = 0; b < draws; b++) {
    const totals = new Map(parties.map((p) => [p, 0]));
    for (const [h, rows] of strata) {
      const N = sizes.get(h) ?? rows.length;
      const sums = new Map(parties.map((p) => [p, 0]));
      for (let i = 0; i < rows.length; i++) {
        const r = rows[Math.floor(random() * rows.length)]!;
        for (const p of parties) sums.set(p, sums.get(p)! + (r.y[p] ?? 0));
      }
      for (const p of parties) totals.set(p, totals.get(p)! + (N * sums.get(p)!) / rows.length);
    }
    // Whole votes for the exact allocation (the scale does not change the shares).
    const allocated = allocate(parties.map((p) => ({ party: p, votes: Math.round(totals.get(p)!) })));
    for (const p of parties) seats.get(p)!.push(allocated.get(p) ?? 0);
  }
  const at = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return new Map(
    parties.map((p) => {
      const sorted = seats.get(p)!.sort((a, b) => a - b);
      return [p, { median: at(sorted, 0.5), low: at(sorted, 0.05), high: at(sorted, 0.95) }] as const;
    }),
  );
}
