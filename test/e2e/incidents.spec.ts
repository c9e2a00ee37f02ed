import { expect, test } from "@playwright/test";
import { shot, signIn, unitsWithReporters } from "./helpers.ts";

// What a volunteer sees at the unit (issue 42), on a phone, in Thai: they report being
// stopped from photographing the count, with a photo; the constituency head takes it and
// hands it to a partner's legal team; the public sees only counts.
test.describe.configure({ mode: "serial" });

const HEAD = { phone: "0800000003", e164: "+66800000003" };
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`incident-${Date.now()}-`.repeat(40))]);
const DESCRIPTION = `เจ้าหน้าที่ไม่อนุญาตให้ถ่ายภาพกระดานนับคะแนน ${Date.now()}`;
let unit = "";
let reporter = { phone: "", e164: "" };

test("the head finds a unit with a reporter", async ({ page }) => {
  await signIn(page, HEAD.phone, HEAD.e164, "/constituency/10-01");
  ({ code: unit, reporter } = (await unitsWithReporters(page)).at(-1)!);
  expect(unit).toMatch(/^10-01-/);
});

test("a volunteer reports being stopped from photographing the count, with a photo, JavaScript off", async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ baseURL, locale: "th-TH", javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, reporter.phone, reporter.e164, "/report");
  await page.getByTestId("report-unit").filter({ hasText: unit }).getByTestId("incident-link").first().click();
  await expect(page).toHaveURL(new RegExp(`/report/${unit}/incident`));
  // Nothing chosen: refused with the field's message, what was typed kept.
  await page.getByLabel("เกิดอะไรขึ้น").fill(DESCRIPTION);
  await page.getByRole("button", { name: "ส่งรายงานเหตุการณ์" }).click();
  await expect(page.locator("#kind-error")).toHaveText("กรุณาเลือกประเภทเหตุการณ์");
  await expect(page.getByLabel("เกิดอะไรขึ้น")).toHaveValue(DESCRIPTION);

  await page.getByLabel("ถูกห้ามถ่ายภาพการนับคะแนน").check();
  await page.getByLabel("รุนแรง", { exact: true }).check();
  await page.getByLabel("ภาพถ่าย (ไม่เกิน 4 ภาพ)").setInputFiles({ name: "p.jpg", mimeType: "image/jpeg", buffer: PHOTO });
  await page.getByRole("button", { name: "ส่งรายงานเหตุการณ์" }).click();
  await expect(page.getByTestId("incident-sent")).toBeVisible();
  await shot(page, "incident-sent");
  await context.close();
});

test("the head takes the incident, sees its photo and hands it to a partner's legal team", async ({ page }) => {
  await signIn(page, HEAD.phone, HEAD.e164, "/incidents");
  const row = page.getByTestId("incident-queue").getByRole("row").filter({ hasText: unit }).first();
  await expect(row).toContainText("ถูกห้ามถ่ายภาพการนับคะแนน");
  await expect(row).toContainText("รุนแรง");
  await row.getByRole("link", { name: unit }).click();
  await expect(page.getByText(DESCRIPTION)).toBeVisible();
  await expect(page.getByTestId("incident-photos").locator("img")).toHaveCount(1);
  await expect(page.getByTestId("incident-status")).toHaveText("รอดำเนินการ");

  await page.getByRole("button", { name: "รับเรื่อง" }).click();
  await expect(page.getByTestId("incident-status")).toHaveText("มีผู้รับผิดชอบ");
  await page.getByLabel("บันทึก").fill("ส่งให้ทนายอาสาตรวจสอบ");
  await page.getByLabel("องค์กรภาคี").selectOption({ index: 1 });
  await page.getByRole("button", { name: "ส่งต่อฝ่ายกฎหมายขององค์กรภาคี" }).click();
  await expect(page.getByTestId("incident-status")).toHaveText("ส่งต่อฝ่ายกฎหมาย");
  await expect(page.getByTestId("incident-escalated-to")).not.toBeEmpty();
  const history = page.getByTestId("incident-history").locator("li");
  await expect(history).toHaveCount(3);
  await expect(history.nth(2)).toContainText("ส่งให้ทนายอาสาตรวจสอบ");
  await shot(page, "incident-triaged");
});

test("the public sees the incidents counted, and nobody's name, phone, unit or words", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, locale: "th-TH" });
  const page = await context.newPage();
  await page.goto("/observations");
  await expect(page.getByTestId("incident-total")).toContainText(/ทั้งหมด [1-9]\d* เหตุการณ์/);
  await expect(page.getByTestId("incidents-by-kind")).toContainText("ถูกห้ามถ่ายภาพการนับคะแนน");
  await expect(page.getByTestId("incidents-by-province")).toContainText("กรุงเทพมหานคร");
  const html = await page.content();
  for (const secret of [unit, reporter.phone, reporter.e164, DESCRIPTION]) expect(html).not.toContain(secret);
  await shot(page, "observations");
  // Staff pages stay closed to the public.
  expect((await page.goto("/incidents"))!.url()).toContain("/login");
  await context.close();
});
