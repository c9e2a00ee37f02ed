import { afterEach, describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatNumber, formatTime, intlLocale } from "../../web/i18n/format.ts";
import { formatBaht } from "../../web/donations/money.ts";

// 2026-12-01 09:30 UTC is 16:30 in Bangkok (UTC+7, no daylight saving).
const INSTANT = "2026-12-01T09:30:00Z";
const zone = process.env.TZ;
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe("formatting for people", () => {
  it("shows Bangkok time whatever the zone of the machine that renders it", () => {
    const seen = ["UTC", "America/New_York", "Asia/Tokyo"].map((tz) => {
      process.env.TZ = tz;
      return [formatDateTime(INSTANT, "en"), formatTime(INSTANT, "th"), formatDate("2026-12-01T20:00:00Z", "en")];
    });
    expect(new Set(seen.map((s) => s.join("|"))).size).toBe(1);
    expect(seen[0]![0]).toBe("01/12/2026, 16:30:00");
    expect(seen[0]![1]).toBe("16:30:00");
    // 20:00 UTC on the 1st is already the 2nd in Bangkok.
    expect(seen[0]![2]).toBe("02/12/2026");
  });

  it("writes Thai dates in the Buddhist era and numbers with separators", () => {
    expect(formatDate(INSTANT, "th")).toBe("1/12/2569");
    expect(formatNumber(1234567, "th")).toBe("1,234,567");
    expect(formatNumber(0.5, "en", { style: "percent" })).toBe("50%");
    // −0 (a total negated while still 0) reads "0" on the server as in the browser.
    expect(formatNumber(-0, "th")).toBe("0");
    expect(formatBaht(-0, "th")).toBe("0");
    expect(formatBaht(-123450, "en")).toBe("-1,234.50");
    expect(intlLocale("th")).toBe("th-TH");
    expect(intlLocale("en")).toBe("en-GB");
  });
});
