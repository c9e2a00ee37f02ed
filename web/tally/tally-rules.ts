// The arithmetic of a count (form ส.ส. 5/18), shared by the reporter's phone (checks
// shown as they type) and the server (the same checks, enforced). Each broken rule is
// an i18n code (tallyRules.*) naming the rule.

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

/** The rules a count must satisfy; `flags` are accepted but sent for review. */
export function checkTally(
  f: TallyFigures,
  opts: { turnoutFlagPercent: number },
): { breaks: RuleBreak[]; flags: string[] } {
  const breaks: RuleBreak[] = [];
  const valid = Object.values(f.votes).reduce((a, b) => a + b, 0);
  const all = [...FIGURES.map((k) => f[k]), ...Object.values(f.votes)];
  if (all.some((v) => !Number.isInteger(v) || v < 0 || v > MAX_FIGURE))
    breaks.push({ code: "range", params: { max: MAX_FIGURE } });
  if (valid + f.invalid + f.voteNo !== f.ballotsUsed) {
    breaks.push({
      code: "usedSum",
      params: { valid, invalid: f.invalid, voteNo: f.voteNo, sum: valid + f.invalid + f.voteNo, used: f.ballotsUsed },
    });
  }
  if (f.ballotsUsed + f.ballotsLeftOver !== f.ballotsReceived) {
    breaks.push({
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
      breaks.push({ code: "aboveEligible", params: { field: name, value, eligible: f.eligible } });
      break;
    }
  }
  if (f.ballotsUsed > f.voters)
    breaks.push({ code: "usedAboveVoters", params: { used: f.ballotsUsed, voters: f.voters } });
  const flags: string[] = [];
  const turnout = f.eligible ? (100 * f.voters) / f.eligible : 0;
  if (f.eligible > 0 && turnout > opts.turnoutFlagPercent) flags.push("turnoutHigh");
  if (f.eligible > 0 && turnout < 100 - opts.turnoutFlagPercent) flags.push("turnoutLow");
  return { breaks, flags };
}

/** Two entries agree when every figure is the same. */
export function fingerprintOf(f: TallyFigures): string {
  const votes = Object.keys(f.votes)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => `${k}:${f.votes[k]}`)
    .join(",");
  return `${FIGURES.map((k) => f[k]).join("|")}|${votes}`;
}
