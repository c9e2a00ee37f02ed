import { describe, expect, it } from "vitest";
import { th } from "../../web/i18n/th.ts";
import { en } from "../../web/i18n/en.ts";
import { bilingual, localeFromCookie, tFor } from "../../web/i18n/i18n.ts";

const keys = (o: object, prefix = ""): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === "string" ? [prefix + k] : keys(v, `${prefix}${k}.`)));

describe("i18n", () => {
  it("has every key in both languages, none empty", () => {
    expect(keys(en).sort()).toEqual(keys(th).sort());
    for (const k of keys(th)) expect(tFor("th")(k)).not.toBe("");
  });

  it("defaults to Thai and honours the lang cookie", () => {
    expect(localeFromCookie(null)).toBe("th");
    expect(localeFromCookie("a=1; lang=en")).toBe("en");
    expect(localeFromCookie("lang=fr")).toBe("th");
    expect(tFor("th")("nav.login")).toBe("เข้าสู่ระบบ");
    expect(tFor("en")("nav.login")).toBe("Sign in");
  });

  it("gives error messages in both languages with their values", () => {
    const m = bilingual("upload.tooLarge", { max: 64 });
    expect(m.th).toContain("64");
    expect(m.en).toContain("64 MB");
  });
});
