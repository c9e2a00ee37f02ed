// The donation form's fields, checked by the same schema in the browser and the action.
// Messages are i18n keys (donate.errors.*).
import { z } from "zod";
import { normaliseThaiMobile } from "../accounts/phone.ts";
import { parseBaht, SATANG_PER_BAHT } from "./money.ts";
import { isValidNationalId } from "../recruitment/national-id.ts";

export const CONSENT_VERSION = "donation-2026-11";

export interface AmountLimits {
  minBaht: number;
  maxBaht: number;
}

const optionalText = (max: number, message: string) =>
  z
    .string()
    .default("")
    .transform((v) => v.trim())
    .pipe(z.string().max(max, message))
    .transform((v) => v || null);

export function donationSchema(limits: AmountLimits) {
  return z
    .object({
      campaign: z.string().trim().min(1, "donate.errors.campaign"),
      // A preset button sends "amount"; the custom field "customAmount" wins when filled.
      amount: z.string().default(""),
      customAmount: z.string().default(""),
      currency: z
        .string()
        .trim()
        .toLowerCase()
        .default("thb")
        .refine((v) => v === "thb", "donate.errors.currency"),
      donorName: optionalText(100, "donate.errors.donorName"),
      email: optionalText(200, "donate.errors.email").refine(
        (v) => v === null || z.email().safeParse(v).success,
        "donate.errors.email",
      ),
      // For a tax deduction (optional): the donor's 13-digit tax ID, spaces and dashes allowed.
      donorTaxId: z
        .string()
        .default("")
        .transform((v) => v.replace(/[\s-]/g, ""))
        .refine((v) => v === "" || (/^\d{13}$/.test(v) && isValidNationalId(v)), "donate.errors.taxId")
        .transform((v) => v || null),
      phone: z
        .string()
        .trim()
        .default("")
        .transform((v, ctx) => {
          if (!v) return null;
          const e164 = normaliseThaiMobile(v);
          if (!e164) ctx.addIssue({ code: "custom", message: "donate.errors.phone" });
          return e164;
        }),
      anonymous: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
      consent: z.preprocess(
        (v) => v === "on" || v === "true" || v === true,
        z.literal(true, { message: "donate.errors.consent" }),
      ),
    })
    .transform((v, ctx) => {
      const satang = parseBaht(v.customAmount.trim() ? v.customAmount : v.amount);
      if (satang === null) {
        ctx.addIssue({ code: "custom", path: ["amount"], message: "donate.errors.amount" });
        return z.NEVER;
      }
      if (satang < limits.minBaht * SATANG_PER_BAHT) {
        ctx.addIssue({ code: "custom", path: ["amount"], message: "donate.errors.belowMinimum" });
        return z.NEVER;
      }
      if (satang > limits.maxBaht * SATANG_PER_BAHT) {
        ctx.addIssue({ code: "custom", path: ["amount"], message: "donate.errors.aboveMaximum" });
        return z.NEVER;
      }
      const { amount: _a, customAmount: _c, ...rest } = v;
      return { ...rest, amountSatang: satang };
    });
}

export type DonationInput = z.output<ReturnType<typeof donationSchema>>;
