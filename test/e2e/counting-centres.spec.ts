import { expect, test, type Browser, type Page } from "@playwright/test";
import { countFor, registeredOn, shot, signIn, type Count } from "./helpers.ts";

// Issue 18 in Chromium, beyond the Bangkok election (contests.spec.ts):
// - an advance-vote counting centre reports on its own form (ส.ส. 5/16), is keyed blind,
//   and its count adds to its constituency and to no polling unit;
// - a referendum on the same day, set up by CSV on the election admin page, is reported
//   (no vote-no box), verified and totalled.
// Staff report here (they may report for any unit in scope): the war room keys blind.
test.describe.configure({ mode: "serial" });

const ADMIN = { phone: "0800000001", e164: "+66800000001" };
const WAR_ROOM = { phone: "0800000004", e164: "+66800000004" };
const CONSTITUENCY = "10-02";
const REFERENDUM = "demo-ref-2027";
const png = (text: string) =>
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from(`${text}-${Date.now()}-`.repeat(40)),
  ]);

async function fill(page: Page, count: Count) {
  for (const [id, value] of Object.entries(count)) await page.locator(`#${id}`).fill(String(value));
}

/** A referendum's count: no vote-no box, so what would have been vote-no goes to option 1. */
function referendumCount(registered: number): Count {
  const { voteNo, ...count } = countFor(registered, 3);
  return { ...count, valid: count.valid! + voteNo!, vote_1: count.vote_1! + voteNo! };
}

/** The report (with the signed form's photo under `photoLabel`) is on `page`; it is sent,
 *  then the war room keys the same figures blind from the photo: verified. */
async function sendThenKeyBlind(
  page: Page,
  browser: Browser,
  baseURL: string | undefined,
  to: { path: string; count: Count; photoLabel: string; shot: string },
) {
  await fill(page, to.count);
  await expect(page.getByTestId("live-checks")).toContainText("ตัวเลขถูกต้องตามเงื่อนไข");
  await page.getByLabel(to.photoLabel).setInputFiles({ name: "form.png", mimeType: "image/png", buffer: png(to.shot) });
  await shot(page, to.shot);
  await page.getByRole("button", { name: "ส่งผล" }).click();
  await expect(page.getByTestId("sent")).toHaveText("ส่งผลแล้ว · รายงานแล้ว รอตรวจสอบ");

  const warRoom = await browser.newContext({ baseURL, locale: "th-TH" });
  const operator = await warRoom.newPage();
  await signIn(operator, WAR_ROOM.phone, WAR_ROOM.e164, `/verify/${to.path}`);
  await expect(operator.getByTestId("photos").getByRole("img", { name: to.photoLabel })).toHaveCount(1);
  await fill(operator, to.count);
  await operator.getByRole("button", { name: "ส่งผล" }).click();
  await expect(operator.getByTestId("sent")).toHaveText("ส่งผลแล้ว · ตรวจสอบแล้ว");
  return { operator, close: () => warRoom.close() };
}

let centre = "";
let units: string[] = [];
let centreCount: Count = {};

test("the constituency's units include its advance-vote counting centre", async ({ page }) => {
  await signIn(page, ADMIN.phone, ADMIN.e164, `/constituency/${CONSTITUENCY}`);
  await expect(page.locator("table.units tbody tr").first()).toBeVisible();
  const codes = await page.locator("table.units tbody tr a.mono").allInnerTexts();
  // Advance votes counted in constituency n: the centre numbered 900 + n (the generator's rule).
  centre = codes.find((c) => /^10-02-\d{6}-902$/.test(c.trim()))!.trim();
  units = codes.map((c) => c.trim()).filter((c) => c !== centre && !/-9\d\d$/.test(c));
  expect(centre).toBeTruthy();
  expect(units.length).toBeGreaterThan(10);
});

test("the centre reports on form 5/16, the war room keys it blind, and it is verified", async ({
  page,
  browser,
  baseURL,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, ADMIN.phone, ADMIN.e164, `/report/${centre}/constituency`);
  await expect(page.getByTestId("unit-kind")).toHaveText("ที่นับคะแนนล่วงหน้าในเขตเลือกตั้ง (แบบ ส.ส. 5/16)");
  await expect(page.getByRole("group", { name: "จำนวนตามแบบ ส.ส. 5/16" })).toBeVisible();
  centreCount = countFor(await registeredOn(page), 6);
  const { close } = await sendThenKeyBlind(page, browser, baseURL, {
    path: `${centre}/constituency`,
    count: centreCount,
    photoLabel: "ภาพแบบ ส.ส. 5/16 ที่ลงนามแล้ว",
    shot: "centre-report-5-16",
  });
  await close();
});

test("the centre's count adds to its constituency and to no polling unit", async ({ page }) => {
  // The war room sees the results before their release (a preview).
  await signIn(page, WAR_ROOM.phone, WAR_ROOM.e164, `/results/c/${CONSTITUENCY}`);
  // Nothing else of this constituency is counted in these tests: its totals are the centre's.
  await expect(page.getByTestId("coverage")).toContainText("จากหน่วยที่ตรวจสอบแล้ว 1 จาก");
  const votes = await page.locator(".bar-row .bar-value").allInnerTexts();
  expect(votes.map((v) => Number(v.replaceAll(",", "")))).toEqual(
    Array.from({ length: 6 }, (_, k) => centreCount[`vote_${k + 1}`]),
  );
  await shot(page, "centre-constituency-results");
  await page.goto(`/results/u/${centre}`);
  await expect(page.getByTestId("unit-kind")).toHaveText("ที่นับคะแนนล่วงหน้าในเขตเลือกตั้ง (แบบ ส.ส. 5/16)");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`ที่นับคะแนน ${centre}`);
  await expect(page.getByTestId("level-constituency")).toHaveText("ยืนยันแล้ว: สองรายการตรงกันและมีภาพแบบ ส.ส. 5/16");
  await expect(
    page.getByTestId("unit-constituency").getByRole("link", { name: "ภาพแบบ ส.ส. 5/16 ที่ลงนามแล้ว" }),
  ).toHaveCount(1);
  await shot(page, "centre-unit-page");
  // Its polling units have no result: the centre reported for the constituency, not for one of them.
  await page.goto(`/results/u/${units[0]}`);
  await expect(page.getByTestId("unit-constituency")).toContainText("ยังไม่รายงาน");
});

test("a referendum on the same day is set up from CSV files on the election admin page", async ({ page }) => {
  await signIn(page, ADMIN.phone, ADMIN.e164, "/admin/election");
  await page.getByLabel("รหัส (ภาษาอังกฤษ)").fill(REFERENDUM);
  await page.getByLabel("ชื่อภาษาไทย").fill("ออกเสียงประชามติ (ตัวอย่าง)");
  await page.getByLabel("ชื่อภาษาอังกฤษ").fill("Referendum (demo)");
  await page.getByLabel("วันเลือกตั้ง").fill("2027-03-14");
  await page.getByLabel("รูปแบบ").selectOption("empty");
  await page.getByRole("button", { name: "สร้างการเลือกตั้ง" }).click();
  await expect(page.getByRole("status")).toContainText("สร้างแล้ว");

  await page.goto(`/admin/election?election=${REFERENDUM}`);
  const upload = async (kind: "contests" | "areas" | "choices", lines: string[]) => {
    await page.locator(`#${kind}`).setInputFiles({
      name: `${kind}.csv`,
      mimeType: "text/csv",
      buffer: Buffer.from(lines.join("\n")),
    });
    await page
      .locator("form", { has: page.locator(`#${kind}`) })
      .getByRole("button", { name: "นำเข้า" })
      .click();
    await expect(page.getByRole("status")).toContainText(`นำเข้า ${lines.length - 1} แถว`);
  };
  await upload("contests", [
    "key,kind,name_th,name_en,seats,position",
    "referendum,referendum,ร่างรัฐธรรมนูญฉบับใหม่,New constitution,,1",
  ]);
  // The question is asked in this constituency's units (the centre too), its count kept per constituency.
  await upload("areas", [
    "contest,area,area_name_th,area_name_en,area_seats,unit_code",
    ...[...units, centre].map((u) => `referendum,${CONSTITUENCY},กรุงเทพมหานคร เขต 2,Bangkok constituency 2,,${u}`),
  ]);
  await upload("choices", [
    "contest,area,number,name_th,name_en,party_number",
    "referendum,*,1,เห็นชอบ,Agree,",
    "referendum,*,2,ไม่เห็นชอบ,Disagree,",
    "referendum,*,3,ไม่แสดงความคิดเห็น,Abstain,",
  ]);
  await expect(page.getByTestId("election-contests")).toContainText("referendum (referendum)");
  await shot(page, "referendum-set-up");
});

test("the referendum is reported without a vote-no box, keyed blind, verified and totalled", async ({
  page,
  browser,
  baseURL,
}) => {
  const unit = units[0]!;
  const q = `?election=${REFERENDUM}`;
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, ADMIN.phone, ADMIN.e164, `/report/${unit}/referendum${q}`);
  await expect(page.getByRole("heading", { name: "ร่างรัฐธรรมนูญฉบับใหม่" })).toBeVisible();
  await expect(page.locator("#voteNo")).toHaveCount(0);
  await expect(page.locator('input[id^="vote_"]')).toHaveCount(3);
  await expect(page.getByText("เห็นชอบ", { exact: false }).first()).toBeVisible();
  const count = referendumCount(await registeredOn(page));
  // Outside an MP election the form has no ECT number: "the count report".
  const { operator, close } = await sendThenKeyBlind(page, browser, baseURL, {
    path: `${unit}/referendum${q}`,
    count,
    photoLabel: "ภาพแบบรายงานผลการนับคะแนน ที่ลงนามแล้ว",
    shot: "referendum-report",
  });

  // Totalled: the question's options over its units, the leading option named.
  await operator.goto(`/results${q}`);
  const question = operator.getByTestId("contest-referendum");
  await expect(question).toContainText("ร่างรัฐธรรมนูญฉบับใหม่");
  for (const n of [1, 2, 3])
    await expect(question.getByTestId(`choice-${n}`).locator(".bar-value")).toContainText(
      count[`vote_${n}`]!.toLocaleString("en-US"),
    );
  await expect(question.getByTestId("contest-leader")).toContainText("คำตอบที่นำ: เห็นชอบ");
  await expect(question).toContainText("บัตรเสีย 10");
  await expect(question).not.toContainText("ไม่เลือกผู้ใด");
  await shot(operator, "referendum-results");
  await close();
});
