// What a volunteer reports about their unit (issue 42): the kinds observers report (Vote62
// 2023: being stopped from photographing the count was the most common), how serious, and
// what happened in their words. One schema for the page and its action.
import { z } from "zod";

export const INCIDENT_KINDS = [
  "observation_blocked",
  "photo_blocked",
  "form_not_posted",
  "figures_mismatch",
  "intimidation",
  "vote_buying",
  "equipment",
  "other",
] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export const INCIDENT_SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

export const INCIDENT_DESCRIPTION_MAX = 2000;
export const MAX_INCIDENT_PHOTOS = 4;

/** The incident form's fields (the photos come as files beside them). */
export const incidentSchema = z.object({
  submissionId: z.uuid("incident.errors.badSubmission"),
  kind: z.enum(INCIDENT_KINDS, "incident.errors.kind"),
  severity: z.enum(INCIDENT_SEVERITIES, "incident.errors.severity"),
  description: z
    .string("incident.errors.description")
    .trim()
    .min(3, "incident.errors.description")
    .max(INCIDENT_DESCRIPTION_MAX, "incident.errors.description"),
  // When it happened, as the phone's clock said it (Bangkok time, "2027-03-14T10:20");
  // empty: when it was sent.
  occurredAt: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v), "incident.errors.occurredAt"),
});
export type IncidentInput = z.output<typeof incidentSchema>;

/** A Bangkok wall-clock time ("2027-03-14T10:20") as an instant. */
export const bangkokTime = (local: string) => new Date(`${local}:00+07:00`);
