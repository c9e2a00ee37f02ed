import { expect, test } from "@playwright/test";
import { shot, signIn, unitsWithReporters } from "./helpers.ts";
import { formImage } from "../support/form-image.ts";

// What a volunteer sees at the unit (issue 42), on a phone, in Thai: they report being
// stopped from photographing the count, with a photo; the constituency head takes it and
// hands it to a partner's legal team; the public sees only counts.
test.describe.configure({ mode: "serial" });

const HEAD = { phone: "0800000003", e164: "+66800000003" };
const OPERATOR = { phone: "0800000004", e164: "+66800000004" };
// A real picture (the heads look at it), its bytes this run's own: a form's PNG with the run's
// time after its end (another SHA-256, the same picture).
const PHOTO = Buffer.concat([formImage(7), Buffer.from(`incident-${Date.now()}`)]);
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
  // Nothing chosen and a time that is none: refused with each field's message, what was typed kept.
  await page.getByLabel("เกิดอะไรขึ้น").fill(DESCRIPTION);
  await page.getByLabel("เวลาที่เกิด").fill("บ่ายสาม");
  await page.getByRole("button", { name: "ส่งรายงานเหตุการณ์" }).click();
  await expect(page.locator("#kind-error")).toHaveText("กรุณาเลือกประเภทเหตุการณ์");
  await expect(page.locator("#occurredAt-error")).toContainText("เวลาไม่ถูกต้อง");
  await expect(page.getByLabel("เกิดอะไรขึ้น")).toHaveValue(DESCRIPTION);
  await expect(page.getByLabel("เวลาที่เกิด")).toHaveValue("บ่ายสาม");
  // Written as Thais write a time: today, in Bangkok (or yesterday, were 06.30 still to come).
  await page.getByLabel("เวลาที่เกิด").fill("06.30 น.");

  await page.getByLabel("ถูกห้ามถ่ายภาพการนับคะแนน").check();
  await page.getByLabel("รุนแรง", { exact: true }).check();
  await page.getByLabel("ภาพถ่าย (ไม่เกิน 4 ภาพ)").setInputFiles({ name: "p.png", mimeType: "image/png", buffer: PHOTO });
  await page.getByRole("button", { name: "ส่งรายงานเหตุการณ์" }).click();
  await expect(page.getByTestId("incident-sent")).toBeVisible();
  await shot(page, "incident-sent");
  await context.close();
});

test("the head takes the incident, sees its photo and hands it to a partner's legal team", async ({ page }) => {
  // The head's board counts the incident and leads to the queue.
  await signIn(page, HEAD.phone, HEAD.e164, "/command");
  await expect(page.getByTestId("board-incidents")).toContainText(/ยังไม่ยุติ [1-9]\d* · รุนแรงหรือวิกฤต [1-9]/);
  await page.getByTestId("board-incidents").getByRole("link").click();
  await expect(page).toHaveURL(/\/incidents\?.*constituency=10-01/);
  await page.goto("/incidents");
  // The map: the head's constituency, dark with its incident, among Bangkok's others; a tap
  // filters the queue to it.
  const hex = page.getByTestId("incident-map").locator('a[data-code="10-01"]');
  await expect(hex).toHaveAttribute("data-active", /^[1-9]\d*$/);
  await expect(page.getByTestId("incident-map").locator("a")).toHaveCount(1);
  await shot(page, "incident-map");
  await hex.click();
  await expect(page).toHaveURL(/constituency=10-01/);
  const row = page.getByTestId("incident-queue").getByRole("row").filter({ hasText: unit }).first();
  await expect(row).toContainText("ถูกห้ามถ่ายภาพการนับคะแนน");
  await expect(row).toContainText("รุนแรง");
  await expect(row).toContainText("06:30");
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

test("the war room sees every constituency of the election on the map, the head's incident among them", async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ baseURL, locale: "th-TH" });
  const page = await context.newPage();
  await signIn(page, OPERATOR.phone, OPERATOR.e164, "/incidents");
  const map = page.getByTestId("incident-map");
  // Not only the head's: the demo election's constituencies (a slice of the country's,
  // the others drawn blank around them), the reported one shaded.
  expect(await map.locator("a").count()).toBeGreaterThan(1);
  await expect(map.locator("g use")).not.toHaveCount(0);
  await expect(map.locator('a[data-code="10-01"]')).toHaveAttribute("data-active", /^[1-9]\d*$/);
  await shot(page, "incident-map-war-room");
  await context.close();
});

test("the platform admin sets up the observation checklist from CSV; the volunteer answers the closing questions, JavaScript off", async ({
  browser,
  baseURL,
  page,
}) => {
  await signIn(page, "0800000001", "+66800000001", "/admin/election?election=demo-2027");
  await page.locator("#checklist").setInputFiles({
    name: "checklist.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(
      [
        "phase,key,kind,question_th,question_en,position",
        "close,result_posted,yes_no,ติดประกาศผลนับคะแนนหน้าหน่วยแล้วหรือไม่,Was the count posted outside the unit?,1",
        "close,photo_allowed,yes_no,ได้รับอนุญาตให้ถ่ายภาพการนับหรือไม่,Were you allowed to photograph the count?,2",
        "close,observers,number,มีผู้สังเกตการณ์กี่คน,How many observers?,3",
      ].join("\n"),
    ),
  });
  await page
    .locator("form", { has: page.locator("#checklist") })
    .getByRole("button", { name: "นำเข้า" })
    .click();
  await expect(page.getByRole("status")).toContainText("นำเข้า 3 แถว");

  const context = await browser.newContext({ baseURL, locale: "th-TH", javaScriptEnabled: false });
  const phone = await context.newPage();
  await signIn(phone, reporter.phone, reporter.e164, `/report/${unit}/checklist?phase=close&election=demo-2027`);
  const form = phone.getByTestId("checklist");
  await form.getByRole("group", { name: "ติดประกาศผลนับคะแนนหน้าหน่วยแล้วหรือไม่" }).getByLabel("ใช่", { exact: true }).check();
  await form.getByRole("group", { name: "ได้รับอนุญาตให้ถ่ายภาพการนับหรือไม่" }).getByLabel("ไม่ใช่").check();
  await form.getByLabel("มีผู้สังเกตการณ์กี่คน").fill("สาม");
  await phone.getByRole("button", { name: "ส่งแบบสังเกตการณ์" }).click();
  await expect(phone.getByRole("alert")).toContainText("คำตอบข้อ observers ไม่ถูกต้อง");
  await phone.getByLabel("มีผู้สังเกตการณ์กี่คน").fill("3");
  await phone.getByRole("group", { name: "ได้รับอนุญาตให้ถ่ายภาพการนับหรือไม่" }).getByLabel("ไม่ใช่").check();
  await phone
    .getByRole("group", { name: "ติดประกาศผลนับคะแนนหน้าหน่วยแล้วหรือไม่" })
    .getByLabel("ใช่", { exact: true })
    .check();
  await phone.getByRole("button", { name: "ส่งแบบสังเกตการณ์" }).click();
  await expect(phone.getByRole("status")).toContainText("บันทึกคำตอบ 3 ข้อแล้ว");
  await shot(phone, "checklist-close");
  await context.close();
});

test("with no signal the volunteer answers the checklist and reports an incident with a photo; both arrive when the signal returns", async ({
  browser,
  baseURL,
}) => {
  // Two sign-ins, two pages and the phone's outbox: more than a quiet machine's minute.
  test.setTimeout(180_000);
  const context = await browser.newContext({ baseURL, locale: "th-TH" });
  const incidentPage = await context.newPage();
  await signIn(incidentPage, reporter.phone, reporter.e164, `/report/${unit}/incident`);
  const checklistPage = await context.newPage();
  await checklistPage.goto(`/report/${unit}/checklist?phase=close&election=demo-2027`);
  await expect(checklistPage.getByTestId("checklist")).toBeVisible();

  await context.setOffline(true);
  await checklistPage.getByLabel("มีผู้สังเกตการณ์กี่คน").fill("5");
  await checklistPage
    .getByLabel("ภาพประกอบ (ไม่เกิน 4 ภาพ)")
    .setInputFiles({ name: "board.png", mimeType: "image/png", buffer: Buffer.concat([PHOTO, Buffer.from("board")]) });
  await checklistPage.getByRole("button", { name: "ส่งแบบสังเกตการณ์" }).click();
  await expect(checklistPage.getByTestId("outbox-status")).toHaveText(/เก็บไว้ในโทรศัพท์ 1 รายการ/);
  await checklistPage.close();
  const offlineWords = `ไม่มีสัญญาณ ถูกกันไม่ให้เข้าใกล้หีบ ${Date.now()}`;
  await incidentPage.getByLabel("ถูกห้ามสังเกตการณ์").check();
  await incidentPage.getByLabel("เกิดอะไรขึ้น").fill(offlineWords);
  await incidentPage.getByLabel("ภาพถ่าย (ไม่เกิน 4 ภาพ)").setInputFiles({
    name: "offline.png",
    mimeType: "image/png",
    buffer: Buffer.concat([PHOTO, Buffer.from("offline")]),
  });
  await incidentPage.getByRole("button", { name: "ส่งรายงานเหตุการณ์" }).click();
  await expect(incidentPage.getByTestId("outbox-status")).toHaveText(/เก็บไว้ในโทรศัพท์ 2 รายการ/);
  await shot(incidentPage, "incident-kept-offline");
  // Its time left empty means "now": the phone wrote when it was kept, in Bangkok time.
  const keptTimes = await incidentPage.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const opened = indexedDB.open("volunteer-outbox");
        opened.onsuccess = () => {
          const all = opened.result.transaction("forms").objectStore("forms").getAll();
          all.onsuccess = () =>
            resolve(
              (all.result as { fields: [string, unknown][] }[]).flatMap((k) =>
                k.fields.filter(([name]) => name === "occurredAt").map(([, v]) => String(v)),
              ),
            );
        };
      }),
  );
  expect(keptTimes).toEqual([expect.stringMatching(/^\d{2}\/\d{2}\/20\d{2} \d{2}:\d{2}$/)]);

  // The signal returns: the phone sends both by itself.
  await context.setOffline(false);
  await expect(incidentPage.getByTestId("outbox-status")).toHaveText(/ส่งรายการที่เก็บไว้แล้ว 2 รายการ/, { timeout: 30_000 });
  const check = await context.newPage();
  await check.goto(`/report/${unit}/checklist?phase=close&election=demo-2027`);
  await expect(check.getByLabel("มีผู้สังเกตการณ์กี่คน")).toHaveValue("5");
  await expect(check.getByTestId("checklist-photos").locator("li")).toHaveCount(1);
  await context.close();

  const head = await (await browser.newContext({ baseURL, locale: "th-TH" })).newPage();
  await signIn(head, HEAD.phone, HEAD.e164, "/incidents");
  const offlineRow = head.getByTestId("incident-queue").getByRole("row").filter({ hasText: "ถูกห้ามสังเกตการณ์" });
  await expect(offlineRow.first()).toContainText(keptTimes[0]!.slice(-5)); // when it was kept
  await head.goto((await offlineRow.getByRole("link").first().getAttribute("href"))!);
  await expect(head.getByText(offlineWords)).toBeVisible();
  await expect(head.getByTestId("incident-photos").locator("img")).toHaveCount(1);
  // The unit's page: the closing checklist as answered, with its photo, and its incidents.
  await head.getByTestId("incident-unit").click();
  const close = head.getByTestId("unit-checklist-close");
  await expect(close).toContainText("มีผู้สังเกตการณ์กี่คน");
  await expect(close.locator("dd").filter({ hasText: /^5/ })).toHaveCount(1);
  await expect(close.locator("img")).toHaveCount(1);
  await expect(head.getByTestId("unit-incidents").locator("li")).not.toHaveCount(0);
  await shot(head, "unit-observations");
  await head.context().close();
});

test("the public sees the incidents counted, and nobody's name, phone, unit or words", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, locale: "th-TH" });
  const page = await context.newPage();
  // The counts are counted at most every 10 s: a page read before the reports may show older ones.
  const fresh = async (path: string, testId: string, text: string | RegExp) =>
    expect(async () => {
      await page.goto(path);
      await expect(page.getByTestId(testId)).toContainText(text, { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
  await fresh("/observations", "incident-total", /ทั้งหมด [1-9]\d* เหตุการณ์/);
  await expect(page.getByTestId("incidents-by-kind")).toContainText("ถูกห้ามถ่ายภาพการนับคะแนน");
  await expect(page.getByTestId("incidents-by-province")).toContainText("กรุงเทพมหานคร");
  await fresh("/observations?election=demo-2027", "checklist-stats", "ไม่ใช่ 1");
  await expect(page.getByTestId("checklist-stats")).toContainText("ได้รับอนุญาตให้ถ่ายภาพการนับหรือไม่");
  const html = await page.content();
  for (const secret of [unit, reporter.phone, reporter.e164, DESCRIPTION]) expect(html).not.toContain(secret);
  await shot(page, "observations");
  // Staff pages stay closed to the public.
  expect((await page.goto("/incidents"))!.url()).toContain("/login");
  await context.close();
});
