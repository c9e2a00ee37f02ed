// The arithmetic of a count (form ส.ส. 5/18), shared by the reporter's phone (checks
// shown as they type) and the server. A form is recorded as the officials wrote it
// (ADR 0022): only what cannot be a figure is refused; every rule it breaks is a named
// anomaly (an i18n code, tallyRules.*), stored with the entry and sent for review.

export const BALLOTS = ["constituency", "party_list"] as const;
export type Ballot = (typeof BALLOTS)[number];

export const FIGURES = [
  "eligible",
  "voters",
  "ballotsReceived",
  "ballotsUsed",
  "ballotsLeftOver",
  "invalid",
  "voteNo",
] as const;
export type Figure = (typeof FIGURES)[number];

export interface TallyFigures extends Record<Figure, number> {
  /** Votes by candidate (constituency ballot) or party (party-list ballot) number. */
  votes: Record<string, number>;
}

export interface RuleBreak {
  code: string;
  params?: Record<string, string | number>;
}

const MAX_FIGURE = 5_000; // far above any unit's eligible voters (~1,000 at most)

/** Reads the form's fields (figures and vote_<number>) into numbers; null for a field
 *  that is not a whole number. */
export function readFigures(
  fields: Record<string, unknown>,
  numbers: number[],
): { figures: TallyFigures; bad: string[] } {
  const bad: string[] = [];
  const read = (name: string) => {
    const raw = String(fields[name] ?? "").trim();
    if (!/^\d{1,5}$/.test(raw)) {
      bad.push(name);
      return 0;
    }
    return Number(raw);
  };
  const figures = Object.fromEntries(FIGURES.map((f) => [f, read(f)])) as Record<Figure, number>;
  const votes: Record<string, number> = {};
  for (const n of numbers) votes[String(n)] = read(`vote_${n}`);
  for (const key of Object.keys(fields)) {
    const m = /^vote_(\d+)$/.exec(key);
    if (m && !numbers.includes(Number(m[1]))) bad.push(key); // a number not on this ballot
  }
  return { figures: { ...figures, votes }, bad };
}

/** The anomalies of one form, in one taxonomy (the codes are stored with the entry):
 *  - usedSum: valid votes + invalid + vote-no ≠ ballots used;
 *  - receivedSum: used + left over ≠ ballots received;
 *  - aboveEligible: voters, ballots used or one number's votes above the eligible voters;
 *  - usedAboveVoters / usedBelowVoters: ballots used ≠ voters who came (บัตรเขย่ง, either way);
 *  - turnoutHigh / turnoutLow: turnout beyond the configured band. */
export const ANOMALIES = [
  "usedSum",
  "receivedSum",
  "aboveEligible",
  "usedAboveVoters",
  "usedBelowVoters",
  "turnoutHigh",
  "turnoutLow",
] as const;
export type Anomaly = (typeof ANOMALIES)[number];

export interface TallyCheck {
  /** What cannot be a figure: the entry is refused. */
  refusals: RuleBreak[];
  /** What does not hold: recorded, flagged, reviewed. */
  anomalies: (RuleBreak & { code: Anomaly })[];
}

/** Checks one form. */
export function checkTally(f: TallyFigures, opts: { turnoutFlagPercent: number }): TallyCheck {
  const refusals: RuleBreak[] = [];
  const anomalies: TallyCheck["anomalies"] = [];
  const valid = Object.values(f.votes).reduce((a, b) => a + b, 0);
  const all = [...FIGURES.map((k) => f[k]), ...Object.values(f.votes)];
  if (all.some((v) => !Number.isInteger(v) || v < 0 || v > MAX_FIGURE))
    refusals.push({ code: "range", params: { max: MAX_FIGURE } });
  if (valid + f.invalid + f.voteNo !== f.ballotsUsed) {
    anomalies.push({
      code: "usedSum",
      params: { valid, invalid: f.invalid, voteNo: f.voteNo, sum: valid + f.invalid + f.voteNo, used: f.ballotsUsed },
    });
  }
  if (f.ballotsUsed + f.ballotsLeftOver !== f.ballotsReceived) {
    anomalies.push({
      code: "receivedSum",
      params: {
        used: f.ballotsUsed,
        leftOver: f.ballotsLeftOver,
        sum: f.ballotsUsed + f.ballotsLeftOver,
        received: f.ballotsReceived,
      },
    });
  }
  for (const [name, value] of [
    ["voters", f.voters],
    ["ballotsUsed", f.ballotsUsed],
    ...Object.entries(f.votes).map(([n, v]) => [`vote_${n}`, v]),
  ] as [string, number][]) {
    if (value > f.eligible) {
      anomalies.push({ code: "aboveEligible", params: { field: name, value, eligible: f.eligible } });
      break;
    }
  }
  if (f.ballotsUsed > f.voters)
    anomalies.push({ code: "usedAboveVoters", params: { used: f.ballotsUsed, voters: f.voters } });
  if (f.ballotsUsed < f.voters)
    anomalies.push({ code: "usedBelowVoters", params: { used: f.ballotsUsed, voters: f.voters } });
  const turnout = f.eligible ? (100 * f.voters) / f.eligible : 0;
  if (f.eligible > 0 && turnout > opts.turnoutFlagPercent) anomalies.push({ code: "turnoutHigh" });
  if (f.eligible > 0 && turnout < 100 - opts.turnoutFlagPercent) anomalies.push({ code: "turnoutLow" });
  return { refusals, anomalies };
}

/** Two entries agree when every figure is the same. */
export function fingerprintOf(f: TallyFigures): string {
  const votes = Object.keys(f.votes)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => `${k}:${f.votes[k]}`)
    .join(",");
  return `${FIGURES.map((k) => f[k]).join("|")}|${votes}`;
}
