import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { ethers } from "ethers";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { countFor, registeredOn, shot, signIn } from "./helpers.ts";

// A volunteer whose count is verified and a donor each receive the demo café's coupon, see
// it with its QR code; the café's staff redeem the donor's at the counter; the volunteer
// claims theirs to a wallet and the token moves on the local chain.
test.describe.configure({ mode: "serial" });

const HEAD = { phone: "0800000003", e164: "+66800000003" };
const STAFF = { phone: "0800000006", e164: "+66800000006" };
const DONOR = { phone: "0815550202", e164: "+66815550202" };
let reporter = { phone: "", e164: "" };
let unit = "";
let donorCode = "";

async function asUser(
  browser: Browser,
  baseURL: string | undefined,
  who: { phone: string; e164: string },
  path: string,
): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: "th-TH" });
  const page = await context.newPage();
  await signIn(page, who.phone, who.e164);
  await page.goto(path);
  return page;
}

test("a volunteer's verified count earns them a coupon, shown with its QR code", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const head = await asUser(browser, baseURL, HEAD, "/constituency/10-01");
  const rows = await head.locator("table.units tbody tr").evaluateAll((trs) =>
    trs.map((tr) => ({
      code: tr.querySelector("a.mono")!.textContent!.trim(),
      reporter: tr.querySelector("td:nth-child(2)")!.textContent!.trim(),
    })),
  );
  const row = rows.filter((r) => /\d+\s*(รอการตอบรับ|ตอบรับแล้ว)$/.test(r.reporter)).at(-1)!; // the tally tests take the first
  unit = row.code;
  const local = `09${String(Number(/(\d+)\s*(รอการตอบรับ|ตอบรับแล้ว)$/.exec(row.reporter)![1])).padStart(8, "0")}`;
  reporter = { phone: local, e164: `+66${local.slice(1)}` };

  const page = await asUser(browser, baseURL, reporter, `/report/${unit}/constituency`);
  const count = countFor(await registeredOn(page), 6);
  // The reporter sends the count with the signed form's photo (the report form); the head
  // keys the same figures from it (the JSON endpoint): verified.
  const sent = await page.request.post(`/report/${unit}/constituency`, {
    multipart: {
      submissionId: randomUUID(),
      ...Object.fromEntries(Object.entries(count).map(([k, v]) => [k, String(v)])),
      photoForm: {
        name: "form.jpg",
        mimeType: "image/jpeg",
        buffer: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`coupon-form-${randomUUID()}`)]),
      },
    },
    maxRedirects: 0,
  });
  expect(sent.status()).toBe(302);
  const blind = await head.request.post("/api/v1/entries", {
    data: { submissionId: randomUUID(), unitCode: unit, ballot: "constituency", source: "blind", figures: count },
  });
  expect(await blind.json()).toMatchObject({ status: "verified", flags: [] });

  await expect(async () => {
    await page.goto("/me/coupons");
    await expect(page.getByTestId("coupon").filter({ hasText: "ส่วนลด 50 บาท สำหรับอาสาสมัคร" })).toBeVisible({
      timeout: 1000,
    });
  }).toPass({ timeout: 30_000, intervals: [1500] });
  const coupon = page.getByTestId("coupon").filter({ hasText: "ส่วนลด 50 บาท สำหรับอาสาสมัคร" });
  await expect(coupon.getByTestId("coupon-state")).toHaveText("ใช้ได้");
  await expect(coupon.getByRole("img", { name: /^QR / })).toBeVisible();
  await expect(coupon.getByTestId("coupon-chain")).toHaveText("บันทึกบนบล็อกเชนแล้ว (ระบบเก็บรักษาให้)", { timeout: 20_000 });
  await shot(page, "coupons-volunteer");
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await page.context().close();
  await head.context().close();
});

test("a donor of 100 baht or more gets the free-coffee coupon", async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto("/donate");
  await page.getByLabel("300").check();
  await page.getByLabel(/เบอร์มือถือ \(ไม่บังคับ\)/).fill(DONOR.phone);
  await page.getByLabel("ข้าพเจ้ายินยอมตามข้อความข้างต้น").check();
  await page.getByRole("button", { name: "ไปหน้าชำระเงิน" }).click();
  await page.getByRole("button", { name: "ชำระด้วยบัตร (สาธิต)" }).click();
  await expect(page.getByTestId("donation-status")).toHaveText("ยืนยันแล้ว");
  await signIn(page, DONOR.phone, DONOR.e164);
  await expect(async () => {
    await page.goto("/me/coupons");
    await expect(page.getByTestId("coupon").filter({ hasText: "กาแฟฟรี 1 แก้ว" })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000, intervals: [1500] });
  donorCode = await page
    .getByTestId("coupon")
    .filter({ hasText: "กาแฟฟรี 1 แก้ว" })
    .getByTestId("coupon-code")
    .innerText();
  expect(donorCode).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
  await shot(page, "coupons-donor");
});

test("the café's staff redeem the donor's coupon at the counter, once", async ({ page }) => {
  await signIn(page, STAFF.phone, STAFF.e164);
  await page.goto("/sponsor/demo-cafe/redeem");
  await page.getByLabel("หรือพิมพ์รหัสคูปอง").fill(donorCode.toLowerCase().replace(/-/g, " "));
  await page.getByRole("button", { name: "ตรวจสอบ" }).click();
  const preview = page.getByTestId("coupon-preview");
  await expect(preview).toContainText("กาแฟฟรี 1 แก้ว");
  await expect(preview).toContainText("ใช้ได้");
  await shot(page, "coupons-redeem-preview");
  await page.getByRole("button", { name: "ยืนยันการใช้คูปอง" }).click();
  await expect(page.getByTestId("redeem-result")).toHaveText("ใช้คูปองสำเร็จ");
  await shot(page, "coupons-redeemed");
  // Again: refused with a reason; a forged code: not found.
  const again = await page.request.post("/sponsor/demo-cafe/redeem", { form: { code: donorCode } });
  expect(again.status()).toBe(409);
  await page.goto(`/sponsor/demo-cafe/redeem?code=${encodeURIComponent(donorCode)}`);
  await expect(page.getByTestId("coupon-preview")).toContainText("ใช้แล้ว");
  await page.goto("/sponsor/demo-cafe/redeem?code=0000-0000-0000");
  await expect(page.getByRole("alert")).toHaveText("ไม่พบคูปองนี้ ตรวจสอบรหัสอีกครั้ง");
  // The sponsor's own page counts it.
  await page.goto("/sponsor/demo-cafe");
  await expect(page.getByTestId("offers")).toContainText("ใช้แล้ว 1");
});

test("the volunteer claims their coupon to a wallet: the token moves on the local chain", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const page = await asUser(browser, baseURL, reporter, "/me/coupons");
  const coupon = page.getByTestId("coupon").filter({ hasText: "ส่วนลด 50 บาท สำหรับอาสาสมัคร" });
  const code = await coupon.getByTestId("coupon-code").innerText();
  const wallet = ethers.Wallet.createRandom();
  await coupon.getByText("โอนเข้ากระเป๋าเงินดิจิทัลของฉัน (ไม่บังคับ)").click();
  await coupon.getByLabel("ที่อยู่กระเป๋า (0x…)").fill(wallet.address);
  await expect(coupon.getByTestId("claim-message")).toContainText(`Claim coupon ${code} to ${wallet.address}`);
  // A signature by another key is refused.
  await coupon
    .getByLabel("ลายเซ็น (0x…)")
    .fill(await ethers.Wallet.createRandom().signMessage(await coupon.getByTestId("claim-message").innerText()));
  await coupon.getByRole("button", { name: "โอนเข้ากระเป๋า" }).click();
  await expect(page.getByRole("alert")).toHaveText("ลายเซ็นไม่ถูกต้อง: ต้องลงนามข้อความที่แสดงด้วยที่อยู่นี้");
  await shot(page, "coupons-claim-refused");
  await coupon.getByLabel("ที่อยู่กระเป๋า (0x…)").fill(wallet.address);
  await coupon
    .getByLabel("ลายเซ็น (0x…)")
    .fill(await wallet.signMessage(await coupon.getByTestId("claim-message").innerText()));
  await coupon.getByRole("button", { name: "โอนเข้ากระเป๋า" }).click();
  await expect(page.getByRole("status")).toHaveText("รับคำขอแล้ว คูปองจะถูกโอนบนบล็อกเชนภายในไม่กี่นาที");

  const { coupons } = JSON.parse(readFileSync(".data/e2e/contracts.json", "utf8")) as { coupons: string };
  const provider = new ethers.JsonRpcProvider(`http://127.0.0.1:${process.env.E2E_CHAIN_PORT ?? 8555}`, undefined, {
    cacheTimeout: -1,
  });
  const contract = new ethers.Contract(
    coupons,
    [
      "function balanceOf(address, uint256) view returns (uint256)",
      "event TransferSingle(address indexed operator, address indexed from, address indexed to, uint256 id, uint256 value)",
    ],
    provider,
  );
  await expect(async () => {
    // One coupon of one offer: ERC-1155 reports a single transfer.
    const logs = await contract.queryFilter(contract.filters.TransferSingle!(null, null, wallet.address));
    expect(logs).toHaveLength(1);
    const id = (logs[0] as ethers.EventLog).args[3] as bigint;
    expect(await contract.balanceOf!(wallet.address, id)).toBe(1n);
  }).toPass({ timeout: 40_000, intervals: [2000] });
  await page.reload();
  await expect(
    page.getByTestId("coupon").filter({ hasText: "ส่วนลด 50 บาท สำหรับอาสาสมัคร" }).getByTestId("coupon-chain"),
  ).toContainText("อยู่ในกระเป๋าเงินดิจิทัลของคุณ");
  await shot(page, "coupons-claimed");
  provider.destroy();
  await page.context().close();
});
