import { expect, test } from "@playwright/test";
import { shot, signIn } from "./helpers.ts";

test("the home page is in Thai by default, on a phone", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "th");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ทุกหน่วย ทุกคะแนน ตรวจสอบได้");
  // The demo seed's slice of the synthetic country (6 constituencies, more after imports) is counted on the page.
  const constituencies = Number(await page.locator(".stat strong").nth(1).innerText());
  expect(constituencies).toBeGreaterThanOrEqual(6);
  await shot(page, "home-th");
});

test("the language switch works, with and without JavaScript", async ({ page, browser }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Every unit, every vote, verifiable");
  await shot(page, "home-en");
  await page.getByRole("button", { name: "ภาษาไทย" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "th");

  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto("/");
  await plain.getByRole("button", { name: "English" }).click();
  await expect(plain.locator("html")).toHaveAttribute("lang", "en");
  await noJs.close();
});

test("sign-in by SMS code through the development outbox", async ({ page }) => {
  await page.goto("/login");
  await shot(page, "login-phone");
  await signIn(page, "080-000-0001", "+66800000001");
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByTestId("my-phone")).toHaveText("080-000-0001");
  await expect(page.getByText("ผู้ดูแลระบบ")).toBeVisible();
  await shot(page, "me-admin");
  // On a phone the navigation opens from the menu button (issue 40).
  await expect(page.getByRole("button", { name: "ออกจากระบบ" })).toBeHidden();
  await page.getByRole("button", { name: "เมนู" }).click();
  await expect(page.getByRole("link", { name: "ความครอบคลุม" })).toBeVisible();
  await shot(page, "menu-phone");
  await page.getByRole("button", { name: "ออกจากระบบ" }).click();
  await page.getByRole("button", { name: "เมนู" }).click();
  await expect(page.getByRole("link", { name: "เข้าสู่ระบบ" })).toBeVisible();
});

test("sign-in works with JavaScript off (plain form posts)", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, "0811112222", "+66811112222");
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByTestId("my-phone")).toHaveText("081-111-2222");
  await context.close();
});

test("bad input gets a clear Thai message and a 4xx", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("เบอร์โทรศัพท์มือถือ").fill("02-123-4567");
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().includes("/login") && r.request().method() === "POST"),
    page.getByRole("button", { name: "ส่งรหัส" }).click(),
  ]);
  expect(response.status()).toBe(400);
  await expect(page.getByRole("alert")).toContainText("เบอร์มือถือไม่ถูกต้อง");
  await shot(page, "login-bad-phone");

  await page.getByLabel("เบอร์โทรศัพท์มือถือ").fill("0899998888");
  await page.getByRole("button", { name: "ส่งรหัส" }).click();
  await page.getByLabel("รหัส 6 หลัก").fill("000000");
  await page.getByRole("button", { name: "เข้าสู่ระบบ", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText(/รหัสไม่ถูกต้อง/);
  await shot(page, "login-wrong-code");
});
