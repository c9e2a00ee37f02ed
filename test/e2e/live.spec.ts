import { expect, test, type Page } from "@playwright/test";
import { countedUnits, registeredOn, shot, signIn, unitsWithReporters } from "./helpers.ts";

// The realtime count on a phone, in Thai (ADR 0027): a volunteer taps 60 ballots as they
// are read out, with a reload and a cut network on the way; the provisional totals equal
// the taps; the volunteer finishes, keys the Final Score from the prefilled form, and the
// unit moves from provisional to final. A party-list count through the number pad.
test.describe.configure({ mode: "serial", timeout: 180_000 });

const HEAD = { phone: "0800000003", e164: "+66800000003" };
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.from(`live-board-${Date.now()}-`.repeat(40)),
]);
const FORM_JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.from(`live-form-${Date.now()}-`.repeat(40)),
]);

// 60 ballots as read out: numbers 1–6, an invalid and a vote-no now and then.
const CALLS = Array.from({ length: 60 }, (_, i) =>
  i % 13 === 5 ? "invalid" : i % 17 === 8 ? "voteNo" : String(1 + ((i * 7 + (i >> 2)) % 6)),
);
const expected = (calls: string[]) => {
  const out: Record<string, number> = {};
  for (const c of calls) out[c] = (out[c] ?? 0) + 1;
  return out;
};

let unit = "";
let reporter = { phone: "", e164: "" };

async function tapAll(page: Page, calls: string[]) {
  // Each tap shows before the next, as at a tally board (a ballot every few seconds).
  for (const c of calls) {
    const before = Number(await ballots(page).innerText());
    await page.getByTestId(`live-choice-${c}`).click();
    await expect(ballots(page)).toHaveText(String(before + 1));
  }
}
const ballots = (page: Page) => page.getByTestId("live-ballots");

test("the head finds a unit with a reporter", async ({ page }) => {
  await signIn(page, HEAD.phone, HEAD.e164, "/constituency/10-01");
  // A unit nobody has sent a count or a realtime snapshot for yet (other tests report
  // some): its realtime count starts from nothing and is not final already.
  const counted = await countedUnits();
  ({ code: unit, reporter } = (await unitsWithReporters(page)).filter((u) => !counted.has(u.code)).at(-1)!);
  expect(unit).toMatch(/^10-01-/);
});

test("a volunteer taps 60 ballots through a reload and a cut network; the provisional totals equal the taps; the Final Score takes the unit out of them", async ({
  page: firstTab,
  context,
  browser,
  baseURL,
}) => {
  let page = firstTab;
  await signIn(page, reporter.phone, reporter.e164, "/report");
  const mine = page.getByTestId("report-unit").filter({ hasText: unit });
  await mine.getByTestId("report-election").first().getByTestId("live-link").first().click();
  await expect(page).toHaveURL(new RegExp(`/live/${unit}/constituency`));
  await expect(page.getByRole("heading", { name: /นับคะแนนสด/ })).toBeVisible();
  await expect(page.getByTestId("live-choice-1")).toBeEnabled();

  await tapAll(page, CALLS.slice(0, 20));
  // A slip, taken back.
  await page.getByTestId("live-choice-2").click();
  await page.getByTestId("live-undo").click();
  await expect(ballots(page)).toHaveText("20");
  await expect(page.getByTestId("live-send")).toHaveText("ส่งแล้ว ✓", { timeout: 15_000 });
  await shot(page, "live-tally");

  // A reload: the count continues where it was.
  await page.reload();
  await expect(ballots(page)).toHaveText("20");
  await tapAll(page, CALLS.slice(20, 40));
  await expect(ballots(page)).toHaveText("40");

  // The app is installed on the phone: its service worker holds the page (issue 40).
  await expect
    .poll(
      () => page.evaluate(async () => !!navigator.serviceWorker.controller && !!(await caches.match(location.href))),
      {
        timeout: 30_000,
      },
    )
    .toBe(true);

  // The volunteer's other pages: /me opened once online, their units kept with it.
  const other = await context.newPage();
  await other.goto("/me");
  await expect(other.getByRole("heading", { level: 1 })).toBeVisible();
  await expect
    .poll(() => other.evaluate(async () => !!(await caches.match("/me")) && !!(await caches.match("/report"))), {
      timeout: 30_000,
    })
    .toBe(true);

  // The network goes; the taps go on, kept on the phone. The tab is closed in the hall
  // with no signal and opened again: the page comes from the phone, the count continues.
  await context.setOffline(true);
  await tapAll(page, CALLS.slice(40, 50));
  const liveUrl = page.url();
  await page.close();
  for (const path of ["/me", "/report"]) {
    await other.goto(path);
    await expect(other.getByRole("heading", { level: 1 })).toBeVisible();
  }
  await expect(other.getByTestId("report-unit").filter({ hasText: unit })).toBeVisible();
  page = other;
  await page.goto(liveUrl);
  await expect(page.getByRole("heading", { name: /นับคะแนนสด/ })).toBeVisible();
  await expect(ballots(page)).toHaveText("50");
  await shot(page, "live-offline-reloaded");
  await tapAll(page, CALLS.slice(50, 60));
  await expect(ballots(page)).toHaveText("60");
  await expect(page.getByTestId("live-send")).toContainText("ออฟไลน์", { timeout: 20_000 });
  await shot(page, "live-offline");
  await context.setOffline(false);
  await expect(page.getByTestId("live-send")).toHaveText("ส่งแล้ว ✓", { timeout: 30_000 });

  // The head's review page: the constituency's provisional figures are the taps, exactly.
  const headContext = await browser.newContext({ baseURL, locale: "th-TH" });
  const head = await headContext.newPage();
  await signIn(head, HEAD.phone, HEAD.e164, "/review");
  const panel = head.getByTestId("provisional").first();
  const want = expected(CALLS);
  await expect(async () => {
    await head.reload();
    await expect(panel.getByTestId("provisional-ballots")).toHaveText("60", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  for (const n of ["1", "2", "3", "4", "5", "6"])
    await expect(panel.getByTestId(`choice-${n}`)).toContainText(`${want[n] ?? 0} ·`);
  await expect(panel).toContainText("ผลเบื้องต้น — กำลังนับคะแนน");
  await shot(head, "live-provisional-head");

  // Counting finished: the Final Score form, from the realtime figures; the unit leaves
  // the provisional totals.
  await expect(ballots(page)).toHaveText("60");
  await page.getByTestId("live-finish").click();
  await page.getByTestId("live-finish-yes").click();
  await expect(page.getByTestId("live-finished")).toBeVisible();
  await expect(page.getByTestId("live-choice-1")).toBeDisabled();
  await page.getByTestId("live-final").click();
  await expect(page).toHaveURL(new RegExp(`/report/${unit}/constituency`));
  await expect(page.getByTestId("from-live")).toContainText("60");
  await expect(page.locator("#vote_1")).toHaveValue(String(want["1"] ?? 0));
  await expect(page.locator("#ballotsUsed")).toHaveValue("60");
  // The Final Score form, reached inside the app, is kept too: with no signal it opens
  // again, its figures there (issue 40).
  await expect
    .poll(() => page.evaluate(async () => !!(await caches.match(location.href))), { timeout: 30_000 })
    .toBe(true);
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator("#ballotsUsed")).toHaveValue("60");
  await expect(page.locator("#vote_1")).toHaveValue(String(want["1"] ?? 0));
  await context.setOffline(false);
  await page.reload();
  await expect(page.locator("#ballotsUsed")).toHaveValue("60");
  // The rest as the posted form says.
  const registered = await registeredOn(page);
  await page.locator("#eligible").fill(String(registered));
  await page.locator("#voters").fill("60");
  await page.locator("#ballotsReceived").fill("80");
  await page.locator("#ballotsLeftOver").fill("20");
  // An update of the app: the new worker replaces the old and its caches go. The figures
  // typed so far are a draft on the phone (localStorage), which no worker touches.
  await page.evaluate(async () => {
    for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
    for (const name of await caches.keys()) await caches.delete(name);
  });
  await page.reload();
  await expect(page.locator("#voters")).toHaveValue("60");
  await expect(page.locator("#ballotsLeftOver")).toHaveValue("20");
  await expect(page.locator("#eligible")).toHaveValue(String(registered));
  await page.getByLabel("ภาพกระดานนับคะแนน").setInputFiles({ name: "board.jpg", mimeType: "image/jpeg", buffer: JPEG });
  await page
    .getByLabel("ภาพแบบ ส.ส. 5/18 ที่ลงนามแล้ว")
    .setInputFiles({ name: "form.jpg", mimeType: "image/jpeg", buffer: FORM_JPEG });
  await shot(page, "live-final-score");
  await page.getByRole("button", { name: "ส่งผล" }).click();
  await expect(page.getByTestId("sent")).toBeVisible();

  await expect(async () => {
    await head.reload();
    await expect(panel.getByTestId("provisional-units")).toContainText("ได้ผลคะแนนสุดท้ายแล้ว 1 หน่วย", {
      timeout: 1_000,
    });
  }).toPass({ timeout: 20_000 });
  await expect(panel.getByTestId("provisional-ballots")).toHaveText("0");
  await headContext.close();
});

test("a party-list count through the number pad, the recent numbers as buttons", async ({ page }) => {
  await signIn(page, reporter.phone, reporter.e164, `/live/${unit}/party_list`);
  await expect(page.getByTestId("live-add")).toBeVisible();
  const call = async (n: string) => {
    for (const digit of n) await page.getByRole("button", { name: digit, exact: true }).click();
    await expect(page.getByTestId("live-typed-name")).not.toHaveText("");
    await page.getByTestId("live-add").click();
  };
  await call("1");
  await call("2");
  await call("1");
  await call("3");
  await expect(ballots(page)).toHaveText("4");
  // The recent numbers: one tap each.
  await page.getByTestId("live-choice-1").click();
  await page.getByTestId("live-choice-2").click();
  await expect(ballots(page)).toHaveText("6");
  await expect(page.getByTestId("live-choice-1")).toContainText("3");
  await expect(page.getByTestId("live-choice-2")).toContainText("2");
  // A number not on the ballot cannot be added.
  for (const digit of "99") await page.getByRole("button", { name: digit, exact: true }).click();
  await expect(page.getByTestId("live-typed-name")).toHaveText("ไม่มีหมายเลขนี้ในบัตร");
  await expect(page.getByTestId("live-add")).toBeDisabled();
  await expect(page.getByTestId("live-send")).toHaveText("ส่งแล้ว ✓", { timeout: 15_000 });
  await shot(page, "live-pad");
});
