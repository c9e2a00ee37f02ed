// The roster CSV an organisation imports and exports. One row per person; the header
// names the columns (any order). Problems are i18n codes (rosterErrors.*), shown in
// Thai or English and written to the downloadable error file.
import { normaliseThaiMobile } from "../accounts/phone.ts";
import { isValidNationalId, normaliseNationalId } from "./national-id.ts";
import { ADULT_AGE, ageOn, TIERS } from "./signup-form.ts";
import { parseThaiDate } from "../i18n/format.ts";

export const ROSTER_COLUMNS = ["full_name", "phone", "national_id", "birth_date"] as const;
export const OPTIONAL_COLUMNS = ["province_code", "constituency", "subdistrict_code", "tiers", "status"] as const;
export const IMPORT_STATUSES = ["pending", "approved"] as const;

export interface RosterRow {
  fullName: string;
  phone: string; // E.164
  nationalId: string; // 13 digits; hashed before it is stored
  birthDate: Date;
  isStudent: boolean;
  provinceCode: string | null;
  constituencyId: string | null;
  subdistrictCode: string | null;
  tiers: string[];
  status: (typeof IMPORT_STATUSES)[number];
}

export interface RowProblem {
  code: string;
  params?: Record<string, string | number>;
}

/** Known area codes, to refuse a row naming an area that does not exist. */
export interface AreaCodes {
  provinces: Set<string>;
  constituencies: Set<string>;
  subdistricts: Set<string>;
}

export function validateRosterRow(
  raw: Record<string, string>,
  areas: AreaCodes,
  opts: { minAge: number; today: Date },
): { row: RosterRow; problems: [] } | { row: null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const fullName = (raw.full_name ?? "").trim().replace(/\s+/g, " ");
  if (fullName.length < 3 || fullName.length > 120) problems.push({ code: "fullName" });

  const phone = normaliseThaiMobile(raw.phone ?? "");
  if (!phone) problems.push({ code: "phone", params: { value: (raw.phone ?? "").slice(0, 20) } });

  const nationalId = normaliseNationalId(raw.national_id ?? "");
  if (!/^\d{13}$/.test(nationalId)) problems.push({ code: "nationalIdDigits" });
  else if (!isValidNationalId(nationalId)) problems.push({ code: "nationalIdCheck" });

  const birthDate = parseThaiDate((raw.birth_date ?? "").trim());
  if (!birthDate || birthDate >= opts.today || birthDate.getUTCFullYear() < 1900) problems.push({ code: "birthDate" });
  else if (ageOn(birthDate, opts.today) < opts.minAge)
    problems.push({ code: "tooYoung", params: { min: opts.minAge } });

  const code = (name: string) => (raw[name] ?? "").trim() || null;
  const provinceCode = code("province_code");
  const constituencyId = code("constituency");
  const subdistrictCode = code("subdistrict_code");
  if (provinceCode && !areas.provinces.has(provinceCode))
    problems.push({ code: "unknownArea", params: { value: provinceCode } });
  if (
    constituencyId &&
    (!areas.constituencies.has(constituencyId) || (provinceCode && !constituencyId.startsWith(provinceCode)))
  ) {
    problems.push({ code: "unknownArea", params: { value: constituencyId } });
  }
  if (
    subdistrictCode &&
    (!areas.subdistricts.has(subdistrictCode) || (provinceCode && !subdistrictCode.startsWith(provinceCode)))
  ) {
    problems.push({ code: "unknownArea", params: { value: subdistrictCode } });
  }

  const tierText = (raw.tiers ?? "").trim();
  const tiers = tierText ? [...new Set(tierText.split(/[;|,\s]+/).filter(Boolean))] : ["polling_unit"];
  if (!tiers.every((t) => (TIERS as readonly string[]).includes(t)))
    problems.push({ code: "tiers", params: { value: tierText.slice(0, 60) } });

  const status = ((raw.status ?? "").trim() || "pending") as RosterRow["status"];
  if (!IMPORT_STATUSES.includes(status)) problems.push({ code: "status", params: { value: status.slice(0, 20) } });

  if (problems.length) return { row: null, problems };
  return {
    row: {
      fullName,
      phone: phone!,
      nationalId,
      birthDate: birthDate!,
      isStudent: ageOn(birthDate!, opts.today) < ADULT_AGE,
      provinceCode: provinceCode ?? subdistrictCode?.slice(0, 2) ?? constituencyId?.slice(0, 2) ?? null,
      constituencyId,
      subdistrictCode,
      tiers,
      status,
    },
    problems: [],
  };
}
