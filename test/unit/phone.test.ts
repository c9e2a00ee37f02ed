import { describe, expect, it } from "vitest";
import { normaliseThaiMobile, formatThaiMobile, maskPhone } from "../../web/accounts/phone.ts";
import { safeRedirect } from "../../web/accounts/login-form.ts";

describe("Thai mobile numbers", () => {
  it.each([
    ["0812345678", "+66812345678"],
    ["081-234-5678", "+66812345678"],
    ["+66 81 234 5678", "+66812345678"],
    ["66912345678", "+66912345678"],
    ["(06) 1234-5678", "+66612345678"],
  ])("normalises %s", (input, expected) => expect(normaliseThaiMobile(input)).toBe(expected));

  it.each(["021234567", "081234567", "08123456789", "abc", "", "+1 415 555 0100", "0712345678"])(
    "rejects %s",
    (input) => {
      expect(normaliseThaiMobile(input)).toBeNull();
    },
  );

  it("formats and masks", () => {
    expect(formatThaiMobile("+66812345678")).toBe("081-234-5678");
    expect(maskPhone("+66812345678")).toBe("081-xxx-5678");
  });
});

describe("safeRedirect", () => {
  it.each([
    ["/admin/geography", "/admin/geography"],
    ["//evil.example", "/me"],
    ["https://evil.example", "/me"],
    ["/\\evil.example", "/me"],
    [undefined, "/me"],
  ])("%s → %s", (to, expected) => expect(safeRedirect(to)).toBe(expected));
});
