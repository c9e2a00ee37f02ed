import { expect, test, type Page } from "@playwright/test";
import { SCREENSHOTS, database, freshUnits, postCount, shot, signIn } from "./helpers.ts";

// The election-night command centre (issue 37), in Chromium: two war-room operators watch
// the same board move without reloading; a unit past its deadline is among the late units
// and its call is logged; one operator claims an item and the other cannot take it; a
// decision without a reason is refused; the release asks for confirmation; a head on a
// phone sees only their constituency.
test.describe.configure({ mode: "serial", timeout: 180_000 });

const OPERATOR = { phone: "0800000004", e164: "+66800000004" };
const ADMIN = { phone: "0800000001", e164: "+66800000001" };
const HEAD = { phone: "0800000003", e164: "+66800000003" };
const DESKTOP = { viewport: { width: 1366, height: 900 }, isMobile: false, hasTouch: false };

const stateCount = (page: Page, state: string) =>
  page.getByTestId("nation-counts").locator(`li[data-state="${state}"] strong`);

test("two operators see the board move without reloading; late units, claims, reasons, the release", async ({
  browser,
  baseURL,
}) => {
  const [one, two] = await freshUnits(2);
  expect(one).toBeTruthy();
  const a = await (await browser.newContext({ baseURL, locale: "th-TH", ...DESKTOP })).newPage();
  const b = await (await browser.newContext({ baseURL, locale: "th-TH", ...DESKTOP })).newPage();
  await signIn(a, OPERATOR.phone, OPERATOR.e164, "/command");
  await signIn(b, ADMIN.phone, ADMIN.e164, "/command");
  for (const p of [a, b]) {
    await expect(p.getByTestId("board-grid")).toBeVisible();
    await expect(p.getByTestId("board-status")).toContainText("อัปเดตอัตโนมัติ");
  }
  // The board carries the calls (issue 39): how many constituencies stand at each.
  await expect(a.getByTestId("board-calls")).toContainText("การชี้ขาดของ");
  const reportedBefore = Number(await stateCount(a, "reported").innerText());
  const disputedBefore = Number(await stateCount(a, "flagged").innerText());

  // A head sends two counts; both boards move, neither reloaded.
  const head = await (await browser.newContext({ baseURL, locale: "th-TH" })).newPage();
  await signIn(head, HEAD.phone, HEAD.e164, "/command");
  await postCount(head, one!);
  // A form that does not add up: recorded as written, flagged, and sent to review.
  await postCount(head, two!, { invalid: 23 });
  for (const p of [a, b]) {
    await expect(stateCount(p, "reported")).toHaveText(String(reportedBefore + 1), { timeout: 15_000 });
    await expect(stateCount(p, "flagged")).toHaveText(String(disputedBefore + 1), { timeout: 15_000 });
  }
  await shot(a, "command-board");

  // The queue: the flagged unit, found by its code; the could-change mark.
  await a.goto(`/review?unit=${two}`);
  const item = a.getByTestId("review-item").filter({ hasText: two! });
  await expect(item).toHaveCount(1);
  await expect(a.getByTestId("queue-total")).toContainText("ทั้งหมด 1 รายการ");
  await expect(item.getByTestId("could-change")).toBeVisible();
  await item.getByRole("button", { name: "รับงาน" }).click();
  await expect(item.getByTestId("claimed-by")).toHaveText("งานของฉัน");
  await shot(a, "command-queue-claimed");
  // The other operator sees who holds it and cannot take it, nor decide it.
  await b.goto(`/review?unit=${two}`);
  const other = b.getByTestId("review-item").filter({ hasText: two! });
  await expect(other.getByTestId("claimed-by")).toContainText("รับงานแล้ว");
  await expect(other.getByRole("button", { name: "รับงาน" })).toBeDisabled();
  await expect(other.getByRole("button", { name: "ใช้ผลนี้" })).toBeDisabled();
  const entryId = await other.locator('input[name="entryId"]').first().getAttribute("value");
  const taken = await b.request.post(`/review?unit=${two}`, {
    form: { intent: "resolve", unitCode: two!, ballot: "constituency", entryId: entryId!, reason: "ตามภาพแบบ" },
    maxRedirects: 0,
  });
  expect(taken.status()).toBe(409);
  // A decision without a reason is refused, by the server too.
  const noReason = await a.request.post(`/review?unit=${two}`, {
    form: { intent: "resolve", unitCode: two!, ballot: "constituency", entryId: entryId!, reason: "" },
    maxRedirects: 0,
  });
  expect(noReason.status()).toBe(400);
  await a.reload();
  await expect(item).toHaveCount(1);
  await item.getByLabel("ผลที่ 1").check();
  for (const box of await item.getByRole("checkbox").all()) await box.check();
  await item.getByLabel("เหตุผล").fill("ตรงกับภาพแบบที่ลงนาม");
  await item.getByRole("button", { name: "ใช้ผลนี้" }).click();
  await expect(a.getByRole("status").filter({ hasText: `ตัดสินหน่วย ${two} แล้ว` })).toBeVisible();

  // Late units: a by-election closed ten days ago, none of whose units has sent anything.
  const db = database();
  await db.connect();
  await db.query(`DELETE FROM "Election" WHERE slug = 'e2e-late'`);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO "Election" (id, slug, "nameTh", "nameEn", date, "closesAt")
     VALUES (gen_random_uuid(), 'e2e-late', 'เลือกตั้งซ่อม (ทดสอบ)', 'By-election (test)', (now() - interval '10 days')::date,
             now() - interval '10 days') RETURNING id`,
  );
  const late = rows[0]!.id;
  await db.query(
    `INSERT INTO "Contest" (id, "electionId", key, kind, "nameTh", "nameEn", position)
     VALUES (gen_random_uuid(), $1, 'constituency', 'district', 'ส.ส. แบบแบ่งเขต', 'Constituency MP', 1)`,
    [late],
  );
  await db.query(
    `INSERT INTO "ContestArea" ("electionId", ballot, code, "nameTh", "nameEn") VALUES ($1, 'constituency', '10-01', 'กรุงเทพฯ เขต 1', 'Bangkok 1')`,
    [late],
  );
  await db.query(
    `INSERT INTO "AreaUnit" ("electionId", ballot, "unitCode", "areaCode")
     SELECT $1, 'constituency', code, '10-01' FROM "PollingUnit" WHERE "constituencyId" = '10-01' ORDER BY code LIMIT 3`,
    [late],
  );
  const { rows: lateUnits } = await db.query<{ unitCode: string }>(
    `SELECT "unitCode" FROM "AreaUnit" WHERE "electionId" = $1 ORDER BY 1`,
    [late],
  );
  await db.end();
  await a.goto("/command/late?election=e2e-late");
  const units = a.getByTestId("late-units").locator("li.late-unit");
  await expect(units).toHaveCount(3);
  const first = units.filter({ hasText: lateUnits[0]!.unitCode });
  await first.getByLabel("สถานะ").selectOption("noAnswer");
  await first.getByLabel("หมายเหตุ").fill("โทรสองครั้ง");
  await first.getByRole("button", { name: "บันทึก", exact: true }).click();
  await expect(a.getByRole("status").filter({ hasText: `บันทึกการโทรหน่วย ${lateUnits[0]!.unitCode} แล้ว` })).toBeVisible();
  await expect(units.filter({ hasText: lateUnits[0]!.unitCode })).toContainText("โทรล่าสุด: ไม่รับสาย");
  await shot(a, "command-late");

  // The release names what becomes public and asks first; then it is held again.
  await a.goto("/review");
  await a.getByTestId("embargo").getByRole("link", { name: "ประกาศผล (ยกเลิกห้ามเผยแพร่)" }).click();
  await expect(a.getByTestId("release-summary")).toContainText("ตรวจแล้ว");
  await expect(a.getByTestId("release-state")).toContainText("ยังไม่เผยแพร่");
  await shot(a, "command-release-confirm");
  await a.getByRole("button", { name: "ยืนยัน เผยแพร่ผล" }).click();
  await expect(a.getByTestId("release-state")).toContainText("เผยแพร่แล้วเมื่อ");
  await a.getByRole("button", { name: "ยืนยัน ระงับการเผยแพร่" }).click();
  await expect(a.getByTestId("release-state")).toContainText("ยังไม่เผยแพร่");
  await expect(a.getByTestId("release-log").locator("li")).toHaveCount(2);

  // A head on a phone: their constituency's board, their own only.
  await head.goto("/command");
  await expect(head).toHaveURL(/\/command\/c\/10-01/);
  await expect(head.getByTestId("constituency-units").locator(`tr[data-unit="${one}"]`)).toHaveAttribute(
    "data-state",
    "reported",
  );
  // The constituency's call, on verified figures: with a few units counted, leading at most.
  await expect(head.getByTestId("board-call")).toContainText(/ยังเร็วเกินไป|นำอยู่/);
  await head.screenshot({ path: `${SCREENSHOTS}/command-head-phone.png` }); // the first screen, as a phone shows it
  expect((await head.request.get("/command/c/10-02")).status()).toBe(403);
  expect((await head.request.get("/command/late?election=e2e-late")).status()).toBe(200);
  await head.context().close();
  await a.context().close();
  await b.context().close();
});
