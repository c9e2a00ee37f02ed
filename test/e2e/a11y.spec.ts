import { expect, test } from "@playwright/test";
import { AxeBuilder } from "@axe-core/playwright";
import { signIn } from "./helpers.ts";
import { crawl, ROLES } from "./crawl.ts";

// Issue 40: no serious or critical accessibility finding (axe, WCAG 2.1 A and AA) on any
// page any role can reach, on a phone. Each kind of page (its path with the numbers and
// ids taken out) is checked once, as the first role that reaches it sees it.
test.describe.configure({ timeout: 300_000 });

const checked = new Set<string>();
const shapeOf = (path: string) =>
  path
    .split("?")[0]!
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ":id")
    .replace(/\d+/g, "N");

for (const role of ROLES) {
  test(`every page a ${role.name} can reach has no serious or critical axe finding`, async ({ page }) => {
    if (role.phone) await signIn(page, role.phone, role.e164!);
    const { htmlPages } = await crawl(page);
    const findings: string[] = [];
    let pages = 0;
    for (const path of htmlPages) {
      const shape = shapeOf(path);
      if (checked.has(shape)) continue;
      checked.add(shape);
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      const { violations } = await new AxeBuilder({ page })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
        .analyze();
      pages++;
      for (const v of violations.filter((x) => x.impact === "serious" || x.impact === "critical"))
        findings.push(`${path}: ${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes[0]?.target.join(" ")}`);
    }
    console.log(`${role.name}: ${pages} kinds of page checked`);
    expect(findings, `axe findings for ${role.name}`).toEqual([]);
  });
}
