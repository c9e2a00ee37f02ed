// The roster's search and filters: one schema for the page's query string, the action
// and the CSV export. Unknown or malformed values are dropped, never an error: a
// filter link someone edited by hand still shows a page.
import { z } from "zod";
import { TIERS } from "./signup-form.ts";

export const STATUSES = ["pending", "approved", "rejected", "suspended"] as const;
export type AffiliationStatusName = (typeof STATUSES)[number];

/** Age groups as [min, max] completed years; max null = no upper bound. */
export const AGE_GROUPS = {
  under18: [0, 17],
  "18-24": [18, 24],
  "25-39": [25, 39],
  "40-59": [40, 59],
  "60plus": [60, null],
} as const satisfies Record<string, readonly [number, number | null]>;
export type AgeGroup = keyof typeof AGE_GROUPS;

export const PAGE_SIZE = 50;

const loose = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const rosterFilterSchema = z.object({
  q: loose(
    z
      .string()
      .trim()
      .max(80)
      .transform((v) => v || undefined),
  ),
  status: loose(z.enum(STATUSES)),
  tier: loose(z.enum(TIERS)),
  province: loose(z.string().regex(/^\d{2}$/)),
  constituency: loose(z.string().regex(/^\d{2}-\d{2}$/)),
  age: loose(z.enum(Object.keys(AGE_GROUPS) as [AgeGroup, ...AgeGroup[]])),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export type RosterFilter = z.output<typeof rosterFilterSchema>;

export function parseRosterFilter(params: URLSearchParams): RosterFilter {
  return rosterFilterSchema.parse(Object.fromEntries(params));
}

/** Birth-date bounds (inclusive) for people aged [min, max] on `today`. */
export function birthDateRange(group: AgeGroup, today: Date): { from?: Date; to: Date } {
  const [min, max] = AGE_GROUPS[group];
  const shift = (years: number, days = 0) =>
    new Date(Date.UTC(today.getUTCFullYear() - years, today.getUTCMonth(), today.getUTCDate() + days));
  // Aged ≥ min: born on or before today − min years. Aged ≤ max: born after today − (max+1) years.
  return { to: shift(min), ...(max === null ? {} : { from: shift(max + 1, 1) }) };
}
