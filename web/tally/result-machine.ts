// A unit ballot's result as one state machine (issue 36, ADR 0038): every state, every
// event, who may cause it, and where it lands. The pages show only what the table
// allows, the server applies only what it allows, and each transition is one SQL function
// in prisma/functions/ that takes the unit ballot's lock, writes its ResultEvent, logs
// the feed's change with the state as of that change, and settles the area rows the same
// way (tally_defer … tally_settle). The set-based group path (tally_submit_plain, ADR 0034)
// is held to tally_submit by test/integration/tally-plain.test.ts, and every path to this
// table by the property test of test/integration/count-correctness.test.ts.
import type { ResultStatus } from "../generated/prisma/enums.ts";

/** A unit ballot's state; "none" before anything happened to it. */
export type ResultState = "none" | ResultStatus;
export const RESULT_STATES = [
  "none",
  "silent",
  "reported",
  "disputed",
  "escalated",
  "verified",
] as const satisfies readonly ResultState[];
/** The states a stored result can be in (every one but "none"). */
export const RESULT_STATUSES = [
  "silent",
  "reported",
  "disputed",
  "escalated",
  "verified",
] as const satisfies readonly ResultStatus[];

/** Who causes an event: the reporter placed on the unit, staff in the unit's scope (its
 *  constituency's head and team, the war room), the constituency's head, the war room, or
 *  the platform itself. */
export type Actor = "reporter" | "staff" | "head" | "warRoom" | "platform";

export type ResultEventName =
  | "report" // the placed reporter sends the form (5/18 or its kind's)
  | "blind" // staff key the form from its photos without seeing other entries
  | "correction" // a person sends again, with a reason: their earlier entry no longer counts
  | "decide" // a head or the war room picks the entry that is right, with a reason
  | "escalate" // a head sends a dispute up to the war room, with a reason
  | "silence"; // nothing was sent a while after the close (MISSING_REPORT_MINUTES)

/** Where an entry (report, blind entry, correction) leads is not a fixed state: it follows
 *  from everyone's latest entries by the agreement rule (entryOutcome below). */
export const BY_AGREEMENT = "by agreement" as const;

export interface Transition {
  event: ResultEventName;
  by: Actor[];
  from: readonly ResultState[];
  to: ResultState | typeof BY_AGREEMENT;
  /** The verification level it leaves, where it is fixed (verification.ts). */
  level?: "decided" | "silent";
  /** Whether the event must say why. */
  reason: "required" | "correction" | "none";
  /** The SQL function that applies it (prisma/functions/<sql>.sql). */
  sql: "tally_submit" | "result_decide" | "result_escalate" | "result_silence";
}

const ANY_STATE = RESULT_STATES;

export const TRANSITIONS: readonly Transition[] = [
  {
    event: "report",
    by: ["reporter", "staff"],
    from: ANY_STATE,
    to: BY_AGREEMENT,
    reason: "none",
    sql: "tally_submit",
  },
  { event: "blind", by: ["staff"], from: ANY_STATE, to: BY_AGREEMENT, reason: "none", sql: "tally_submit" },
  {
    event: "correction",
    by: ["reporter", "staff"],
    from: ["reported", "disputed", "escalated", "verified"],
    to: BY_AGREEMENT,
    reason: "correction",
    sql: "tally_submit",
  },
  // A head decides only what is in dispute in their constituency; what two people agree
  // on, or one reported, is not theirs to overrule.
  {
    event: "decide",
    by: ["head"],
    from: ["disputed"],
    to: "verified",
    level: "decided",
    reason: "required",
    sql: "result_decide",
  },
  {
    event: "decide",
    by: ["warRoom"],
    from: ["disputed", "escalated"],
    to: "verified",
    level: "decided",
    reason: "required",
    sql: "result_decide",
  },
  { event: "escalate", by: ["head"], from: ["disputed"], to: "escalated", reason: "required", sql: "result_escalate" },
  {
    event: "silence",
    by: ["platform"],
    from: ["none"],
    to: "silent",
    level: "silent",
    reason: "none",
    sql: "result_silence",
  },
];

/** The states from which an actor may cause an event (none: never). */
export function fromStates(event: ResultEventName, actor: Actor): ResultState[] {
  return [...new Set(TRANSITIONS.filter((t) => t.event === event && t.by.includes(actor)).flatMap((t) => t.from))];
}

/** Whether an actor may cause an event on a unit ballot in this state. */
export const mayCause = (event: ResultEventName, actor: Actor, state: ResultState) =>
  fromStates(event, actor).includes(state);

/** The outcomes of the agreement rule, named as the history and the feed name them. */
export type EntryOutcomeName =
  | "agreement" // two or more people, one fingerprint, nothing flagged, the form's photo: verified
  | "agreementWithoutPhoto" // the same without the signed form's photo: reported, never more
  | "disagreement" // two or more people differ, or agree on a flagged form: disputed (escalated stays)
  | "single" // one person: reported, or disputed if flagged
  | "withdrawal"; // any of the above that takes a verified unit out of the totals

/** What an entry's unit ballot looks like after it: each person's latest entry counts. */
export interface EntryFacts {
  /** People with an entry (each one's latest). */
  people: number;
  /** Distinct fingerprints of the figures among those entries. */
  prints: number;
  /** Some latest entry carries an anomaly. */
  flagged: boolean;
  /** A photo of the signed form came with one of this election's entries. */
  formPhoto: boolean;
  /** The earliest of the latest entries (the one verified by agreement). */
  earliest: string;
  before: { status: ResultState; verified: string | null; decided: boolean };
}

/** The agreement rule (tally_submit.sql applies it; this is its statement, which the
 *  property test checks every result against): the state, the verified entry and whether
 *  that entry stands by a decision. */
export function entryOutcome(f: EntryFacts): {
  name: EntryOutcomeName;
  status: ResultStatus;
  verified: string | null;
  decided: boolean;
} {
  let status: ResultStatus;
  let verified: string | null;
  let name: EntryOutcomeName;
  if (f.people >= 2 && f.prints === 1 && !f.flagged && f.formPhoto) {
    [name, status, verified] = ["agreement", "verified", f.earliest];
  } else if (f.people >= 2 && f.prints === 1 && !f.flagged) {
    [name, status, verified] = ["agreementWithoutPhoto", "reported", null];
  } else if (f.people >= 2) {
    // A dispute keeps the figures last counted, until someone decides.
    name = "disagreement";
    status = f.before.status === "escalated" ? "escalated" : "disputed";
    verified = f.before.verified;
  } else {
    [name, status, verified] = ["single", f.flagged ? "disputed" : "reported", null];
  }
  // A decision's pick stays decided while it is still the verified entry, unless agreeing
  // entries now verify the unit by themselves.
  const decided =
    verified !== null &&
    verified === f.before.verified &&
    f.before.decided &&
    !(status === "verified" && f.before.status !== "verified");
  if (f.before.verified !== null && verified === null) name = "withdrawal";
  return { name, status, verified, decided };
}

/** The transition table as text, for the closing note and ARCHITECTURE. */
export function describeTransitions() {
  return TRANSITIONS.map(
    (t) =>
      `${t.event.padEnd(10)} by ${t.by.join("/").padEnd(14)} from ${t.from.join("|").padEnd(48)} → ${String(t.to).padEnd(12)}` +
      `${t.level ? ` (${t.level})` : ""}  reason: ${t.reason}  sql: ${t.sql}`,
  ).join("\n");
}
