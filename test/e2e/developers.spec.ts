import { expect, test } from "@playwright/test";

// The feed's documentation where newsrooms look for it (issue 38): /api and /docs lead to
// the developers' page, which lists every endpoint of the OpenAPI document, in Thai.
test("/api and /docs lead to the developers' page, which lists every endpoint with examples", async ({ page }) => {
  for (const path of ["/api", "/docs"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/developers$/);
  }
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ข้อมูลผลคะแนนสำหรับสื่อและนักพัฒนา");
  const document = await (await page.request.get("/api/v1/openapi.json")).json();
  const rows = page.getByTestId("endpoints").locator("tbody tr");
  await expect(rows).toHaveCount(Object.keys(document.paths).length);
  await expect(rows.first()).toContainText("/api/v1/results/election");
  await expect(page.getByTestId("example-curl")).toContainText("Authorization: Bearer");
  // The page's curl example answers as it says: 401 without a key.
  expect((await page.request.get("/api/v1/results/national")).status()).toBe(401);
});
