import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateCountry, generateCountryCsv } from "../../web/geography/generator.ts";
import { geoRowSchema, rowProblems } from "../../web/geography/csv-format.ts";
import type { z } from "zod";
import { tFor } from "../../web/i18n/i18n.ts";
import { PROVINCES } from "../../web/geography/provinces.ts";
import { thaiPlace } from "../../web/geography/address.ts";

const inLanguage = (lang: "th" | "en", error: z.ZodError) =>
  rowProblems(error)
    .map((p) => tFor(lang)(`geoErrors.${p.code}`, p.params))
    .join("; ");
const describeRowIssues = (error: z.ZodError) => inLanguage("en", error);

const digest = (opts = {}) => {
  const h = createHash("sha256");
  for (const chunk of generateCountryCsv(opts)) h.update(chunk);
  return h.digest("hex");
};

describe("synthetic country", () => {
  it("is the size of Thailand", () => {
    const perConstituency = new Map<string, number>();
    for (const row of generateCountry()) {
      const key = `${row.province_code}-${row.constituency_no}`;
      perConstituency.set(key, (perConstituency.get(key) ?? 0) + 1);
    }
    const counts = [...perConstituency.values()];
    const units = counts.reduce((a, b) => a + b, 0);
    expect(PROVINCES).toHaveLength(77);
    expect(perConstituency.size).toBe(400);
    expect([...perConstituency.keys()].filter((k) => k.startsWith("10-"))).toHaveLength(33);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(200);
    expect(Math.max(...counts)).toBeLessThanOrEqual(250);
    expect(units).toBeGreaterThan(90_000);
    expect(units).toBeLessThan(100_000);
  });

  it("is deterministic, and a different seed gives a different country", () => {
    expect(digest()).toBe(digest());
    expect(digest({ seed: 7 })).not.toBe(digest());
  });

  it("generates a slice that equals the same part of the whole country", () => {
    const slice = [...generateCountry({ provinces: ["50"], constituenciesPerProvince: 2 })];
    const whole = [...generateCountry()].filter((r) => r.province_code === "50" && Number(r.constituency_no) <= 2);
    expect(slice.length).toBeGreaterThan(400);
    expect(slice).toEqual(whole);
  });

  it("generates only rows that pass validation, with Thai names", () => {
    let n = 0;
    for (const row of generateCountry({ provinces: ["10", "96"] })) {
      const parsed = geoRowSchema.safeParse(row);
      expect(parsed.success, parsed.success ? "" : describeRowIssues(parsed.error)).toBe(true);
      expect(row.subdistrict_name_th).toMatch(/[\u0E00-\u0E7F]/);
      n++;
    }
    expect(n).toBeGreaterThan(7000);
  });
});

describe("geography CSV rows", () => {
  const good = [...generateCountry({ provinces: ["10"], constituenciesPerProvince: 1 })][0]!;

  it("accepts a generated row and converts numbers", () => {
    const row = geoRowSchema.parse(good);
    expect(typeof row.unit_no).toBe("number");
    expect(typeof row.latitude).toBe("number");
  });

  it.each([
    [{ province_code: "1" }, "province_code must be 2 digits"],
    [{ district_code: "2001" }, "district_code must start with the province_code 10"],
    [{ subdistrict_code: "100299" }, "subdistrict_code must start with the district_code"],
    [{ unit_no: "x" }, "unit_no must be a number"],
    [{ latitude: "45" }, "latitude must be a number between 5 and 21"],
    [{ eligible_voters: "12.5" }, "eligible_voters must be a whole number"],
    [{ location_name: "" }, "location_name is empty"],
  ])("rejects %o with a clear message", (change, message) => {
    const parsed = geoRowSchema.safeParse({ ...good, ...change });
    expect(parsed.success).toBe(false);
    expect(describeRowIssues(parsed.error!)).toContain(message);
    expect(inLanguage("th", parsed.error!)).toMatch(/[\u0E00-\u0E7F]/);
  });
});

describe("Thai addresses", () => {
  it("write Bangkok with แขวง and เขต, everywhere else with ต., อ. and จ.", () => {
    expect(
      thaiPlace({
        subdistrictTh: "พระบรมมหาราชวัง",
        districtTh: "พระนคร",
        provinceTh: "กรุงเทพมหานคร",
        provinceCode: "10",
      }),
    ).toBe("แขวงพระบรมมหาราชวัง เขตพระนคร กรุงเทพมหานคร");
    expect(
      thaiPlace({ subdistrictTh: "ในเมือง", districtTh: "เมืองขอนแก่น", provinceTh: "ขอนแก่น", provinceCode: "40" }),
    ).toBe("ต.ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น");
  });
});
