// The volunteer sign-up form: one schema for the page and its action. Messages are
// i18n keys (signup.errors.*), shown next to their field in Thai or English.
import { z } from "zod";
import { isValidNationalId, normaliseNationalId } from "./national-id.ts";
import { parseThaiDate } from "../i18n/format.ts";

export const TIERS = ["polling_unit", "constituency_team", "war_room"] as const;
export const ADULT_AGE = 18;
/** The organisation choice for people who join no partner organisation. */
export const INDEPENDENT = "independent";

export function ageOn(birthDate: Date, today: Date): number {
  const age = today.getUTCFullYear() - birthDate.getUTCFullYear();
  const beforeBirthday =
    today.getUTCMonth() < birthDate.getUTCMonth() ||
    (today.getUTCMonth() === birthDate.getUTCMonth() && today.getUTCDate() < birthDate.getUTCDate());
  return beforeBirthday ? age - 1 : age;
}

const optionalCode = (re: RegExp) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || re.test(v), "signup.errors.area");

export function signupSchema(opts: { minAge: number; today?: Date }) {
  const today = opts.today ?? new Date();
  return z.object({
    fullName: z.string().trim().min(3, "signup.errors.fullName").max(120, "signup.errors.fullName"),
    nationalId: z
      .string()
      .transform(normaliseNationalId)
      .refine((v) => /^\d{13}$/.test(v), "signup.errors.nationalIdDigits")
      .refine(isValidNationalId, "signup.errors.nationalIdCheck"),
    birthDate: z
      .string()
      // Day/month/year in the Buddhist era as Thai people write it, or ISO (the roster's rule).
      .transform((v, ctx) => {
        const date = parseThaiDate(v.trim());
        if (!date) ctx.addIssue({ code: "custom", message: "signup.errors.birthDate" });
        return date ?? new Date(NaN);
      })
      .refine((d) => !Number.isNaN(d.getTime()) && d < today && d.getUTCFullYear() > 1900, "signup.errors.birthDate")
      .refine((d) => ageOn(d, today) >= opts.minAge, "signup.errors.tooYoung"),
    provinceCode: optionalCode(/^\d{2}$/),
    constituencyId: optionalCode(/^\d{2}-\d{2}$/),
    subdistrictCode: optionalCode(/^\d{6}$/),
    // One ticked box posts a single value, several an array, none nothing.
    tiers: z.preprocess(
      (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
      z.array(z.enum(TIERS, "signup.errors.tiers")).min(1, "signup.errors.tiers"),
    ),
    organisation: z.string().trim().min(1, "signup.errors.organisation").max(80),
    consentData: z.literal("on", "signup.errors.consent"),
    consentContact: z.literal("on").optional(),
    website: z.string().max(0, "form.spam").optional(),
  });
}

export type SignupInput = z.output<ReturnType<typeof signupSchema>>;

/** The i18n key for a field whose problem has no message of its own. */
export const signupFieldError = (field: string) => `signup.errors.${field.split(".")[0]}`;

/** zod issues → { field: i18n key } (the first problem of each field). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    out[field] ??= issue.message.includes(".") ? issue.message : `signup.errors.${field}`;
  }
  return out;
}
