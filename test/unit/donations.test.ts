import { describe, expect, it } from "vitest";
import { formatBaht, parseBaht, satangToDecimal } from "../../web/donations/money.ts";
import { donationStatus, hasReceipt, type DonationFacts } from "../../web/donations/status.ts";
import { donationSchema } from "../../web/donations/donation-form.ts";

describe("money in satang", () => {
  it.each([
    ["500", 50000],
    ["1,250.50", 125050],
    ["1250.5", 125050],
    [" 20 ", 2000],
    ["฿300", 30000],
    ["300 บาท", 30000],
    ["๑๕๐๐", 150000],
    ["0.01", 1],
  ])("parses %s baht as %i satang", (input, satang) => expect(parseBaht(input)).toBe(satang));

  it.each(["", "abc", "1.234", "-5", "1e3", "12,34,5.6.7", "1234567890"])("refuses %s", (input) =>
    expect(parseBaht(input)).toBeNull(),
  );

  it("formats without float drift", () => {
    expect(formatBaht(125050, "en")).toBe("1,250.50");
    expect(formatBaht(100000, "en")).toBe("1,000");
    expect(satangToDecimal(-123450)).toBe("-1234.50");
    expect(satangToDecimal(7)).toBe("0.07");
    // 0.1 + 0.2 in baht would drift as floats; in satang it adds exactly.
    expect(satangToDecimal(parseBaht("0.10")! + parseBaht("0.20")!)).toBe("0.30");
  });
});

describe("a donation's state, derived from facts in any order", () => {
  const base: DonationFacts = { received: null, refunded: 0, awaitingPayment: false, failed: false, expired: false };
  it.each<[Partial<DonationFacts>, string]>([
    [{}, "pending"],
    [{ awaitingPayment: true }, "processing"],
    [{ awaitingPayment: true, received: 30000 }, "confirmed"], // a late "completed (unpaid)" cannot undo the payment
    [{ received: 30000, refunded: 10000 }, "partially_refunded"],
    [{ received: 30000, refunded: 30000 }, "refunded"],
    [{ refunded: 30000 }, "refunded"], // the refund's event came first
    [{ awaitingPayment: true, failed: true }, "failed"],
    [{ expired: true }, "expired"],
  ])("%o → %s", (facts, status) => expect(donationStatus({ ...base, ...facts })).toBe(status));

  it("has a receipt only once money was received", () => {
    expect(hasReceipt("confirmed")).toBe(true);
    expect(hasReceipt("processing")).toBe(false);
  });
});

describe("the donation form", () => {
  const schema = donationSchema({ minBaht: 20, maxBaht: 150_000 });
  it("takes the custom amount over the preset, and the minimum and maximum inclusive", () => {
    expect(schema.parse({ campaign: "c", amount: "500", customAmount: "1,000", consent: "on" }).amountSatang).toBe(
      100000,
    );
    expect(schema.parse({ campaign: "c", amount: "20", consent: "on" }).amountSatang).toBe(2000);
    expect(schema.parse({ campaign: "c", customAmount: "150000", consent: "on" }).amountSatang).toBe(15_000_000);
    expect(
      schema.safeParse({ campaign: "c", customAmount: "150000.01", consent: "on" }).error?.issues[0]?.message,
    ).toBe("donate.errors.aboveMaximum");
  });
  it("keeps a Thai mobile number in E.164 and drops empty optional fields", () => {
    const v = schema.parse({ campaign: "c", amount: "100", phone: "081-234-5678", donorName: "  ", consent: "on" });
    expect(v.phone).toBe("+66812345678");
    expect(v.donorName).toBeNull();
    expect(v.email).toBeNull();
  });
});
