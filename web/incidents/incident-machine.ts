// An incident's life as a state machine (as a result's is in tally/result-machine.ts):
// which action may follow which state, and where it leads. Every step is an IncidentEvent
// with its actor and note: the history the war room and a partner's legal team read.
import type { IncidentStatus } from "../generated/prisma/enums.ts";

export const INCIDENT_ACTIONS = ["assign", "escalate", "resolve", "reopen", "note"] as const;
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number];

const TRANSITIONS: Record<IncidentAction, { from: readonly IncidentStatus[]; to: IncidentStatus | "same" }> = {
  // Someone takes it (or is given it).
  assign: { from: ["open", "assigned"], to: "assigned" },
  // Handed to a partner organisation's legal team.
  escalate: { from: ["open", "assigned"], to: "escalated" },
  resolve: { from: ["open", "assigned", "escalated"], to: "resolved" },
  reopen: { from: ["resolved"], to: "open" },
  // A note on the history, the state unchanged.
  note: { from: ["open", "assigned", "escalated", "resolved"], to: "same" },
};

/** The state `action` leads to from `status`, or null when it may not follow it. */
export function nextIncidentStatus(status: IncidentStatus, action: IncidentAction): IncidentStatus | null {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(status)) return null;
  return rule.to === "same" ? status : rule.to;
}

/** The actions open to an incident in `status` (the buttons its page shows). */
export const actionsFrom = (status: IncidentStatus) =>
  INCIDENT_ACTIONS.filter((action) => nextIncidentStatus(status, action) !== null);
