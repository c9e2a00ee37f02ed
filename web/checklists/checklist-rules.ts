// The observation checklist (issue 42): its phases, the kinds of answer, and what an
// answer may be — recorded as given; only what cannot be an answer of its kind is refused.
import { z } from "zod";

export const CHECKLIST_PHASES = ["opening", "during", "close", "count"] as const;
export type ChecklistPhase = (typeof CHECKLIST_PHASES)[number];
export const CHECKLIST_KINDS = ["yes_no", "number", "text"] as const;
export type ChecklistKind = (typeof CHECKLIST_KINDS)[number];
export const CHECKLIST_COLUMNS = ["phase", "key", "kind", "question_th", "question_en", "position"] as const;
export const ANSWER_MAX = 1000;

/** The answer as stored, or null when it cannot be one of its kind (empty: not answered). */
export function answerOf(kind: ChecklistKind, raw: string): string | null | "" {
  const value = raw.trim();
  if (value === "") return "";
  if (kind === "yes_no") return value === "yes" || value === "no" ? value : null;
  if (kind === "number") return /^\d{1,7}$/.test(value) ? String(Number(value)) : null;
  return value.length <= ANSWER_MAX ? value : null;
}

/** A phase's answers as posted, by question key (each question's kind decides what it may
 *  be: answerOf). */
export const checklistAnswersSchema = z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), z.string().max(3000));

/** The key a phase's photos are kept under (TallyPhoto's ballot, kind "checklist"). */
export const checklistPhotoKey = (phase: ChecklistPhase) => `checklist_${phase}`;
