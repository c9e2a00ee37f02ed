// An affiliation's life as an explicit state machine, shared by the pages (which show
// only the allowed actions) and the server (which applies only allowed transitions).
import type { AffiliationStatus } from "../generated/prisma/enums.ts";

export const STATUS_ACTIONS = ["approve", "reject", "suspend"] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

const TRANSITIONS: Record<AffiliationStatus, Partial<Record<StatusAction, AffiliationStatus>>> = {
  pending: { approve: "approved", reject: "rejected" },
  approved: { suspend: "suspended" },
  suspended: { approve: "approved", reject: "rejected" },
  rejected: { approve: "approved" },
};

/** Actions that must say why (the volunteer sees the reason). */
export const NEEDS_REASON: readonly StatusAction[] = ["reject", "suspend"];

export function nextStatus(from: AffiliationStatus, action: StatusAction): AffiliationStatus | undefined {
  return TRANSITIONS[from][action];
}

export function allowedActions(from: AffiliationStatus): StatusAction[] {
  return STATUS_ACTIONS.filter((a) => TRANSITIONS[from][a]);
}

// Why a staff member looked at a volunteer's phone number (recorded with the read).
export const PHONE_PURPOSES = ["contact", "verify", "assignment", "other"] as const;
export type PhonePurpose = (typeof PHONE_PURPOSES)[number];
