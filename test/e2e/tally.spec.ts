import { expect, test, type Page } from "@playwright/test";
import { countFor, registeredOn, shot, signIn, unitsWithReporters, type Count } from "./helpers.ts";

// Election night on a phone, in Thai: a unit's reporter sends the count (with and without
// JavaScript), the constituency head keys it blind from the photos, disagreements go
// through the review queue.
test.describe.configure({ mode: "serial" });

const HEAD = { phone: "0800000003", e164: "+66800000003" };
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.from(`count-board-${Date.now()}-`.repeat(40)),
]);
const FORM_JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.from(`signed-form-${Date.now()}-`.repeat(40)),
]);

// The unit's register gives its eligible voters; the counts are made to agree with it.
let registered = 0;
const constituencyCount = (over: Count = {}) => countFor(registered, 6, over);
const partyListCount = (over: Count = {}) => countFor(registered, 8, over);

async function fill(page: Page, count: Count) {
  for (const [id, value] of Object.entries(count)) await page.locator(`#${id}`).fill(String(value));
}

let unit = "";
let reporter = { phone: "", e164: "" };

test("the head finds a unit with a reporter", async ({ page }) => {
  await signIn(page, HEAD.phone, HEAD.e164, "/constituency/10-01");
  ({ code: unit, reporter } = (await unitsWithReporters(page))[0]!);
  expect(unit).toMatch(/^10-01-/);
});

test("a reporter sends the constituency count with JavaScript off; what cannot be a figure is refused and the figures kept", async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ baseURL, locale: "th-TH", javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, reporter.phone, reporter.e164, "/report");
  // Placements are per election: after the assignment tests' changes this reporter may
  // stand at another unit for the Bangkok election, listed as a unit of its own.
  const mine = page.getByTestId("report-unit").filter({ hasText: unit });
  await expect(mine).toHaveCount(1);
  await mine.getByRole("link", { name: "ส.ส. แบบแบ่งเขต" }).click();
  await expect(page).toHaveURL(new RegExp(`/report/${unit}/constituency$`));
  registered = await registeredOn(page);
  expect(registered).toBeGreaterThan(0);

  await fill(page, constituencyCount({ invalid: 60000 }));
  await page.getByLabel("ภาพกระดานนับคะแนน").setInputFiles({ name: "board.jpg", mimeType: "image/jpeg", buffer: JPEG });
  await page.getByRole("button", { name: "ส่งผล" }).click();
  await expect(page.getByRole("alert")).toHaveText("ตัวเลขต้องเป็นจำนวนเต็ม 0 ถึง 5000");
  await expect(page.locator("#vote_1")).toHaveValue(String(constituencyCount().vote_1));
  await shot(page, "report-refused");

  await page.locator("#invalid").fill("10");
  // The rest of the form as written: count times, posted at the unit, remarks.
  await page.getByLabel("เวลาเริ่มนับคะแนน").fill("17:05");
  await page.getByLabel("เวลานับคะแนนเสร็จ").fill("18:20");
  await page.getByLabel("ปิดประกาศแล้ว").check();
  await page.getByLabel("หมายเหตุ (ตามที่เขียนในแบบ)").fill("นับซ้ำหนึ่งรอบตามคำขอของผู้สังเกตการณ์");
  await page.getByLabel("ภาพกระดานนับคะแนน").setInputFiles({ name: "board.jpg", mimeType: "image/jpeg", buffer: JPEG });
  await page
    .getByLabel("ภาพแบบ ส.ส. 5/18 ที่ลงนามแล้ว")
    .setInputFiles({ name: "form.jpg", mimeType: "image/jpeg", buffer: FORM_JPEG });
  await page.getByRole("button", { name: "ส่งผล" }).click();
  await expect(page.getByTestId("sent")).toHaveText("ส่งผลแล้ว · รายงานแล้ว รอตรวจสอบ");
  await context.close();
});

test("the head keys the same figures blind from the photo, and the unit is verified", async ({ page }) => {
  await signIn(page, HEAD.phone, HEAD.e164, `/verify/${unit}/constituency`);
  await expect(page.getByRole("heading", { name: "บันทึกผลจากภาพ (ไม่เห็นตัวเลขที่ผู้อื่นส่ง)" })).toBeVisible();
  await expect(page.getByTestId("photos").getByRole("img")).toHaveCount(2);
  await expect(page.locator("#vote_1")).toHaveValue(""); // nobody's figures are shown
  // On a phone the photos stay in view beside the field being typed, and zoom (issue 40).
  const last = page.locator("#vote_6");
  await last.focus();
  await expect(page.getByTestId("photos")).toBeInViewport();
  const [photos, field] = [await page.getByTestId("photos").boundingBox(), await last.boundingBox()];
  expect(field!.y).toBeGreaterThanOrEqual(photos!.y + photos!.height);
  // (The test's photos are not real images: the zoom is checked on the panel it enlarges.)
  const strip = page.getByTestId("photos").locator(".entry-photo-strip");
  const room = () => strip.evaluate((el) => parseFloat(getComputedStyle(el).maxHeight));
  const before = await room();
  await page.getByText("ขยายภาพ").click();
  await expect(page.locator("#photo-zoom")).toBeChecked();
  await expect.poll(room).toBeGreaterThan(2 * before);
  await shot(page, "blind-entry-zoomed");
  await page.getByText("ขยายภาพ").click();
  await fill(page, constituencyCount());
  await expect(page.getByTestId("live-checks")).toContainText("ตัวเลขถูกต้องตามเงื่อนไข");
  await shot(page, "blind-entry");
  await page.getByRole("button", { name: "ส่งผล" }).click();
  await expect(page.getByTestId("sent")).toHaveText("ส่งผลแล้ว · ตรวจสอบแล้ว");
});

test("with JavaScript the reporter sees the checks as they type; a disagreement is resolved through the review queue", async ({
  page,
  browser,
  baseURL,
}) => {
  await signIn(page, reporter.phone, reporter.e164, `/report/${unit}/party_list`);
  const count = partyListCount();
  await fill(page, { ...count, vote_8: count.vote_8! + 1 });
  await expect(page.getByTestId("live-checks")).toContainText(
    `คะแนนรวมทุกหมายเลข ${count.valid! + 1} ไม่เท่ากับบัตรดี ${count.valid}`,
  );
  // What the form shows is a warning the volunteer can send as written, not a refusal.
  await expect(page.getByTestId("live-checks")).toContainText("ให้ส่งตามที่เขียน");
  await page.locator("#vote_8").fill(String(count.vote_8));
  await expect(page.getByTestId("live-checks")).toContainText("ตัวเลขถูกต้องตามเงื่อนไข");
  const formPhoto = Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
    Buffer.from(`party-list-form-${Date.now()}-`.repeat(40)),
  ]);
  await page
    .getByLabel("ภาพแบบ ส.ส. 5/18 (บช.) ที่ลงนามแล้ว")
    .setInputFiles({ name: "form.jpg", mimeType: "image/jpeg", buffer: formPhoto });
  await page.waitForTimeout(300); // kept in IndexedDB as it is chosen
  // The draft, photo included, survives a reload (a closed browser, a lost connection).
  await page.reload();
  await expect(page.locator("#vote_8")).toHaveValue(String(count.vote_8));
  await expect(page.getByRole("status").filter({ hasText: "ภาพที่เลือกไว้ยังอยู่" })).toBeVisible();
  expect(
    await page.locator("#photoForm").evaluate((i: HTMLInputElement) => [i.files?.length, i.files?.[0]?.size]),
  ).toEqual([1, formPhoto.length]);
  await shot(page, "report-live-checks");
  // No connection: the phone keeps the draft and sends it by itself once back online.
  await page.context().setOffline(true);
  await page.getByRole("button", { name: "ส่งผล" }).click();
  await expect(page.getByRole("status").filter({ hasText: "ไม่มีสัญญาณ" })).toBeVisible();
  await shot(page, "report-offline");
  await page.context().setOffline(false);
  await expect(page.getByTestId("sent")).toHaveText("ส่งผลแล้ว · รายงานแล้ว รอตรวจสอบ");
  await page.reload();
  // What was sent is shown read-only, with its photo; correcting it is an explicit step.
  await expect(page.getByTestId("sent-copy")).toBeVisible();
  await expect(page.getByTestId("sent-vote-8")).toContainText(String(count.vote_8));
  await expect(page.getByTestId("sent-copy").getByRole("img")).toHaveCount(1);
  await expect(page.locator("#vote_8")).toHaveCount(0);
  await shot(page, "report-sent-copy");
  await page.getByRole("link", { name: "แก้ไขผลที่ส่ง" }).click();
  await expect(page.locator("#vote_8")).toHaveValue(String(count.vote_8)); // a correction starts from what was sent
  await expect(page.getByLabel("เหตุผลที่แก้ไข (จำเป็น)")).toHaveAttribute("required", "");
  expect(await page.locator("#photoForm").evaluate((i: HTMLInputElement) => i.files?.length ?? 0)).toBe(0); // the sent draft's photo is gone

  const headContext = await browser.newContext({ baseURL, locale: "th-TH" });
  const head = await headContext.newPage();
  await signIn(head, HEAD.phone, HEAD.e164, `/verify/${unit}/party_list`);
  await fill(head, partyListCount({ vote_1: count.vote_1! - 10, vote_2: count.vote_2! + 10 }));
  await head.getByRole("button", { name: "ส่งผล" }).click();
  await expect(head.getByTestId("sent")).toHaveText("ส่งผลแล้ว · ไม่ตรงกัน รอตรวจทาน");

  await head.goto("/review");
  const item = head.getByTestId("review-item").filter({ hasText: unit }).filter({ hasText: "ส.ส. แบบบัญชีรายชื่อ" });
  await expect(item.locator("tr.differs")).toHaveCount(2); // numbers 1 and 2
  await expect(item.getByRole("img")).toHaveCount(1); // the form photo the reporter's phone kept through the outage
  await shot(head, "review-queue");
  await item.getByLabel("ผลที่ 1").check();
  await item.getByLabel("เหตุผล").fill("ภาพกระดานตรงกับผลของหน่วย");
  await item.getByRole("button", { name: "ใช้ผลนี้" }).click();
  await expect(head.getByRole("status").filter({ hasText: `ตัดสินหน่วย ${unit} แล้ว` })).toBeVisible();
  await expect(
    head.getByTestId("review-item").filter({ hasText: unit }).filter({ hasText: "ส.ส. แบบบัญชีรายชื่อ" }),
  ).toHaveCount(0);
  await headContext.close();

  await page.goto(`/report/${unit}/party_list`);
  await expect(page.getByTestId("result-status")).toHaveText("ตรวจสอบแล้ว");
});

test("a retried submission is one record, a reused id with other figures and a stranger are refused", async ({
  page,
  browser,
  baseURL,
}) => {
  await signIn(page, reporter.phone, reporter.e164, `/report/${unit}/constituency`);
  await page.goto(`/report/${unit}/constituency?correct=1`); // sent before: the form is one step away
  const submissionId = await page.locator('input[name="submissionId"]').inputValue();
  const post = (count: Count, id = submissionId) =>
    page.request.post(`/report/${unit}/constituency`, {
      multipart: {
        submissionId: id,
        ...Object.fromEntries(Object.entries(count).map(([k, v]) => [k, String(v)])),
        correctionReason: "ส่งซ้ำเพื่อทดสอบ",
      },
      maxRedirects: 0,
    });
  const first = await post(constituencyCount());
  expect(first.status()).toBe(302);
  expect(first.headers().location).toContain("sent=1");
  const again = await post(constituencyCount());
  expect(again.headers().location).toContain("sent=replay");
  expect((await post(constituencyCount({ vote_1: 199, invalid: 11 }))).status()).toBe(409);
  // A correction without its reason is refused, nothing written.
  const noReason = await page.request.post(`/report/${unit}/constituency`, {
    multipart: {
      submissionId: crypto.randomUUID(),
      ...Object.fromEntries(Object.entries(constituencyCount()).map(([k, v]) => [k, String(v)])),
    },
    maxRedirects: 0,
  });
  expect(noReason.status()).toBe(400);
  expect(await noReason.text()).toContain("การแก้ไขต้องระบุเหตุผล");
  expect((await post(constituencyCount(), "not-a-uuid")).status()).toBe(400);
  expect((await post({ ...constituencyCount(), vote_42: 1 }, crypto.randomUUID())).status()).toBe(400);
  const photo = await page.request.post(`/report/${unit}/constituency`, {
    multipart: {
      submissionId: crypto.randomUUID(),
      ...Object.fromEntries(Object.entries(constituencyCount()).map(([k, v]) => [k, String(v)])),
      photoBoard: { name: "x.jpg", mimeType: "image/jpeg", buffer: Buffer.from("<html>not an image</html>") },
    },
    maxRedirects: 0,
  });
  expect(photo.status()).toBe(415);

  const stranger = await browser.newContext({ baseURL, locale: "th-TH" });
  const strangerPage = await stranger.newPage();
  await signIn(strangerPage, "0822229999", "+66822229999");
  expect((await strangerPage.request.get(`/report/${unit}/constituency`)).status()).toBe(403);
  expect((await strangerPage.request.get(`/verify/${unit}/constituency`)).status()).toBe(403);
  expect((await strangerPage.request.get("/review")).status()).toBe(403);
  await stranger.close();
});

test("the war room releases results; the public pages and the media feed show only verified units", async ({
  page,
  browser,
  baseURL,
}) => {
  // Before the release, nothing leaves.
  expect(await (await page.request.get("/results")).text()).toContain("ศูนย์ปฏิบัติการยังไม่ประกาศผล");

  await signIn(page, "0800000001", "+66800000001", "/admin/media");
  await page.getByLabel("ชื่อสื่อ").fill("ข่าวทดสอบ");
  await page.getByRole("button", { name: "สร้างกุญแจ" }).click();
  const key = await page.getByTestId("new-key").innerText();
  const api = (path: string, headers: Record<string, string> = { authorization: `Bearer ${key}` }) =>
    page.request.get(path, { headers });
  expect((await api("/api/v1/results/national", {})).status()).toBe(401);
  expect((await api("/api/v1/results/national")).status()).toBe(403); // embargoed

  const warRoom = await browser.newContext({ baseURL, locale: "th-TH" });
  const operator = await warRoom.newPage();
  await signIn(operator, "0800000004", "+66800000004", "/review");
  // The release asks first, naming what becomes public (issue 37).
  await operator.getByTestId("embargo").getByRole("link", { name: "ประกาศผล (ยกเลิกห้ามเผยแพร่)" }).click();
  await operator.getByRole("button", { name: "ยืนยัน เผยแพร่ผล" }).click();
  await expect(operator.getByTestId("release-state")).toContainText("เผยแพร่แล้วเมื่อ");
  // The ECT publishes its per-unit figures: one number differs from ours by 5.
  const ours = (
    await (
      await page.request.get(`/api/v1/results/units/${unit}`, { headers: { authorization: `Bearer ${key}` } })
    ).json()
  ).ballots[0].figures.votes as Record<string, number>;
  const ect = [
    "unit_code,ballot,figure,value",
    ...Object.entries(ours).map(([n, v]) => `${unit},constituency,${n},${n === "2" ? v - 5 : v}`),
  ].join("\n");
  await operator.goto("/admin/official");
  await operator
    .getByLabel("ไฟล์ CSV ของ กกต.")
    .setInputFiles({ name: "ect.csv", mimeType: "text/csv", buffer: Buffer.from(ect) });
  await operator.getByRole("button", { name: "นำเข้า" }).click();
  await expect(operator.getByRole("status").filter({ hasText: "นำเข้า" })).toBeVisible();
  await expect(operator.getByTestId("official-units")).toContainText(unit);
  await warRoom.close();

  const national = await api("/api/v1/results/national");
  expect(national.status()).toBe(200);
  const body = await national.json();
  expect(body.coverage.verified).toBeGreaterThanOrEqual(1);
  // One verified unit is far below the coverage a projection needs: no seats are published.
  expect(body.partyList.seatProjection.published).toBe(false);
  expect(body.partyList.parties.every((p: { seats: number | null }) => p.seats === null)).toBe(true);
  const etag = national.headers().etag!;
  expect(
    (
      await page.request.get("/api/v1/results/national", {
        headers: { authorization: `Bearer ${key}`, "if-none-match": etag },
      })
    ).status(),
  ).toBe(304);
  const constituency = await (await api("/api/v1/results/constituencies/10-01")).json();
  expect(constituency.leader.number).toBe(1);
  const csv = await (await api("/api/v1/results/constituencies.csv")).text();
  expect(csv).toContain(
    "province,constituency,candidate_no,candidate_name,party,votes,standing,result,margin,invalid,vote_no,units_verified,units_decided,units_reported,units_flagged,units_disputed,units_silent,units,as_of_change",
  );
  // The constituency's first candidate leads, on units verified with their forms' photos.
  expect(csv.split("\n").find((l) => l.includes(",10-01,1,"))).toMatch(/,leader,leader,\d+,\d+,\d+,[1-9]\d*,\d+,/);
  const changes = await (await api("/api/v1/changes?after=0")).json();
  expect(changes.changes.map((c: { unit: string }) => c.unit)).toContain(unit);
  // A newsroom starts from the unit snapshot, a page at a time, then applies the changes.
  type Row = { unit: string; ballot: string; kind: string; status: string; level: string };
  const held: Row[] = [];
  let page1 = await (await api("/api/v1/results/snapshot?limit=1")).json();
  const asOf = page1.asOfChange;
  for (;;) {
    held.push(...page1.units);
    if (!page1.next) break;
    page1 = await (
      await api(`/api/v1/results/snapshot?limit=1&asOf=${asOf}&after=${encodeURIComponent(page1.next)}`)
    ).json();
  }
  expect(held.find((r) => r.unit === unit && r.ballot === "constituency")).toMatchObject({ status: "verified" });
  const snapshotCsv = await (await api(`/api/v1/results/snapshot.csv?asOf=${asOf}`)).text();
  expect(snapshotCsv.trim().split(/\r?\n/)).toHaveLength(1 + held.length);
  expect(
    (
      await page.request.get("/api/v1/results/snapshot?after=nonsense", { headers: { authorization: `Bearer ${key}` } })
    ).status(),
  ).toBe(400);
  expect((await page.request.get("/api/v1/openapi.json")).status()).toBe(200);

  const anonymous = await browser.newContext({ baseURL, locale: "th-TH" });
  const pub = await anonymous.newPage();
  await pub.goto("/results");
  await expect(pub.getByTestId("coverage")).toContainText("จากหน่วยที่ตรวจสอบแล้ว");
  await expect(pub.getByTestId("seats-withheld")).toContainText("ยังไม่แสดงการคาดการณ์ที่นั่ง");
  await expect(pub.getByTestId("seats")).toHaveCount(0);
  await shot(pub, "results-national");
  await pub.goto("/results/c/10-01");
  await expect(pub.getByTestId("leader")).toContainText("นำ: หมายเลข 1");
  await expect(pub.getByTestId("levels-verified")).toContainText(/ยืนยันแล้ว: [1-9]/);
  await expect(pub.getByTestId("official-constituencies").getByRole("row").filter({ hasText: "+5" })).toHaveCount(1);
  await expect(pub.getByTestId("official-units").getByRole("row").filter({ hasText: unit })).toContainText("+5");
  await shot(pub, "results-constituency-vs-ect");
  await pub.goto(`/results/u/${unit}`);
  await expect(pub.getByTestId("unit-constituency")).toContainText("ตรวจสอบแล้ว");
  await expect(pub.getByTestId("unit-constituency").locator("code.hash")).toHaveCount(2); // the board and the signed form
  await expect(pub.getByTestId("unit-constituency").locator("code.hash").first()).toHaveText(/^[0-9a-f]{64}$/);
  await expect(pub.getByTestId("level-constituency")).toHaveText("ยืนยันแล้ว: สองรายการตรงกันและมีภาพแบบ ส.ส. 5/18");
  // The unit's evidence (issue 42): each photo's anchoring and its proof, the history.
  await expect(pub.getByTestId("unit-constituency").getByTestId("photo-anchoring")).toHaveCount(2);
  const proof = await pub.request.get(
    (await pub.getByRole("link", { name: "ดาวน์โหลดหลักฐาน" }).first().getAttribute("href"))!,
  );
  expect(((await proof.json()) as { sha256: string }).sha256).toMatch(/^0x[0-9a-f]{64}$/);
  await expect(pub.getByTestId("unit-history")).toContainText("ตรวจสอบแล้ว");
  // Every entry as sent, the reporter's and the blind keying, with nobody's name.
  await expect(pub.getByTestId("unit-entries")).toContainText("อาสาสมัครประจำหน่วย");
  await expect(pub.getByTestId("unit-entries")).toContainText("ตรวจทานจากภาพ");
  expect(await pub.content()).not.toContain(reporter.e164);
  const photoHref = await pub.getByTestId("unit-constituency").getByRole("link").first().getAttribute("href");
  const photo = await pub.request.get(photoHref!);
  expect(photo.status()).toBe(200);
  expect(photo.headers()["content-type"]).toBe("image/jpeg");
  await shot(pub, "results-unit");
  await anonymous.close();
});

test("a stuffed form is sent as written, flagged in review, and decided only by naming the anomaly it accepts", async ({
  page,
}) => {
  // Another unit of the head's constituency; the head may send its count too (staff in scope).
  await signIn(page, HEAD.phone, HEAD.e164, "/constituency/10-01");
  await expect(page.locator("table.units tbody tr").first()).toBeVisible();
  const codes = await page.locator("table.units tbody tr a.mono").allInnerTexts();
  const other = codes.map((c) => c.trim()).find((c) => /^\d{2}-\d{2}-\d{6}-\d{3}$/.test(c) && c !== unit)!;
  await page.goto(`/report/${other}/constituency`);
  await expect(page.getByLabel("ผู้มาแสดงตน")).toBeVisible(); // the form's own word for voters who came
  const base = countFor(await registeredOn(page), 6);
  // Three ballots more than voters who came, as the officials wrote it.
  const stuffed: Count = {
    ...base,
    ballotsUsed: base.ballotsUsed! + 3,
    invalid: base.invalid! + 3,
    ballotsLeftOver: base.ballotsLeftOver! - 3,
  };
  await fill(page, stuffed);
  await expect(page.getByTestId("live-checks")).toContainText(
    `บัตรที่ใช้ (${stuffed.ballotsUsed}) มากกว่าผู้มาแสดงตน (${stuffed.voters})`,
  );
  await page.getByLabel("ภาพแบบ ส.ส. 5/18 ที่ลงนามแล้ว").setInputFiles({
    name: "form.jpg",
    mimeType: "image/jpeg",
    buffer: Buffer.concat([FORM_JPEG, Buffer.from(other)]),
  });
  await page.getByRole("button", { name: "ส่งผล" }).click();
  await expect(page.getByTestId("sent")).toHaveText("ส่งผลแล้ว · ไม่ตรงกัน รอตรวจทาน");
  await expect(page.getByTestId("sent-flags")).toContainText("บัตรที่ใช้มากกว่าผู้มาแสดงตน");

  await page.goto("/review");
  const item = page.getByTestId("review-item").filter({ hasText: other });
  await expect(item.getByTestId("entry-flags")).toContainText("บัตรที่ใช้มากกว่าผู้มาแสดงตน");
  await item.getByLabel("ผลที่ 1").check();
  await item.getByLabel("เหตุผล").fill("แบบที่ปิดประกาศเขียนไว้ 3 ใบเกินจริง: รับตามที่เขียน");
  await item.getByRole("button", { name: "ใช้ผลนี้" }).click();
  await expect(page.getByRole("alert")).toContainText("ติ๊กทุกข้อที่ยอมรับ"); // the anomaly was not named
  const again = page.getByTestId("review-item").filter({ hasText: other });
  await again.getByLabel("ผลที่ 1").check();
  await again.getByLabel("บัตรที่ใช้มากกว่าผู้มาแสดงตน").check();
  await again.getByLabel("เหตุผล").fill("แบบที่ปิดประกาศเขียนไว้ 3 ใบเกินจริง: รับตามที่เขียน");
  await shot(page, "review-accept-anomaly");
  await again.getByRole("button", { name: "ใช้ผลนี้" }).click();
  await expect(page.getByRole("status").filter({ hasText: `ตัดสินหน่วย ${other} แล้ว` })).toBeVisible();
  await page.goto(`/results/u/${other}`);
  await expect(page.getByTestId("level-constituency")).toHaveText("ตัดสินโดยผู้ตรวจทาน");
});
