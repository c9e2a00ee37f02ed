import { expect, test, type Page } from "@playwright/test";
import { countFor, registeredOn, shot, signIn, unitsWithReporters, type Count } from "./helpers.ts";

// Issue 18 in Chromium: on the day of the general election, Bangkok also elects its
// governor (one seat over the city) and its council (a member per เขต). A reporter sends a
// unit's governor and council counts, the constituency head keys both blind from the
// photos, and the governor's city-wide result and the council district's result show on
// the public pages and reach the media feed — each page and read naming the election.
test.describe.configure({ mode: "serial" });

const HEAD = { phone: "0800000003", e164: "+66800000003" };
const ELECTION = "demo-bkk-2027";
const Q = `?election=${ELECTION}`;
const png = (text: string) =>
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from(`${text}-${Date.now()}-`.repeat(40)),
  ]);

let unit = "";
let reporter = { phone: "", e164: "" };
let registered = 0;
const governorCount = (over: Count = {}) => countFor(registered, 31, over);
const councilCount = (over: Count = {}) => countFor(registered, 6, over);

async function fill(page: Page, count: Count) {
  for (const [id, value] of Object.entries(count)) await page.locator(`#${id}`).fill(String(value));
}

test("the head finds a Bangkok unit with a reporter", async ({ page }) => {
  await signIn(page, HEAD.phone, HEAD.e164, "/constituency/10-01");
  // Not the first (the general election's test takes that one).
  ({ code: unit, reporter } = (await unitsWithReporters(page)).at(-1)!);
  expect(unit).toMatch(/^10-01-\d{6}-\d{3}$/);
});

test("the reporter sees both of the day's elections and sends the governor's and the council's counts", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, reporter.phone, reporter.e164, "/report");
  const elections = page.getByTestId("report-election");
  await expect(elections).toHaveCount(2);
  await expect(elections.nth(0)).toContainText("ส.ส. แบบแบ่งเขต");
  await expect(elections.nth(1)).toContainText("เลือกตั้งผู้ว่าฯ กทม. และ ส.ก. (ตัวอย่าง)");
  await shot(page, "contests-report-two-elections");
  await elections.nth(1).getByRole("link", { name: "ผู้ว่าราชการกรุงเทพมหานคร" }).click();
  await expect(page).toHaveURL(new RegExp(`/report/${unit}/governor\\?election=${ELECTION}$`));
  await expect(page.getByRole("heading", { name: "ผู้ว่าราชการกรุงเทพมหานคร" })).toBeVisible();
  registered = await registeredOn(page);
  // All 31 candidates are on the city-wide ballot.
  await expect(page.locator('input[id^="vote_"]')).toHaveCount(31);
  await fill(page, governorCount());
  await expect(page.getByTestId("live-checks")).toContainText("ตัวเลขถูกต้องตามเงื่อนไข");
  await page
    .getByLabel("ภาพแบบรายงานผลการนับคะแนน ที่ลงนามแล้ว")
    .setInputFiles({ name: "form.png", mimeType: "image/png", buffer: png("governor") });
  await page.getByRole("button", { name: "ส่งผล" }).click();
  await expect(page.getByTestId("sent")).toHaveText("ส่งผลแล้ว · รายงานแล้ว รอตรวจสอบ");
  await expect(page).toHaveURL(new RegExp(`election=${ELECTION}`));
  await shot(page, "contests-governor-sent");

  await page.goto(`/report/${unit}/council${Q}`);
  await expect(page.getByRole("heading", { name: "สมาชิกสภากรุงเทพมหานคร" })).toBeVisible();
  await expect(page.locator('input[id^="vote_"]')).toHaveCount(6);
  await fill(page, councilCount());
  await page
    .getByLabel("ภาพแบบรายงานผลการนับคะแนน ที่ลงนามแล้ว")
    .setInputFiles({ name: "form.png", mimeType: "image/png", buffer: png("council") });
  await page.getByRole("button", { name: "ส่งผล" }).click();
  await expect(page.getByTestId("sent")).toHaveText("ส่งผลแล้ว · รายงานแล้ว รอตรวจสอบ");
});

test("the head keys both blind from the photos and the unit's two ballots are verified", async ({ page }) => {
  await signIn(page, HEAD.phone, HEAD.e164, `/verify/${unit}/governor${Q}`);
  for (const [ballot, count] of [
    ["governor", governorCount()],
    ["council", councilCount()],
  ] as const) {
    await page.goto(`/verify/${unit}/${ballot}${Q}`);
    await expect(page.getByTestId("photos").getByRole("img")).toHaveCount(1);
    await fill(page, count);
    await page.getByRole("button", { name: "ส่งผล" }).click();
    await expect(page.getByTestId("sent")).toHaveText("ส่งผลแล้ว · ตรวจสอบแล้ว");
  }
  await shot(page, "contests-blind-council");
});

test("the governor's city-wide result and the council district's show, and reach the feed", async ({
  page,
  browser,
  baseURL,
}) => {
  const district = unit.slice(6, 10);
  // The war room sees the pages before the release (a preview).
  const warRoom = await browser.newContext({ baseURL, locale: "th-TH" });
  const operator = await warRoom.newPage();
  await signIn(operator, "0800000004", "+66800000004", `/results${Q}`);
  const governor = operator.getByTestId("contest-governor");
  await expect(governor).toContainText("ผู้ว่าราชการกรุงเทพมหานคร");
  await expect(governor.getByTestId("contest-leader")).toContainText("หมายเลข 1");
  // The council is decided per เขต: its districts are listed (the demo slice has a few of the 50).
  await expect(operator.getByTestId("contest-council")).toContainText(/รายเขตพื้นที่ \(\d+\)/);
  await expect(operator.getByTestId("contest-council").getByRole("link", { name: "เขตพระนคร" })).toBeVisible();
  await expect(operator.getByTestId("election-switch")).toContainText("เลือกตั้ง ส.ส. (ตัวอย่าง)");
  await shot(operator, "contests-results-bangkok");
  await operator.goto(`/results/a/council/${district}${Q}`);
  await expect(operator.getByTestId("area-outcome")).toHaveText("ได้รับเลือก: หมายเลข 1");
  await expect(operator.getByTestId("choice-1")).toBeVisible();
  await shot(operator, "contests-results-council-district");

  // The media feed, once released, names the election and carries both contests.
  await operator.goto("/review");
  // The release asks first, naming what becomes public (issue 37).
  await operator.getByTestId("embargo").getByRole("link", { name: "ประกาศผล (ยกเลิกห้ามเผยแพร่)" }).click();
  await operator.getByRole("button", { name: "ยืนยัน เผยแพร่ผล" }).click();
  await expect(operator.getByTestId("release-state")).toContainText("เผยแพร่แล้วเมื่อ");
  await signIn(page, "0800000001", "+66800000001", "/admin/media");
  await page.getByLabel("ชื่อสื่อ").fill("ข่าวกรุงเทพ");
  await page.getByRole("button", { name: "สร้างกุญแจ" }).click();
  const key = await page.getByTestId("new-key").innerText();
  const api = async (path: string) => {
    const response = await page.request.get(path, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status(), path).toBe(200);
    return response.json();
  };
  const election = await api(`/api/v1/results/election${Q}`);
  expect(election.contests.map((c: { key: string; kind: string }) => `${c.key}:${c.kind}`)).toEqual([
    "governor:area_wide",
    "council:district",
  ]);
  const contest = await api(`/api/v1/results/contests/governor${Q}`);
  expect(contest.leader.number).toBe(1);
  expect(contest.unitsVerified).toBeGreaterThanOrEqual(1);
  expect(contest.areas.length).toBeGreaterThanOrEqual(1);
  const area = await api(`/api/v1/results/areas/council/${district}${Q}`);
  expect(area.elected).toEqual([1]);
  const changes = await api(`/api/v1/changes${Q}&after=0`);
  expect(
    changes.changes
      .filter((c: { unit: string }) => c.unit === unit)
      .map((c: { ballot: string }) => c.ballot)
      .sort(),
  ).toEqual(["council", "governor"]);
  // The general election's feed has none of them: each election's changes are its own.
  const general = await api("/api/v1/changes?after=0");
  expect(general.changes.some((c: { ballot: string }) => c.ballot === "governor")).toBe(false);
  expect(
    (
      await page.request.get("/api/v1/results/election?election=no-such", {
        headers: { authorization: `Bearer ${key}` },
      })
    ).status(),
  ).toBe(404);
  // Held again: the general election's tests start under embargo.
  await operator.goto("/review");
  await operator.getByTestId("embargo").getByRole("link", { name: "ระงับการเผยแพร่" }).click();
  await operator.getByRole("button", { name: "ยืนยัน ระงับการเผยแพร่" }).click();
  await expect(operator.getByTestId("release-state")).toContainText("อยู่ในช่วงห้ามเผยแพร่");
  await warRoom.close();
});
