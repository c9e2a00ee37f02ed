// The geography CSV: one row per polling unit, denormalised (documented in docs/geography-csv.md).
import { z } from "zod";

export const GEO_COLUMNS = [
  "province_code", "province_name_th", "province_name_en",
  "constituency_no",
  "district_code", "district_name_th", "district_name_en",
  "subdistrict_code", "subdistrict_name_th", "subdistrict_name_en",
  "unit_no", "location_name", "latitude", "longitude", "eligible_voters",
] as const;

export type GeoCsvRow = Record<(typeof GEO_COLUMNS)[number], string>;

const name = z.string().trim().min(1, "is empty").max(200, "is longer than 200 characters");
const optionalNumber = (min: number, max: number, integer = false) =>
  z.string().trim().transform((v, ctx) => {
    if (v === "") return null;
    const n = Number(v);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
      ctx.addIssue({ code: "custom", message: `must be ${integer ? "a whole number" : "a number"} between ${min} and ${max}` });
      return z.NEVER;
    }
    return n;
  });

export const geoRowSchema = z
  .object({
    province_code: z.string().trim().regex(/^\d{2}$/, "must be 2 digits"),
    province_name_th: name,
    province_name_en: name,
    constituency_no: z.string().trim().regex(/^\d{1,2}$/, "must be a number from 1 to 99").transform(Number).refine((n) => n >= 1, "must be at least 1"),
    district_code: z.string().trim().regex(/^\d{4}$/, "must be 4 digits"),
    district_name_th: name,
    district_name_en: name,
    subdistrict_code: z.string().trim().regex(/^\d{6}$/, "must be 6 digits"),
    subdistrict_name_th: name,
    subdistrict_name_en: name,
    unit_no: z.string().trim().regex(/^\d{1,3}$/, "must be a number from 1 to 999").transform(Number).refine((n) => n >= 1, "must be at least 1"),
    location_name: name,
    latitude: optionalNumber(5, 21),
    longitude: optionalNumber(97, 106),
    eligible_voters: optionalNumber(0, 5000, true),
  })
  .superRefine((row, ctx) => {
    if (!row.district_code.startsWith(row.province_code)) {
      ctx.addIssue({ code: "custom", path: ["district_code"], message: `must start with the province code ${row.province_code}` });
    }
    if (!row.subdistrict_code.startsWith(row.district_code)) {
      ctx.addIssue({ code: "custom", path: ["subdistrict_code"], message: `must start with the district code ${row.district_code}` });
    }
  });

export type GeoRow = z.output<typeof geoRowSchema>;

export const constituencyId = (provinceCode: string, number: number) => `${provinceCode}-${String(number).padStart(2, "0")}`;
export const unitCode = (provinceCode: string, constituencyNo: number, subdistrictCode: string, unitNo: number) =>
  `${constituencyId(provinceCode, constituencyNo)}-${subdistrictCode}-${String(unitNo).padStart(3, "0")}`;

/** "line 12: district_code must be 4 digits" style messages from a zod error. */
export function describeRowIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "row"} ${i.message}`).join("; ");
}
