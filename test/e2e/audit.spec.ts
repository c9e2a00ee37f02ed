import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { shot, signIn } from "./helpers.ts";

// An auditor, with no account, checks a count photo sent on election night: the browser
// hashes it, checks the Merkle proof and reads the anchor from the chain. One changed
// byte: no match.
const UNIT = "50-01-500106-003"; // in the demo geography, away from the tally tests' units
const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("JFIF\0"), randomBytes(200_000)]);
const count = {
  eligible: 800,
  voters: 600,
  ballotsReceived: 820,
  ballotsUsed: 600,
  valid: 580,
  ballotsLeftOver: 220,
  invalid: 12,
  voteNo: 8,
  vote_1: 180,
  vote_2: 140,
  vote_3: 90,
  vote_4: 70,
  vote_5: 40,
  vote_6: 30,
  vote_7: 20,
  vote_8: 10,
};

test("an auditor drops a submitted photo: confirmed on the chain; one changed byte: no match", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  // The war room sends a party-list count for the unit, with the photo of the form.
  await signIn(page, "0800000004", "+66800000004", `/report/${UNIT}/party_list`);
  const submissionId = await page.locator('input[name="submissionId"]').inputValue();
  const sent = await page.request.post(`/report/${UNIT}/party_list`, {
    multipart: {
      submissionId,
      ...Object.fromEntries(Object.entries(count).map(([k, v]) => [k, String(v)])),
      photoForm: { name: "form.jpg", mimeType: "image/jpeg", buffer: photo },
    },
    maxRedirects: 0,
  });
  expect(sent.status()).toBe(302);

  const auditor = await browser.newContext({ baseURL, locale: "th-TH" });
  const audit = await auditor.newPage();
  const outcome = audit.getByTestId("audit-result");
  // Anchored within a few seconds (every 2 s here); until then the page says "pending".
  await expect(async () => {
    await audit.goto("/audit");
    await audit.locator("#photo").setInputFiles({ name: "form.jpg", mimeType: "image/jpeg", buffer: photo });
    await expect(outcome).toHaveAttribute("data-outcome", "confirmed", { timeout: 3000 });
  }).toPass({ timeout: 45_000, intervals: [2000] });
  await expect(outcome).toContainText("ตรงกัน: ภาพนี้ถูกส่งเข้ามาและบันทึกบนบล็อกเชนแล้ว");
  await expect(outcome).toContainText(UNIT);
  await expect(audit.getByTestId("audit-checks")).toContainText("หลักฐาน Merkle นำไปสู่รากของชุด");
  await expect(audit.getByTestId("audit-checks")).toContainText("รากถูกบันทึกบนเชน 31337");
  await shot(audit, "audit-confirmed");
  expect(await audit.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true); // nothing wider than the phone

  // The batch's proof bundle is a public download holding this photo's leaf.
  const href = await outcome.getByRole("link", { name: "ไฟล์หลักฐาน" }).getAttribute("href");
  const bundle = await (await audit.request.get(href!)).json();
  const sha = (await outcome.locator("dd.hash").first().innerText()).trim();
  expect(bundle.batches[0].leaves.map((l: { sha256: string }) => l.sha256)).toContain(`0x${sha}`);

  const changed = Buffer.from(photo);
  changed[5000] = changed[5000]! ^ 0x01;
  await audit.locator("#photo").setInputFiles({ name: "form.jpg", mimeType: "image/jpeg", buffer: changed });
  await expect(outcome).toHaveAttribute("data-outcome", "no-match");
  await expect(outcome).toContainText("ไม่ตรงกัน");
  await shot(audit, "audit-no-match");

  // Pasting the hash works too, and with a wrong length says so.
  await audit.getByLabel("หรือวางค่า SHA-256").fill(sha);
  await audit.getByRole("button", { name: "ตรวจสอบ" }).click();
  await expect(outcome).toHaveAttribute("data-outcome", "confirmed");
  await audit.getByLabel("หรือวางค่า SHA-256").fill("abc123");
  await audit.getByLabel("หรือวางค่า SHA-256").press("Enter"); // the keyboard's "Go" submits too
  await expect(outcome).toContainText("ค่า SHA-256 ต้องเป็นเลขฐานสิบหก 64 หลัก");
  expect((await audit.request.get(`/api/v1/evidence/abc`)).status()).toBe(400);
  expect((await audit.request.get(`/audit?sha256=${"0".repeat(64)}`)).status()).toBe(404);
  await auditor.close();
});

test("without JavaScript a pasted hash is looked up by the server", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, locale: "th-TH", javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/audit");
  await page.getByLabel("หรือวางค่า SHA-256").fill("f".repeat(64));
  await page.getByRole("button", { name: "ตรวจสอบ" }).click();
  await expect(page.getByTestId("audit-result")).toHaveAttribute("data-outcome", "no-match");
  await expect(page).toHaveURL(/sha256=f{64}/);
  await context.close();
});
