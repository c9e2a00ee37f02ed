import { expect, test } from "@playwright/test";
import { countedUnits, countFor, registeredOn, shot, signIn, unitsWithReporters } from "./helpers.ts";
import { formImage } from "../support/form-image.ts";

// The rumour desk (issue 42), on a phone, in Thai: a unit's signed form is photographed
// and sent; a doctored copy circulates; a partner's fact-checker logs it, the desk finds
// our original by its likeness, and the published verdict shows the original's hash and
// anchoring — to anyone, with nobody's name.
test.describe.configure({ mode: "serial" });

const HEAD = { phone: "0800000003", e164: "+66800000003" };
const CHECKER = { phone: "0800000007", e164: "+66800000007" };
const SEED = Date.now() % 1000;
const ORIGINAL = formImage(SEED);
const DOCTORED = formImage(SEED, true);
let unit = "";
let reporter = { phone: "", e164: "" };
let verdictPath = "";

test("a unit's reporter sends the count with the signed form's photo", async ({ browser, baseURL }) => {
  const headContext = await browser.newContext({ baseURL, locale: "th-TH" });
  const head = await headContext.newPage();
  await signIn(head, HEAD.phone, HEAD.e164, "/constituency/10-01");
  // A unit nobody has sent a count for yet (other tests report some).
  const counted = await countedUnits();
  // The last of them: the tally tests count the first later on.
  ({ code: unit, reporter } = (await unitsWithReporters(head)).filter((u) => !counted.has(u.code)).at(-1)!);
  await headContext.close();

  const context = await browser.newContext({ baseURL, locale: "th-TH", javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, reporter.phone, reporter.e164, `/report/${unit}/constituency`);
  const count = countFor(await registeredOn(page), 6);
  for (const [id, value] of Object.entries(count)) await page.locator(`#${id}`).fill(String(value));
  await page
    .getByLabel("ภาพแบบ ส.ส. 5/18 ที่ลงนามแล้ว")
    .setInputFiles({ name: "form.png", mimeType: "image/png", buffer: ORIGINAL });
  await page.getByRole("button", { name: "ส่งผล" }).click();
  await expect(page.getByTestId("sent")).toBeVisible();
  await context.close();
});

test("a fact-checker logs the doctored copy, the desk finds our original by its likeness, and the verdict is published", async ({
  page,
}) => {
  await signIn(page, CHECKER.phone, CHECKER.e164, "/desk");
  await page.getByLabel("ข้อความที่แชร์").fill("ภาพแบบ ส.ส. 5/18 ที่แชร์ในกลุ่มไลน์ว่าผู้สมัครหมายเลข 2 ชนะ");
  await page.getByLabel("ลิงก์ต้นทาง (ถ้ามี)").fill("https://social.example/post/123");
  await page.getByLabel("ภาพที่แชร์").setInputFiles({ name: "shared.png", mimeType: "image/png", buffer: DOCTORED });
  await page.getByRole("button", { name: "บันทึก", exact: true }).click();
  await expect(page).toHaveURL(/\/desk\/[0-9a-f-]{36}$/);
  // The most similar of our photos is the unit's signed form (once the workers' hashing
  // loop has hashed it: the desk says when photos are still waiting).
  const best = page.getByTestId("original-candidate").first();
  await expect(async () => {
    if (!(await best.textContent({ timeout: 1_000 }).catch(() => ""))?.includes(unit)) await page.reload();
    await expect(best).toContainText(unit, { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(best.getByTestId("distance")).toContainText("จาก 256 บิต");
  await shot(page, "desk-compare");
  await best.getByRole("button", { name: "ใช้ภาพนี้เป็นต้นฉบับ" }).click();
  await expect(page.getByTestId("original-candidate").filter({ hasText: "ต้นฉบับที่เลือก" }).first()).toContainText(unit);
  // Beside it, the unit's evidence: both entries as sent, the history, the original's anchoring.
  const evidence = page.getByTestId("desk-unit-evidence");
  await expect(evidence.getByTestId("unit-entries").locator("tbody tr")).not.toHaveCount(0);
  await expect(evidence.getByTestId("unit-history").locator("li")).not.toHaveCount(0);
  await expect(
    page.getByTestId("original-candidate").filter({ hasText: "ต้นฉบับที่เลือก" }).first().getByTestId("photo-anchoring"),
  ).toBeVisible();
  await shot(page, "desk-evidence");

  await page.getByLabel("เท็จ").check();
  await page.getByLabel("คำอธิบาย (ภาษาไทย)").fill("ตัวเลขในภาพที่แชร์ถูกแก้ไข ภาพต้นฉบับจากหน่วยบันทึกค่าแฮชไว้แล้ว");
  await page
    .getByLabel("คำอธิบาย (ภาษาอังกฤษ)")
    .fill("The figures were changed; the unit's original photo is on record.");
  await page.getByRole("button", { name: "เผยแพร่ผลการตรวจสอบ" }).click();
  await expect(page.getByTestId("verdict-link")).toBeVisible();
  verdictPath = (await page.getByTestId("verdict-link").getAttribute("href"))!;
});

test("anyone reads the verdict with the original's hash and anchoring, and nobody's name", async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ baseURL, locale: "th-TH" });
  const page = await context.newPage();
  await page.goto("/claims");
  await page.getByTestId("verdicts").getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`${verdictPath}$`));
  await expect(page.getByTestId("verdict")).toHaveText("เท็จ");
  await expect(page.getByTestId("explanation")).toContainText("ตัวเลขในภาพที่แชร์ถูกแก้ไข");
  // Who checked it: the fact-checker's partner organisation, never the person.
  await expect(page.getByTestId("checked-by")).toHaveText("ตรวจสอบโดย มหาวิทยาลัยตัวอย่าง");
  await expect(page.getByTestId("original-sha256")).toHaveText(/^[0-9a-f]{64}$/);
  // Anchored by the worker within its interval; the page says where it stands.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("original-anchoring")).toContainText(/บันทึกแล้ว|ยืนยันแล้ว/);
  }).toPass({ timeout: 90_000 });
  const proof = await page.request.get(
    (await page.getByRole("link", { name: "ดาวน์โหลดหลักฐาน" }).getAttribute("href"))!,
  );
  const evidence = (await proof.json()) as { sha256: string; state: string };
  expect(evidence.sha256.replace(/^0x/, "")).toBe(await page.getByTestId("original-sha256").innerText());
  const html = await page.content();
  for (const secret of ["ผู้ตรวจสอบข่าว (ตัวอย่าง)", CHECKER.e164, reporter.e164, reporter.phone])
    expect(html).not.toContain(secret);
  await shot(page, "verdict");
  await context.close();
});
