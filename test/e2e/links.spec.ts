// Every in-app link and every form's action, for each role, on every page that role can
// reach from the home page: none may answer 404 or 5xx. (The roster's export button once
// pointed at a 404 and nobody noticed.) Links are followed with the role's own session;
// a form's action is fetched with GET, which checks that it exists without submitting
// anything (a POST-only endpoint answers 405, which is fine).
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers.ts";
import { crawl, ROLES } from "./crawl.ts";

const HYDRATION_PAGES = 12; // per role, opened in the browser

for (const role of ROLES) {
  test(`every link and form action a ${role.name} can reach answers (no 404, no 5xx)`, async ({ page }) => {
    if (role.phone) await signIn(page, role.phone, role.e164!);
    const { failures, pages, htmlPages } = await crawl(page);
    expect(failures, `broken for ${role.name}`).toEqual([]);
    expect(pages).toBeGreaterThan(role.phone ? 8 : 5);
    // The pages hydrate: the browser renders the same text as the server (a number or a
    // time formatted differently on the two sides breaks the page's forms).
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message.slice(0, 120)}`));
    for (const path of htmlPages.slice(0, HYDRATION_PAGES)) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
    }
    expect(errors, `pages that did not hydrate for ${role.name}`).toEqual([]);
  });
}
