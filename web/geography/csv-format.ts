// The geography CSV: one row per polling unit, denormalised (documented in docs/geography-csv.md).
import { z } from "zod";

export const GEO_COLUMNS = [
  "province_code",
  "province_name_th",
  "province_name_en",
  "constituency_no",
  "district_code",
  "district_name_th",
  "district_name_en",
  "subdistrict_code",
  "subdistrict_name_th",
  "subdistrict_name_en",
  "unit_no",
  "location_name",
  "latitude",
  "longitude",
  "eligible_voters",
] as const;

/** Columns a file may have: unit_kind (polling, the default, or a counting centre's kind). */
export const GEO_OPTIONAL_COLUMNS = ["unit_kind"] as const;
export const UNIT_KINDS = ["polling", "advance_in", "advance_out", "overseas", "central"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export type GeoCsvRow = Record<(typeof GEO_COLUMNS)[number], string> & { unit_kind?: string };

// Zod messages carry an i18n code and its values (geoErrors.* in web/i18n), so that the
// import can report every problem in Thai and English.
const issue = (code: string, params: Record<string, string | number> = {}) => JSON.stringify({ code, params });

const name = z
  .string()
  .trim()
  .min(1, issue("empty"))
  .max(200, issue("tooLong", { max: 200 }));
const optionalNumber = (min: number, max: number, integer = false) =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === "") return null;
      const n = Number(v);
      if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: issue(integer ? "wholeRange" : "range", { min, max }) });
        return z.NEVER;
      }
      return n;
    });

export const geoRowSchema = z
  .object({
    province_code: z
      .string()
      .trim()
      .regex(/^\d{2}$/, issue("digits", { n: 2 })),
    province_name_th: name,
    province_name_en: name,
    constituency_no: z
      .string()
      .trim()
      .regex(/^\d{1,2}$/, issue("range", { min: 1, max: 99 }))
      .transform(Number)
      .refine((n) => n >= 1, issue("range", { min: 1, max: 99 })),
    district_code: z
      .string()
      .trim()
      .regex(/^\d{4}$/, issue("digits", { n: 4 })),
    district_name_th: name,
    district_name_en: name,
    subdistrict_code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, issue("digits", { n: 6 })),
    subdistrict_name_th: name,
    subdistrict_name_en: name,
    unit_no: z
      .string()
      .trim()
      .regex(/^\d{1,3}$/, issue("range", { min: 1, max: 999 }))
      .transform(Number)
      .refine((n) => n >= 1, issue("range", { min: 1, max: 999 })),
    location_name: name,
    latitude: optionalNumber(5, 21),
    longitude: optionalNumber(97, 106),
    eligible_voters: optionalNumber(0, 5000, true),
    unit_kind: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx) => {
        if (!v) return "polling" as UnitKind;
        if (!(UNIT_KINDS as readonly string[]).includes(v)) {
          ctx.addIssue({ code: "custom", message: issue("unitKind", { value: v.slice(0, 20) }) });
          return z.NEVER;
        }
        return v as UnitKind;
      }),
  })
  .superRefine((row, ctx) => {
    if (!row.district_code.startsWith(row.province_code)) {
      ctx.addIssue({
        code: "custom",
        path: ["district_code"],
        message: issue("prefix", { parent: "province_code", code: row.province_code }),
      });
    }
    if (!row.subdistrict_code.startsWith(row.district_code)) {
      ctx.addIssue({
        code: "custom",
        path: ["subdistrict_code"],
        message: issue("prefix", { parent: "district_code", code: row.district_code }),
      });
    }
  });

export type GeoRow = z.output<typeof geoRowSchema>;

export const constituencyId = (provinceCode: string, number: number) =>
  `${provinceCode}-${String(number).padStart(2, "0")}`;
export const unitCode = (provinceCode: string, constituencyNo: number, subdistrictCode: string, unitNo: number) =>
  `${constituencyId(provinceCode, constituencyNo)}-${subdistrictCode}-${String(unitNo).padStart(3, "0")}`;

/** A problem in the file: an i18n code under geoErrors.* and its values. */
export interface GeoProblem {
  code: string;
  params: Record<string, string | number>;
}

/** Each field's problems from a zod error, e.g. { code: "digits", params: { field: "district_code", n: 4 } }. */
export function rowProblems(error: z.ZodError): GeoProblem[] {
  return error.issues.map((i) => {
    const field = i.path.join(".") || "row";
    try {
      const { code, params } = JSON.parse(i.message) as GeoProblem;
      return { code, params: { field, ...params } };
    } catch {
      return { code: "invalid", params: { field } }; // zod's own message (e.g. a missing column value)
    }
  });
}
