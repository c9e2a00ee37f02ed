import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateCountry, generateCountryCsv } from "../../web/geography/generator.ts";
import { geoRowSchema, rowProblems } from "../../web/geography/csv-format.ts";
import type { z } from "zod";
import { tFor } from "../../web/i18n/i18n.ts";
import { PROVINCES } from "../../web/geography/provinces.ts";
import { PROVINCE_CENTRES } from "../../web/geography/province-centres.ts";
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
  it("is the size of Thailand, on its real map", { timeout: 60_000 }, () => {
    const perConstituency = new Map<string, number>();
    const constituenciesOfDistrict = new Map<string, Set<string>>();
    const bangkok = { districts: new Set<string>(), subdistricts: new Set<string>() };
    let eligible = 0;
    for (const row of generateCountry()) {
      const key = `${row.province_code}-${row.constituency_no}`;
      perConstituency.set(key, (perConstituency.get(key) ?? 0) + 1);
      constituenciesOfDistrict.set(
        row.district_code,
        (constituenciesOfDistrict.get(row.district_code) ?? new Set()).add(key),
      );
      eligible += Number(row.eligible_voters);
      if (row.province_code === "10") {
        bangkok.districts.add(row.district_code);
        bangkok.subdistricts.add(row.subdistrict_code);
      }
      // Inside its province: near the province's capital.
      const [lat, lng] = PROVINCE_CENTRES[row.province_code]!;
      expect(Math.hypot(Number(row.latitude) - lat, Number(row.longitude) - lng)).toBeLessThan(0.75);
    }
    const counts = [...perConstituency.values()];
    const units = counts.reduce((a, b) => a + b, 0);
    const mean = units / counts.length;
    const sd = Math.sqrt(counts.reduce((a, c) => a + (c - mean) ** 2, 0) / counts.length);
    expect(PROVINCES).toHaveLength(77);
    expect(PROVINCES.reduce((a, p) => a + p.constituencies, 0)).toBe(400);
    expect(perConstituency.size).toBe(400);
    expect([...perConstituency.keys()].filter((k) => k.startsWith("10-"))).toHaveLength(33);
    // Bangkok's 50 เขต and their แขวง, as in the place data.
    expect(bangkok.districts.size).toBe(50);
    expect(bangkok.subdistricts.size).toBeGreaterThan(160);
    // 200–250 units a constituency on average, not uniformly.
    expect(mean).toBeGreaterThan(200);
    expect(mean).toBeLessThan(250);
    expect(sd).toBeGreaterThan(10);
    expect(Math.max(...counts) - Math.min(...counts)).toBeGreaterThan(60);
    expect(units).toBeGreaterThan(90_000);
    expect(units).toBeLessThan(100_000);
    // ≈ 52 million eligible voters, ≈ 550 a unit.
    expect(eligible).toBeGreaterThan(50_000_000);
    expect(eligible).toBeLessThan(54_000_000);
    expect(eligible / units).toBeGreaterThan(500);
    expect(eligible / units).toBeLessThan(600);
    // Districts split across constituencies where the cut passes through them.
    expect([...constituenciesOfDistrict.values()].filter((s) => s.size > 1).length).toBeGreaterThan(100);
  });

  it("is deterministic, and a different seed gives a different country", { timeout: 60_000 }, () => {
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
