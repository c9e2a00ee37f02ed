// What a volunteer reports about their unit (issue 42): the kinds observers report (Vote62
// 2023: being stopped from photographing the count was the most common), how serious, and
// what happened in their words. One schema for the page and its action.
import { z } from "zod";
import { bangkokDay, parseThaiDate } from "../i18n/format.ts";

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
  // When it happened, in Bangkok time as the volunteer writes it (incidentLocalTime);
  // empty: when it was sent.
  occurredAt: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const local = incidentLocalTime(v, new Date());
      if (!local) ctx.addIssue({ code: "custom", message: "incident.errors.occurredAt" });
      return local ?? undefined;
    }),
});
export type IncidentInput = z.output<typeof incidentSchema>;

const MINUTES_AHEAD = 10;

/** When an incident happened, as a volunteer writes it on the phone, in Bangkok time:
 *  a time alone, "17:40" or "17.40 น." — today, or yesterday when today's would be later
 *  than now (a report of 23:50 arriving after midnight) — or a day and a time,
 *  "14/3/2570 17:40" (Buddhist or Christian era), or ISO "2027-03-14T17:40". As
 *  "2027-03-14T17:40"; null when it is no time, or later than now. */
export function incidentLocalTime(raw: string, now: Date): string | null {
  const m = /^(?:(\S+)\s+|(\S+)T)?(\d{1,2})[:.](\d{2})(?:\s*น\.?)?$/.exec(raw.trim());
  if (!m) return null;
  const [hour, minute] = [Number(m[3]), Number(m[4])];
  if (hour > 23 || minute > 59) return null;
  const time = `${String(hour).padStart(2, "0")}:${m[4]}`;
  const latest = now.getTime() + MINUTES_AHEAD * 60_000;
  const written = m[1] ?? m[2];
  if (written) {
    const day = parseThaiDate(written);
    if (!day) return null;
    const local = `${day.toISOString().slice(0, 10)}T${time}`;
    return bangkokTime(local).getTime() <= latest ? local : null;
  }
  const today = `${bangkokDay(now)}T${time}`;
  if (bangkokTime(today).getTime() <= latest) return today;
  return `${bangkokDay(new Date(now.getTime() - 86_400_000))}T${time}`;
}

/** A Bangkok wall-clock time ("2027-03-14T10:20") as an instant. */
export const bangkokTime = (local: string) => new Date(`${local}:00+07:00`);
