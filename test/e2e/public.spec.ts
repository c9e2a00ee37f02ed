import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { database, freshUnits, postCount, shot, signIn } from "./helpers.ts";
import { startProxy } from "../support/proxy.ts";

// Results the public and newsrooms use on the night (issue 38), in Chromium on a phone: the
// hex map opens a constituency; search finds a unit by code and a candidate by Thai name; a
// result verified while a page is open appears on it without a reload; an outlet's widget on
// a page of another origin updates; a key asked for on the developers' page is approved and
// claimed once, and a feed consumer following `next` ends equal to a full answer; through
// nginx (deploy/nginx) repeated requests come from its cache and a change shows within the
// cache's lifetime.
test.describe.configure({ mode: "serial", timeout: 240_000 });

const OPERATOR = { phone: "0800000004", e164: "+66800000004" };
const HEAD = { phone: "0800000003", e164: "+66800000003" };
const ADMIN = { phone: "0800000001", e164: "+66800000001" };

let staff: BrowserContext;
let operator: Page;
let head: Page;
let units: string[] = [];

/** Two independent entries that agree (a war-room operator's and the head's): verified. */
async function verify(unit: string) {
  await postCount(operator, unit);
  await postCount(head, unit);
}

/** The first number of a coverage line: the units verified. */
const verifiedIn = (text: string) => Number(/([\d,]+)/.exec(text)![1]!.replaceAll(",", ""));

test.beforeAll(async ({ browser, baseURL }) => {
  staff = await browser.newContext({ baseURL, locale: "th-TH" });
  operator = await staff.newPage();
  await signIn(operator, OPERATOR.phone, OPERATOR.e164, "/review");
  const heads = await browser.newContext({ baseURL, locale: "th-TH" });
  head = await heads.newPage();
  await signIn(head, HEAD.phone, HEAD.e164);
  units = await freshUnits(6);
  expect(units).toHaveLength(6);
  await verify(units[0]!);
  // The war room releases the results (held again after these tests).
  await operator.goto("/command/release");
  await operator.getByRole("button", { name: "ยืนยัน เผยแพร่ผล" }).click();
  await expect(operator.getByTestId("release-state")).toContainText("เผยแพร่แล้วเมื่อ");
});

test.afterAll(async () => {
  await operator.goto("/command/release");
  await operator.getByRole("button", { name: "ยืนยัน ระงับการเผยแพร่" }).click();
  await expect(operator.getByTestId("release-state")).toContainText("ยังไม่เผยแพร่");
  await staff.close();
  await head.context().close();
});

test("the map opens a constituency, search finds a unit and a candidate, a verified result appears without reload", async ({
  page,
}) => {
  await page.goto("/results");
  const map = page.getByTestId("hex-map");
  // Every constituency of the country is a hex; the election's own are links.
  await expect(map.locator("svg use")).toHaveCount(400);
  await expect(map.getByRole("link", { name: /^กรุงเทพมหานคร เขต 1:/ })).toBeVisible();
  await shot(page, "public-map");
  // A Bangkok election's map: its 50 districts; a province view shows one province's hexes.
  await page.goto("/results?election=demo-bkk-2027");
  await expect(page.getByTestId("hex-map").locator("svg use")).toHaveCount(50);
  await page.goto("/results?province=10");
  await expect(page.getByTestId("hex-map").locator("svg use")).toHaveCount(33);
  // The map as a table, its accessible alternative.
  await page.goto("/results");
  await page.getByTestId("map-table-link").click();
  await expect(page.getByTestId("map-table").locator("tbody tr").first()).toContainText("กรุงเทพมหานคร เขต 1");
  await page.goto("/results");
  await map.locator("svg a[data-code='10-01']").click();
  await expect(page).toHaveURL(/\/results\/c\/10-01$/);

  // Search: a unit by its code, a candidate by a part of their Thai name.
  await page.getByRole("searchbox").fill(units[1]!);
  await page.getByRole("button", { name: "ค้นหา" }).click();
  await expect(page.getByTestId("search-hits")).toContainText(units[1]!);
  await page.getByTestId("search-hits").getByRole("link", { name: units[1]! }).click();
  await expect(page).toHaveURL(new RegExp(`/results/u/${units[1]}$`));
  const db = database();
  await db.connect();
  const { rows } = await db.query<{ nameTh: string }>(
    `SELECT k."nameTh" FROM "Candidate" k JOIN "Election" e ON e.id = k."electionId"
      WHERE e.slug = 'demo-2027' AND k.ballot = 'constituency' AND k."areaCode" = '10-01' AND k.number = 2`,
  );
  await db.end();
  const part = rows[0]!.nameTh.split(" ")[0]!;
  await page.goto(`/results/search?q=${encodeURIComponent(part)}`);
  const hit = page.getByTestId("search-hits").locator("li").filter({ hasText: rows[0]!.nameTh }).first();
  await expect(hit).toContainText("ผู้สมัคร");
  await hit.getByRole("link").click();
  await expect(page).toHaveURL(/\/results\/c\/10-01$/);
  await shot(page, "public-constituency");
  // The demo election closes in March 2027: no call before the boxes close (blackout).
  await expect(page.getByTestId("call")).toHaveCount(0);

  // A unit verified while the page is open: its figures arrive in place.
  const coverage = page.getByTestId("coverage");
  const before = verifiedIn(await coverage.innerText());
  const asOf = await page.getByTestId("as-of").innerText();
  await page.evaluate(() => ((window as unknown as { kept: boolean }).kept = true));
  await verify(units[1]!);
  await expect.poll(async () => verifiedIn(await coverage.innerText()), { timeout: 30_000 }).toBe(before + 1);
  await expect(page.getByTestId("as-of")).not.toHaveText(asOf);
  expect(await page.evaluate(() => (window as unknown as { kept?: boolean }).kept)).toBe(true);
});

test("an outlet's widget in a page of another origin shows the count and follows it", async ({ page, baseURL }) => {
  const outlet = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(
      `<!doctype html><html><body><h1>Daily News</h1>` +
        `<script src="${baseURL}/embed.js" data-embed="c/10-01?lang=en&theme=dark&accent=1d4ed8" async></script>` +
        `</body></html>`,
    );
  });
  await new Promise<void>((resolve) => outlet.listen(0, "127.0.0.1", resolve));
  try {
    // localhost is another origin than the platform's 127.0.0.1.
    await page.goto(`http://localhost:${(outlet.address() as AddressInfo).port}/`);
    const widget = page.frameLocator("iframe");
    await expect(widget.getByTestId("embed")).toHaveClass(/theme-dark/);
    await expect(widget.getByRole("heading", { level: 1 })).toContainText("Bangkok");
    const coverage = widget.getByTestId("coverage");
    const before = verifiedIn(await coverage.innerText());
    // The frame is as tall as the widget says.
    await expect.poll(async () => (await page.locator("iframe").boundingBox())!.height).toBeGreaterThan(200);
    await shot(page, "public-embed");
    await verify(units[2]!);
    await expect.poll(async () => verifiedIn(await coverage.innerText()), { timeout: 30_000 }).toBe(before + 1);
  } finally {
    outlet.close();
  }
});

test("a key asked for is approved and claimed once; following `next` from the start ends equal to a full answer", async ({
  page,
  browser,
  baseURL,
}) => {
  await page.goto("/developers");
  await page.getByLabel("สำนักข่าว/องค์กร").fill("ข่าวเช้า");
  await page.getByLabel("ชื่อของท่าน").fill("สมศรี บรรณาธิการ");
  await page.getByLabel("อีเมล (ลิงก์จะส่งมาที่นี่)").fill("desk@morning.example");
  await page.getByLabel("ท่านจะใช้ข้อมูลนี้ทำอะไร").fill("กราฟิกผลเลือกตั้งสดบนหน้าเว็บ");
  await page.getByRole("button", { name: "ส่งคำขอ" }).click();
  await expect(page.getByRole("status").filter({ hasText: "ส่งคำขอแล้ว" })).toBeVisible();

  const adminContext = await browser.newContext({ baseURL, locale: "th-TH" });
  const admin = await adminContext.newPage();
  await signIn(admin, ADMIN.phone, ADMIN.e164, "/admin/media");
  const request = admin.getByTestId("key-requests").locator("li").filter({ hasText: "ข่าวเช้า" });
  await request.getByRole("button", { name: "อนุมัติ" }).click();
  await expect(request).toContainText("อนุมัติแล้ว ส่งลิงก์แล้ว");
  await admin.goto("/dev/outbox");
  const mail = await admin
    .getByTestId("outbox-message")
    .filter({ hasText: "desk@morning.example" })
    .first()
    .getByTestId("outbox-body")
    .innerText();
  await adminContext.close();
  const link = /(https?:\/\/\S+\/developers\/claim\/\S+)/.exec(mail)![1]!;
  await page.goto(new URL(link).pathname);
  await page.getByRole("button", { name: "แสดงกุญแจของฉัน" }).click();
  const key = await page.getByTestId("claimed-key").innerText();
  await page.goto(new URL(link).pathname);
  await expect(page.getByTestId("claim-gone")).toBeVisible();

  const api = async (path: string) => {
    const answer = await page.request.get(path, { headers: { authorization: `Bearer ${key}` } });
    expect(answer.status(), path).toBe(200);
    return answer.json();
  };
  type Race = { id: string; unitsCounted: number; callStatus: string | null; tabulationStatus: string };
  const copy = new Map<string, Race>();
  let answer = await api("/api/v1/races");
  expect(answer.test).toBe(true); // the demo election is synthetic
  for (const r of answer.races as Race[]) copy.set(r.id, r);
  expect(copy.get("constituency/10-01")!.tabulationStatus).toBe("in_progress");
  expect(copy.has("party_list/*")).toBe(true);
  await verify(units[3]!);
  await verify(units[4]!);
  // Only what changed comes back: the unit's constituency and the contests it is part of.
  let changed = 0;
  for (let i = 0; i < 10; i++) {
    answer = await api(answer.next);
    changed += answer.races.length;
    for (const r of answer.races as Race[]) copy.set(r.id, r);
    if (!answer.races.length && changed) break;
  }
  expect(changed).toBeGreaterThan(0);
  const full = await api("/api/v1/races");
  expect(Object.fromEntries(copy)).toEqual(Object.fromEntries((full.races as Race[]).map((r) => [r.id, r])));
  expect(copy.get("constituency/10-01")!.unitsCounted).toBeGreaterThanOrEqual(5);
  // The public corrections log answers without a key.
  expect((await page.request.get("/api/v1/corrections")).status()).toBe(200);
});

test("through nginx, repeated requests come from its cache, a change shows within its lifetime", async ({
  playwright,
  baseURL,
}) => {
  const platformPort = Number(new URL(baseURL!).port);
  const proxy = await startProxy(platformPort, platformPort + 80);
  const reader = await playwright.request.newContext({ baseURL: proxy.url });
  try {
    const path = "/results/c/10-01";
    const statuses: string[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await reader.get(path)).headers()["x-cache-status"] ?? "none");
    expect(statuses.filter((s) => s === "HIT" || s === "UPDATING" || s === "STALE").length).toBeGreaterThanOrEqual(15);
    const first = await reader.get(path);
    const etag = first.headers().etag!;
    expect(first.headers()["cache-control"]).toContain("s-maxage");
    // Strong at the origin (the gzipped copy its own); nginx may mark it weak (W/) as it
    // passes it on, and still answers 304.
    expect(etag).toMatch(/^(W\/)?"[\w-]{20,}"$/);
    const direct = await playwright.request.newContext({ baseURL });
    expect((await direct.get(path)).headers().etag).toMatch(/^"[\w-]{20,}"$/);
    await direct.dispose();
    expect((await reader.get(path, { headers: { "if-none-match": etag } })).status()).toBe(304);
    // Signed in: past the cache.
    expect((await reader.get(path, { headers: { cookie: "__session=x" } })).headers()["x-cache-status"]).toBe("BYPASS");

    const change = (html: string) => /ตัวเลข ณ การเปลี่ยนแปลงที่ ([\d,]+)/.exec(html)?.[1];
    const before = change(await first.text());
    await verify(units[5]!);
    const changedAt = Date.now();
    await expect
      .poll(async () => change(await (await reader.get(path)).text()), { timeout: 20_000, intervals: [250] })
      .not.toBe(before);
    // s-maxage 1 s, the origin's state read every second, a background refresh: seconds, not minutes.
    expect(Date.now() - changedAt).toBeLessThan(12_000);
  } finally {
    await reader.dispose();
    await proxy.stop();
  }
});
