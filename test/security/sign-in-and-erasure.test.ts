// Issue 17 (security and personal data), findings reproduced as tests: an older sign-in
// code after a newer one was used; erasure that failed for staff who had revealed a phone
// and left donations, coupons and receipts behind; open redirects; CSV formula injection.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../../web/db/db.server.ts";
import { requestCode, verifyCode } from "../../web/accounts/otp.server.ts";
import { safeRedirect } from "../../web/accounts/login-form.ts";
import { eraseMe, exportMyData } from "../../web/recruitment/self-service.server.ts";
import { csvText } from "../../web/csv/write.ts";
import { userError } from "../support/user-error.ts";

const codesSentTo = async (phone: string) =>
  (await db().outboxMessage.findMany({ where: { recipient: phone }, orderBy: { createdAt: "asc" } })).map(
    (m) => /(\d{6})/.exec(m.body)![1]!,
  );

describe("sign-in codes", () => {
  it("a newer code voids the older ones, before and after it is used", async () => {
    const phone = await requestCode("0815557001", "10.9.0.1");
    await requestCode(phone, "10.9.0.1");
    const [older, newer] = await codesSentTo(phone);
    // The older code no longer signs in, even before the newer one is used…
    const before = await userError(verifyCode(phone, older!));
    expect(before.status).toBe(400);
    expect(await verifyCode(phone, newer!)).toBeTruthy();
    // …nor after.
    expect((await userError(verifyCode(phone, older!))).status).toBe(400);
  });
});

describe("redirects after sign-in", () => {
  it("stay on this site, whatever the path hides", () => {
    for (const evil of [
      "//evil.example",
      "/\\evil.example",
      "/\t/evil.example",
      "/%09/evil.example",
      "/\r\n/evil.example",
      "https://evil.example/",
      "/\u0000x",
      "javascript:alert(1)",
    ])
      expect(safeRedirect(evil), evil).toBe("/me");
    expect(safeRedirect("/report/10-01-100101-001/constituency?correct=1")).toBe(
      "/report/10-01-100101-001/constituency?correct=1",
    );
  });
});

describe("CSV files the platform writes", () => {
  it("neutralise cells a spreadsheet would run as formulas", () => {
    const text = csvText([
      ["name", "note"],
      ['=HYPERLINK("http://evil.example","x")', "=1+2"],
      ["-2+3+cmd|' /C calc'!A0", "@SUM(A1)"],
      ["\tx", "สมชาย"],
      [-5, 12],
    ]);
    const lines = text.trim().split(/\r?\n/);
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")",'=1+2`);
    expect(lines[2]).toBe(`'-2+3+cmd|' /C calc'!A0,'@SUM(A1)`);
    expect(lines[3]).toBe(`'\tx,สมชาย`);
    expect(lines[4]).toBe("-5,12"); // numbers stay numbers
  });
});

describe("erasure (PDPA)", () => {
  it("is complete for a staff member who revealed a phone, and for a donor and coupon holder", async () => {
    const phone = "+66815557002";
    const email = `erase-${randomUUID()}@example.org`;
    const staff = await db().user.create({ data: { phone, displayName: "เจ้าหน้าที่" } });
    const volunteerUser = await db().user.create({ data: { phone: "+66815557003" } });
    const volunteer = await db().volunteer.create({ data: { userId: volunteerUser.id } });
    await db().phoneRead.create({ data: { staffUserId: staff.id, volunteerId: volunteer.id, purpose: "call" } });
    const campaign = await db().campaign.create({
      data: { slug: `c-${randomUUID()}`, titleTh: "c", titleEn: "c", storyTh: "", storyEn: "", goalSatang: 1n },
    });
    await db().donation.create({
      data: {
        campaignId: campaign.id,
        amountSatang: 10_000,
        phone,
        email,
        donorName: "ผู้บริจาค",
        consentAt: new Date(),
        accessTokenHash: "x",
      },
    });
    await db().outboxMessage.create({
      data: { channel: "email", recipient: email, body: "receipt", provider: "outbox" },
    });
    const sponsor = await db().sponsor.create({ data: { slug: `s-${randomUUID()}`, nameTh: "s", nameEn: "s" } });
    const offer = await db().couponOffer.create({
      data: {
        sponsorId: sponsor.id,
        titleTh: "t",
        titleEn: "t",
        descriptionTh: "",
        descriptionEn: "",
        valueSatang: 5_000,
        stock: 10,
        validFrom: new Date(),
        validUntil: new Date(Date.now() + 86_400_000),
        whereTh: "",
        whereEn: "",
        rule: "donor_min",
        ruleMinSatang: 1,
      },
    });
    await db().coupon.create({ data: { offerId: offer.id, holderPhone: phone, code: randomUUID().slice(0, 8) } });

    const exported = await exportMyData(staff.id);
    expect(exported.donations).toHaveLength(1);
    expect(exported.coupons).toHaveLength(1);

    await eraseMe(staff.id);
    expect(await db().user.findUnique({ where: { id: staff.id } })).toBeNull();
    const read = await db().phoneRead.findFirstOrThrow({ where: { volunteerId: volunteer.id } });
    expect(read.staffUserId).toBeNull(); // the read stays, without the staff's identity
    expect(await db().donation.count({ where: { OR: [{ phone }, { email }] } })).toBe(0);
    const donation = await db().donation.findFirstOrThrow({ where: { campaignId: campaign.id } });
    expect([donation.donorName, donation.email, donation.phone, donation.amountSatang]).toEqual([
      null,
      null,
      null,
      10_000,
    ]);
    expect(await db().outboxMessage.count({ where: { recipient: { in: [phone, email] } } })).toBe(0);
    expect(await db().coupon.count({ where: { holderPhone: phone } })).toBe(0);
  });
});
