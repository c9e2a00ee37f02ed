// How far a unit ballot's result can be trusted, said the same way on the pages, in the
// feed and in the CSV (issue 16):
// - verified: two independent entries agree exactly, and the signed form's photo is there;
// - decided: a head or the war room chose the entry, with a reason;
// - reported: one entry, or agreeing entries without the form's photo;
// - flagged: the form does not add up (a named anomaly), waiting for review;
// - disputed: entries disagree, or the unit was sent up to the war room;
// - silent: nothing was sent a while after the close (not a dispute: there is nothing to
//   decide; the war room chases the unit).
export const LEVELS = ["verified", "decided", "reported", "flagged", "disputed", "silent"] as const;
export type VerificationLevel = (typeof LEVELS)[number];

export function verificationLevel(r: {
  status: string;
  /** The verified entry was chosen by a decision, not by agreement. */
  decided: boolean;
  /** A photo of the signed form (5/18) was sent for this unit ballot. */
  hasFormPhoto: boolean;
  /** Some person's latest entry carries an anomaly (what sends the unit to review). */
  flagged: boolean;
}): VerificationLevel | null {
  if (r.status === "none") return null;
  if (r.status === "silent") return "silent";
  if (r.status === "verified") return r.decided ? "decided" : r.hasFormPhoto ? "verified" : "reported";
  if (r.status === "disputed" || r.status === "escalated") return r.flagged ? "flagged" : "disputed";
  return "reported";
}
