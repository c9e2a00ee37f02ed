// The war room's quick-count forms, checked the same in the browser and in the action:
// drawing the sample (once) and the publication rule. Messages are i18n keys.
import { z } from "zod";

/** About ±1 point on the larger parties (Kenya 2022: 1,000 stations, ±2.1). */
export const DEFAULT_SAMPLE_SIZE = 1500;

const whole = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, message)
    .transform(Number)
    .pipe(z.number().int().min(min, message).max(max, message));

export const drawSchema = z.object({
  intent: z.literal("draw"),
  size: whole(100, 20_000, "quickcount.errors.size"),
  seed: z.union([z.literal("").transform(() => undefined), whole(0, 2 ** 31 - 2, "quickcount.errors.seed")]).optional(),
});

export const ruleSchema = z.object({
  intent: z.literal("rule"),
  sampleShare: whole(1, 100, "quickcount.errors.share"),
  strataShare: whole(1, 100, "quickcount.errors.share"),
});

export const quickCountForm = z.discriminatedUnion("intent", [drawSchema, ruleSchema]);
