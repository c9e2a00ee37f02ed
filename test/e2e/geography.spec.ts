import { expect, test } from "@playwright/test";
import { generateCountryCsv } from "../../web/geography/generator.ts";
import { shot, signIn } from "./helpers.ts";

test("a platform admin imports a geography CSV and watches its progress", async ({ page }) => {
  await signIn(page, "0800000001", "+66800000001", "/admin/geography");
  await expect(page).toHaveURL(/\/admin\/geography$/);
  await expect(page.getByRole("heading", { name: "ข้อมูลพื้นที่เลือกตั้ง" })).toBeVisible();

  const csv = [...generateCountryCsv({ provinces: ["20"], constituenciesPerProvince: 3 })].join("");
  await page
    .getByLabel("ไฟล์ CSV", { exact: true })
    .setInputFiles({ name: "chonburi.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "อัปโหลดและนำเข้า" }).click();
  await expect(page).toHaveURL(/\/admin\/geography\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("สำเร็จ", { timeout: 30_000 });
  await expect(page.locator("progress")).toHaveAttribute("value", "100");
  await expect(page.getByTestId("import-summary")).toContainText("เขตเลือกตั้ง 3");
  await shot(page, "geography-import-done");

  // Re-importing the same file changes nothing.
  await page.goto("/admin/geography");
  await page
    .getByLabel("ไฟล์ CSV", { exact: true })
    .setInputFiles({ name: "chonburi-again.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "อัปโหลดและนำเข้า" }).click();
  await expect(page).toHaveURL(/\/admin\/geography\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("สำเร็จ", { timeout: 30_000 });
  await expect(page.getByTestId("import-summary")).toContainText("เพิ่มหรือแก้ไข 0 รายการ");
});

test("a bad geography file is rejected with its line numbers and nothing is saved", async ({ page }) => {
  await signIn(page, "0800000001", "+66800000001", "/admin/geography");
  const before = await page.getByTestId("count-home.units").innerText();
  const lines = [...generateCountryCsv({ provinces: ["21"], constituenciesPerProvince: 1 })]
    .join("")
    .trim()
    .split("\n");
  lines[5] = lines[5]!.replace(/^21,/, "2x,");
  await page
    .getByLabel("ไฟล์ CSV", { exact: true })
    .setInputFiles({ name: "rayong.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\n")) });
  await page.getByRole("button", { name: "อัปโหลดและนำเข้า" }).click();
  await expect(page).toHaveURL(/\/admin\/geography\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("ไม่สำเร็จ", { timeout: 30_000 });
  await expect(page.getByRole("alert")).toContainText("ไม่มีข้อมูลใดถูกบันทึก");
  // Each problem on its own row, in Thai, with its line number.
  await expect(page.getByRole("row", { name: "6 province_code ต้องเป็นตัวเลข 2 หลัก" })).toBeVisible();
  await expect(page.getByRole("row", { name: /^6 district_code ต้องขึ้นต้นด้วย province_code/ })).toBeVisible();
  await shot(page, "geography-import-errors");
  await page.goto("/admin/geography");
  await expect(page.getByTestId("count-home.units")).toHaveText(before);
});

test("without JavaScript an import's page refreshes itself until the job ends", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, locale: "th-TH", javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, "0800000001", "+66800000001", "/admin/geography");
  const csv = [...generateCountryCsv({ provinces: ["21"], constituenciesPerProvince: 1 })].join("");
  await page
    .getByLabel("ไฟล์ CSV", { exact: true })
    .setInputFiles({ name: "rayong-nojs.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "อัปโหลดและนำเข้า" }).click();
  await expect(page).toHaveURL(/\/admin\/geography\/[0-9a-f-]{36}$/);
  // No script runs here: only the page's own refresh can bring the final status.
  await expect(page.getByTestId("import-status")).toHaveText("สำเร็จ", { timeout: 30_000 });
  await context.close();
});
