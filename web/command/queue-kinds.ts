// The kinds of open item in the work queue (issue 37), shared by the server and the page.
export const QUEUE_KINDS = [
  "flagged",
  "disputed",
  "escalated",
  "noFormPhoto",
  "devicesDiverge",
  "finalDiffers",
] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];
/** The kinds a head or the war room decides (the result machine's disputes). */
export const DECIDABLE_KINDS: QueueKind[] = ["flagged", "disputed", "escalated"];
