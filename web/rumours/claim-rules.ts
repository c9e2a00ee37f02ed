// The rumour desk's forms (issue 42): a claim as logged, and the desk's actions on it —
// naming our original, publishing the verdict — as intents of one union.
import { z } from "zod";
import type { ClaimVerdict } from "../generated/prisma/enums.ts";

export const VERDICTS = ["true", "false", "misleading", "unverified"] as const satisfies readonly ClaimVerdict[];

const optional = <T extends z.ZodType>(inner: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), inner.optional());

export const claimSchema = z.object({
  text: z.string("rumours.errors.text").trim().min(3, "rumours.errors.text").max(2000, "rumours.errors.text"),
  link: optional(z.url({ protocol: /^https?$/, error: "rumours.errors.link" }).max(2000, "rumours.errors.link")),
  unitCode: optional(
    z
      .string()
      .trim()
      .regex(/^\d{2}-\d{2}-\d{6}-\d{3}$/, "rumours.errors.unitCode"),
  ),
});

const explanation = z
  .string("rumours.errors.explanation")
  .trim()
  .min(3, "rumours.errors.explanation")
  .max(2000, "rumours.errors.explanation");

export const deskActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("match"), photoId: z.uuid("rumours.noPhoto") }),
  z.object({
    intent: z.literal("publish"),
    verdict: z.enum(VERDICTS, "rumours.errors.verdict"),
    explanationTh: explanation,
    explanationEn: explanation,
  }),
]);
