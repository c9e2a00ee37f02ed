import { describe, expect, it } from "vitest";
import { claimMessage, couponState, normaliseCode } from "../../web/coupons/codes.ts";
import { can } from "../../web/accounts/permissions.ts";
import { tally } from "../../web/coupons/contract.ts";

describe("coupon codes", () => {
  it.each([
    ["AB12-CD34-EF56", "AB12-CD34-EF56"],
    ["ab12 cd34 ef56", "AB12-CD34-EF56"],
    ["ab12cd34ef56", "AB12-CD34-EF56"],
    [" AB12-CD34-EF56\n", "AB12-CD34-EF56"],
  ])("reads %j as %s", (input, code) => expect(normaliseCode(input)).toBe(code));
  it.each(["", "AB12-CD34", "AB12-CD34-EF56-7", "GHIJ-KLMN-OPQR", "<script>"])("refuses %j", (input) =>
    expect(normaliseCode(input)).toBeNull(),
  );

  it("names the coupon and the address in the message a holder signs", () => {
    expect(claimMessage("AB12-CD34-EF56", "0xabc")).toContain("Claim coupon AB12-CD34-EF56 to 0xabc");
  });
});

describe("a coupon's state", () => {
  const from = new Date("2027-01-01T00:00:00Z"),
    until = new Date("2027-02-01T00:00:00Z");
  it.each<[string, string, string]>([
    ["available", "2027-01-15", "available"],
    ["available", "2026-12-31", "upcoming"],
    ["available", "2027-02-02", "expired"],
    ["claimed", "2027-01-15", "claimed"],
    ["claimed", "2027-03-01", "expired"],
    ["redeemed", "2027-03-01", "redeemed"],
  ])("%s on %s → %s", (status, day, state) =>
    expect(couponState(status, from, until, new Date(`${day}T12:00:00Z`))).toBe(state),
  );
});

describe("sponsor staff", () => {
  const staff = {
    roles: [{ role: "sponsor" as const, organisationId: null, constituencyId: null, sponsorId: "cafe" }],
  };
  it("manage and redeem only their own sponsor's coupons", () => {
    expect(can(staff, "coupons:redeem", { sponsorId: "cafe" })).toBe(true);
    expect(can(staff, "coupons:manage", { sponsorId: "cafe" })).toBe(true);
    expect(can(staff, "coupons:redeem", { sponsorId: "books" })).toBe(false);
    expect(can(staff, "sponsors:manage")).toBe(false);
    expect(
      can({ roles: [{ role: "platform_admin", organisationId: null, constituencyId: null }] }, "coupons:redeem", {
        sponsorId: "cafe",
      }),
    ).toBe(true); // support at the counter
  });
});

describe("batched calls", () => {
  it("count coupons per token id", () => {
    expect([...tally([{ id: 1 }, { id: 2 }, { id: 1 }], (x) => String(x.id))]).toEqual([
      ["1", 2],
      ["2", 1],
    ]);
  });
});
