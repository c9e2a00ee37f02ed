import { describe, expect, it } from "vitest";
import {
  checkDigit,
  isValidNationalId,
  maskNationalId,
  normaliseNationalId,
} from "../../web/recruitment/national-id.ts";
import { validateRosterRow, type AreaCodes } from "../../web/recruitment/roster-csv.ts";
import { parseThaiDate } from "../../web/i18n/format.ts";
import { birthDateRange, parseRosterFilter } from "../../web/recruitment/roster-filters.ts";
import { ageOn, fieldErrors, signupSchema } from "../../web/recruitment/signup-form.ts";
import { allowedActions, nextStatus } from "../../web/recruitment/status.ts";
import { syntheticNationalId } from "../../web/recruitment/roster-generator.ts";

describe("Thai national ID", () => {
  it("accepts real-format IDs whose 13th digit is the mod-11 check digit", () => {
    // 1-1037-02071-81-1: Σ = 1·13+1·12+0·11+3·10+7·9+0·8+2·7+0·6+7·5+1·4+8·3+1·2 = 197; 197 mod 11 = 10; (11−10) mod 10 = 1
    expect(checkDigit("110370207181")).toBe(1);
    expect(isValidNationalId("1103702071811")).toBe(true);
    expect(isValidNationalId("1-1037-02071-81-1")).toBe(true);
    expect(isValidNationalId("1 1037 02071 81 1")).toBe(true);
  });

  it("refuses a wrong check digit, a wrong length and letters", () => {
    expect(isValidNationalId("1103702071812")).toBe(false);
    expect(isValidNationalId("110370207181")).toBe(false);
    expect(isValidNationalId("11037020718111")).toBe(false);
    expect(isValidNationalId("11037020718a1")).toBe(false);
  });

  it("gives a check digit of 0 when 11 − (sum mod 11) is 10 or 11", () => {
    for (let i = 0; i < 2000; i++) {
      const id = syntheticNationalId(i);
      expect(isValidNationalId(id)).toBe(true);
      expect(Number(id[12])).toBeLessThan(10);
    }
  });

  it("shows only the last 4 digits", () => {
    expect(normaliseNationalId("1-1037-02071-81-1")).toBe("1103702071811");
    expect(maskNationalId("1811")).toBe("x-xxxx-xxxx1-81-1");
  });
});

describe("sign-up form", () => {
  const today = new Date("2026-11-23T00:00:00Z");
  const base = {
    fullName: "สมศรี ใจดี",
    nationalId: "1103702071811",
    birthDate: "2000-01-01",
    tiers: ["polling_unit"],
    organisation: "independent",
    consentData: "on",
  };
  it("computes age in completed years", () => {
    expect(ageOn(new Date("2008-11-23T00:00:00Z"), today)).toBe(18);
    expect(ageOn(new Date("2008-11-24T00:00:00Z"), today)).toBe(17);
  });
  it("names each field's problem with an i18n key", () => {
    const result = signupSchema({ minAge: 15, today }).safeParse({
      ...base,
      nationalId: "1103702071812",
      tiers: [],
      consentData: undefined,
      birthDate: "2015-01-01",
    });
    expect(result.success).toBe(false);
    expect(fieldErrors(result.error!)).toEqual({
      nationalId: "signup.errors.nationalIdCheck",
      birthDate: "signup.errors.tooYoung",
      tiers: "signup.errors.tiers",
      consentData: "signup.errors.consent",
    });
  });
  it("accepts a valid sign-up and rejects a filled honeypot", () => {
    expect(signupSchema({ minAge: 15, today }).safeParse(base).success).toBe(true);
    expect(signupSchema({ minAge: 15, today }).safeParse({ ...base, website: "x" }).success).toBe(false);
  });
});

describe("roster CSV rows", () => {
  const areas: AreaCodes = {
    provinces: new Set(["10"]),
    constituencies: new Set(["10-01"]),
    subdistricts: new Set(["100101"]),
  };
  const opts = { minAge: 15, today: new Date("2026-11-23T00:00:00Z") };
  const row = {
    full_name: "สมชาย ใจดี",
    phone: "081-234-5678",
    national_id: "1103702071811",
    birth_date: "1990-05-31",
    province_code: "10",
    constituency: "10-01",
    subdistrict_code: "100101",
    tiers: "polling_unit;war_room",
    status: "approved",
  };

  it("reads dates in ISO form or Thai day/month/Buddhist year", () => {
    expect(parseThaiDate("1990-05-31")?.toISOString()).toBe("1990-05-31T00:00:00.000Z");
    expect(parseThaiDate("31/05/2533")?.toISOString()).toBe("1990-05-31T00:00:00.000Z");
    expect(parseThaiDate("31/02/2533")).toBeNull();
    expect(parseThaiDate("yesterday")).toBeNull();
  });

  it("normalises a valid row", () => {
    const { row: r } = validateRosterRow(row, areas, opts);
    expect(r).toMatchObject({
      phone: "+66812345678",
      tiers: ["polling_unit", "war_room"],
      status: "approved",
      isStudent: false,
      provinceCode: "10",
    });
  });

  it("lists every problem of a bad row as a code", () => {
    const { problems } = validateRosterRow(
      {
        ...row,
        full_name: "x",
        phone: "02-123-4567",
        national_id: "1103702071812",
        birth_date: "2020-01-01",
        constituency: "40-01",
        tiers: "boss",
        status: "vip",
      },
      areas,
      opts,
    );
    expect(problems.map((p) => p.code)).toEqual([
      "fullName",
      "phone",
      "nationalIdCheck",
      "tooYoung",
      "unknownArea",
      "tiers",
      "status",
    ]);
  });
});

describe("roster filters and status", () => {
  it("drops malformed filter values instead of failing", () => {
    expect(parseRosterFilter(new URLSearchParams("status=nope&page=abc&province=Bangkok&q=%20%20"))).toEqual({
      page: 1,
    });
    expect(parseRosterFilter(new URLSearchParams("status=approved&tier=war_room&age=18-24&page=3"))).toEqual({
      status: "approved",
      tier: "war_room",
      age: "18-24",
      page: 3,
    });
  });

  it("turns an age group into birth-date bounds", () => {
    const today = new Date("2026-11-23T00:00:00Z");
    const { from, to } = birthDateRange("18-24", today);
    expect(to.toISOString().slice(0, 10)).toBe("2008-11-23"); // 18 today
    expect(from!.toISOString().slice(0, 10)).toBe("2001-11-24"); // 24, turning 25 tomorrow
    expect(ageOn(to, today)).toBe(18);
    expect(ageOn(from!, today)).toBe(24);
    expect(birthDateRange("60plus", today).from).toBeUndefined();
  });

  it("allows only the state machine's transitions", () => {
    expect(nextStatus("pending", "approve")).toBe("approved");
    expect(nextStatus("pending", "suspend")).toBeUndefined();
    expect(nextStatus("approved", "suspend")).toBe("suspended");
    expect(nextStatus("rejected", "approve")).toBe("approved");
    expect(allowedActions("approved")).toEqual(["suspend"]);
    expect(allowedActions("suspended")).toEqual(["approve", "reject"]);
  });
});

describe("the sign-up form's birth date, as Thai people write it (issue 40)", () => {
  const parse = (birthDate: string) =>
    signupSchema({ minAge: 18, today: new Date("2026-12-07T00:00:00Z") }).shape.birthDate.safeParse(birthDate);
  it("reads day/month/year in the Buddhist or Christian era, and ISO", () => {
    for (const [text, iso] of [
      ["12/04/2538", "1995-04-12"],
      ["1/2/2540", "1997-02-01"],
      ["12/04/1995", "1995-04-12"],
      ["1995-04-12", "1995-04-12"],
    ] as const)
      expect(parse(text).data?.toISOString().slice(0, 10)).toBe(iso);
  });

  it("refuses what is not a date", () => {
    for (const text of ["31/02/2538", "12/13/2538", "2538", "12/04/95", "", "abc"])
      expect(parse(text).success).toBe(false);
  });
});
