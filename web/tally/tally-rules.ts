// The arithmetic of a count (form ส.ส. 5/18), shared by the reporter's phone (checks
// shown as they type) and the server. A form is recorded as the officials wrote it
// (ADR 0022): only what cannot be a figure is refused; every rule it breaks is a named
// anomaly (an i18n code, tallyRules.*), stored with the entry and sent for review.

/** A ballot is one contest's ballot paper at a unit, named by the contest's key
 *  ("constituency", "party_list", "governor", …): its election's contests say which exist. */
export type Ballot = string;
/** What a contest's key may be (it appears in URLs and the feed). */
export const BALLOT_KEY = /^[a-z][a-z0-9_]{0,39}$/;

/** The form's figures, in the form's order (valid ballots as the officials wrote them,
 *  not computed from the votes). */
export const FIGURES = [
  "eligible",
  "voters",
  "ballotsReceived",
  "ballotsUsed",
  "valid",
  "invalid",
  "voteNo",
  "ballotsLeftOver",
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

/** The largest figure a count report can hold, by who counted (a figure beyond it cannot
 *  be a count and is refused; the unit's eligible voters are a flag, not a cap): a polling
 *  unit serves at most about a thousand voters, so 5,000 leaves room; a counting centre
 *  counts a constituency's advance votes, or those from outside it, abroad or at a
 *  central place — up to a constituency's whole register (~200,000 at the largest). */
export const MAX_FIGURE_BY_KIND = {
  polling: 5_000,
  advance_in: 250_000,
  advance_out: 250_000,
  overseas: 250_000,
  central: 250_000,
} as const;
export const MAX_FIGURE_ANY = Math.max(...Object.values(MAX_FIGURE_BY_KIND));
const MAX_FIGURE = MAX_FIGURE_BY_KIND.polling;
/** The cap of a unit's kind (unknown: a polling unit's). */
export const maxFigureFor = (kind: keyof typeof MAX_FIGURE_BY_KIND | null | undefined) =>
  MAX_FIGURE_BY_KIND[kind ?? "polling"];

/** Reads the form's fields (figures and vote_<number>) into numbers; null for a field
 *  that is not a whole number. A figure the contest's form does not have (a referendum's
 *  vote-no) is 0 and not read. */
export function readFigures(
  fields: Record<string, unknown>,
  numbers: number[],
  asked: readonly Figure[] = FIGURES,
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
  const figures = Object.fromEntries(FIGURES.map((f) => [f, asked.includes(f) ? read(f) : 0])) as Record<
    Figure,
    number
  >;
  const votes: Record<string, number> = {};
  for (const n of numbers) votes[String(n)] = read(`vote_${n}`);
  for (const key of Object.keys(fields)) {
    const m = /^vote_(\d+)$/.exec(key);
    if (m && !numbers.includes(Number(m[1]))) bad.push(key); // a number not on this ballot
  }
  return { figures: { ...figures, votes }, bad };
}

/** The form's other fields, as written; null where the volunteer left them empty. */
export interface FormDetails {
  remarks: string | null;
  /** "HH:MM", Asia/Bangkok, as written on the form. */
  countStartedAt: string | null;
  countEndedAt: string | null;
  /** The signed form was posted at the unit (ปิดประกาศ). */
  formPosted: boolean | null;
  /** Why the sender corrects what they sent before (required for a correction). */
  correctionReason: string | null;
}
export const MAX_TEXT = 1_000;
/** The form's fields besides the figures and votes. */
export const DETAILS = ["remarks", "countStartedAt", "countEndedAt", "formPosted", "correctionReason"] as const;
const TIME = /^([01]\d|2[0-3])[:.]([0-5]\d)$/;

/** Reads the form's other fields; the first that cannot be what it says is refused with
 *  its message code (tally.notTime, tally.notYesNo, tally.badText). */
export function readDetails(fields: Record<string, unknown>): {
  details: FormDetails;
  bad: { field: string; code: string } | null;
} {
  let bad: { field: string; code: string } | null = null;
  const refuse = (field: string, code: string) => {
    bad ??= { field, code };
    return null;
  };
  const text = (name: keyof FormDetails) => {
    const value = fields[name];
    if (value === undefined || value === null || value === "") return null;
    if (typeof value !== "string") return refuse(name, "tally.badText");
    const raw = value.trim();
    if (!raw) return null;
    // eslint-disable-next-line no-control-regex -- a NUL or control character is not text anyone wrote
    if (raw.length > MAX_TEXT || /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(raw))
      return refuse(name, "tally.badText");
    return raw;
  };
  const time = (name: "countStartedAt" | "countEndedAt") => {
    const raw = typeof fields[name] === "string" ? (fields[name] as string).trim() : fields[name];
    if (raw === undefined || raw === null || raw === "") return null;
    const m = typeof raw === "string" ? TIME.exec(raw) : null;
    return m ? `${m[1]}:${m[2]}` : refuse(name, "tally.notTime");
  };
  const posted = fields.formPosted;
  const details: FormDetails = {
    remarks: text("remarks"),
    countStartedAt: time("countStartedAt"),
    countEndedAt: time("countEndedAt"),
    formPosted:
      posted === "yes" || posted === true
        ? true
        : posted === "no" || posted === false
          ? false
          : posted === undefined || posted === null || posted === ""
            ? null
            : refuse("formPosted", "tally.notYesNo"),
    correctionReason: text("correctionReason"),
  };
  return { details, bad };
}

/** The anomalies of one form, in one taxonomy (the codes are stored with the entry).
 *  Of the form alone (checkTally; the phone shows them while the volunteer types):
 *  - validSum: the votes per number do not add up to the valid ballots written;
 *  - usedSum: valid + invalid + vote-no ≠ ballots used;
 *  - receivedSum: used + left over ≠ ballots received;
 *  - aboveEligible: voters, ballots used or one number's votes above the eligible voters;
 *  - usedAboveVoters / usedBelowVoters: ballots used ≠ voters who came (บัตรเขย่ง, either way);
 *  - turnoutHigh / turnoutLow: turnout beyond the configured band;
 *  - countTimes: the count ended before it started;
 *  - notPosted: the form was not posted at the unit.
 *  Of the form against what the server knows, when the entry arrives:
 *  - ballotsDisagree: the unit's other ballot gives other eligible voters or voters who came
 *    (compared by tally_submit, prisma/functions/tally_submit.sql, under the unit's lock);
 *  - eligibleRegistered: eligible voters ≠ the unit's registered figure (checkContext);
 *  - turnoutOutlier / shareOutlier: turnout, or one number's share of the valid votes, far
 *    from the unit's constituency (the test and its thresholds: ADR 0022). */
export const ANOMALIES = [
  "validSum",
  "usedSum",
  "receivedSum",
  "aboveEligible",
  "usedAboveVoters",
  "usedBelowVoters",
  "turnoutHigh",
  "turnoutLow",
  "countTimes",
  "notPosted",
  "ballotsDisagree",
  "eligibleRegistered",
  "turnoutOutlier",
  "shareOutlier",
] as const;
export type Anomaly = (typeof ANOMALIES)[number];

export interface TallyCheck {
  /** What cannot be a figure: the entry is refused. */
  refusals: RuleBreak[];
  /** What does not hold: recorded, flagged, reviewed. */
  anomalies: (RuleBreak & { code: Anomaly })[];
}

/** Checks one form (its details, where given). */
export function checkTally(
  f: TallyFigures,
  opts: { turnoutFlagPercent: number; maxFigure?: number },
  details?: Partial<FormDetails>,
): TallyCheck {
  const maxFigure = opts.maxFigure ?? MAX_FIGURE;
  const refusals: RuleBreak[] = [];
  const anomalies: TallyCheck["anomalies"] = [];
  const votesSum = Object.values(f.votes).reduce((a, b) => a + b, 0);
  const all = [...FIGURES.map((k) => f[k]), ...Object.values(f.votes)];
  if (all.some((v) => !Number.isInteger(v) || v < 0 || v > maxFigure))
    refusals.push({ code: "range", params: { max: maxFigure } });
  if (votesSum !== f.valid) anomalies.push({ code: "validSum", params: { votes: votesSum, valid: f.valid } });
  if (f.valid + f.invalid + f.voteNo !== f.ballotsUsed) {
    anomalies.push({
      code: "usedSum",
      params: {
        valid: f.valid,
        invalid: f.invalid,
        voteNo: f.voteNo,
        sum: f.valid + f.invalid + f.voteNo,
        used: f.ballotsUsed,
      },
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
  if (details?.countStartedAt && details.countEndedAt && details.countEndedAt < details.countStartedAt)
    anomalies.push({ code: "countTimes", params: { start: details.countStartedAt, end: details.countEndedAt } });
  if (details?.formPosted === false) anomalies.push({ code: "notPosted" });
  return { refusals, anomalies };
}

/** What the server knows about the unit when an entry arrives. */
export interface EntryContext {
  /** The unit's registered eligible voters (from the geography import). */
  registered: number | null;
  /** The unit's constituency so far, from its verified units of this ballot. */
  constituency: { units: number; eligible: number; voters: number; votes: Record<string, number> } | null;
}

/** The thresholds of the outlier test (ADR 0022): a constituency with at least minUnits
 *  verified units is the yardstick; a unit's turnout more than turnoutPoints percentage
 *  points from it, or — with at least minValid valid votes — one number's share of the
 *  valid votes more than sharePoints from that number's share there, is flagged. */
export interface OutlierTest {
  minUnits: number;
  turnoutPoints: number;
  sharePoints: number;
  minValid: number;
}

/** Checks a form against its unit's register and its constituency. */
export function checkContext(f: TallyFigures, ctx: EntryContext, test: OutlierTest): TallyCheck["anomalies"] {
  const anomalies: TallyCheck["anomalies"] = [];
  if (ctx.registered !== null && ctx.registered !== f.eligible)
    anomalies.push({ code: "eligibleRegistered", params: { eligible: f.eligible, registered: ctx.registered } });
  const area = ctx.constituency;
  if (!area || area.units < test.minUnits) return anomalies;
  const points = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : 0);
  if (f.eligible > 0 && area.eligible > 0) {
    const unit = points(f.voters, f.eligible);
    const there = points(area.voters, area.eligible);
    if (Math.abs(unit - there) > test.turnoutPoints)
      anomalies.push({ code: "turnoutOutlier", params: { unit: Math.round(unit), constituency: Math.round(there) } });
  }
  const valid = Object.values(f.votes).reduce((a, b) => a + b, 0);
  const areaValid = Object.values(area.votes).reduce((a, b) => a + b, 0);
  if (valid >= test.minValid && areaValid > 0) {
    for (const [number, votes] of Object.entries(f.votes)) {
      const unit = points(votes, valid);
      const there = points(area.votes[number] ?? 0, areaValid);
      if (Math.abs(unit - there) > test.sharePoints) {
        anomalies.push({
          code: "shareOutlier",
          params: { number, unit: Math.round(unit), constituency: Math.round(there) },
        });
        break;
      }
    }
  }
  return anomalies;
}

/** Two entries agree when every figure is the same. */
export function fingerprintOf(f: TallyFigures): string {
  const votes = Object.keys(f.votes)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => `${k}:${f.votes[k]}`)
    .join(",");
  return `${FIGURES.map((k) => f[k]).join("|")}|${votes}`;
}
