import { expect, test, type Page } from "@playwright/test";
import { generateRosterCsv, syntheticNationalId, syntheticPhone } from "../../web/recruitment/roster-generator.ts";
import { shot, signIn } from "./helpers.ts";

// The recruitment flows in Thai, on a phone-sized screen, against the running platform
// (seeded with demo organisations and a synthetic roster). Tests run in order.
test.describe.configure({ mode: "serial" });

const CITIZEN = {
  phone: "0861234567",
  e164: "+66861234567",
  name: "วรรณา ทดลองสมัคร",
  id: syntheticNationalId(7_654_321),
};
const ORG_ADMIN = { phone: "0800000002", e164: "+66800000002" };
const PLATFORM_ADMIN = { phone: "0800000001", e164: "+66800000001" };

async function fillSignup(page: Page, nationalId: string) {
  await page.getByLabel("ชื่อ-นามสกุล").fill(CITIZEN.name);
  await page.getByLabel("เลขประจำตัวประชาชน 13 หลัก").fill(nationalId);
  await page.getByLabel("วันเกิด").fill("12/04/2538"); // the Buddhist year, as Thai people write it
  await page.getByLabel("จังหวัด", { exact: true }).selectOption({ label: "กรุงเทพมหานคร" });
  await page.getByLabel("เขตเลือกตั้ง", { exact: true }).selectOption({ index: 1 });
  await page.getByLabel("ศูนย์ปฏิบัติการคืนเลือกตั้ง").check();
  await page.getByLabel("ข้าพเจ้ายินยอมตามข้อความข้างต้น").check();
}

test("a citizen signs up through an organisation's link: code, form, consent, affiliation", async ({ page }) => {
  await signIn(page, CITIZEN.phone, CITIZEN.e164, "/join/demo-network");
  await expect(page).toHaveURL(/\/join\/demo-network$/);
  await expect(page.getByRole("heading", { name: "สมัครเป็นอาสาสมัคร" })).toBeVisible();
  await expect(page.getByLabel("องค์กรภาคี")).toHaveValue("demo-network");

  // A wrong check digit: a clear Thai message by the field, nothing saved.
  const wrong = CITIZEN.id.slice(0, 12) + ((Number(CITIZEN.id[12]) + 1) % 10);
  await fillSignup(page, wrong);
  const [bad] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.getByRole("button", { name: "สมัคร", exact: true }).click(),
  ]);
  expect(bad.status()).toBe(400);
  await expect(page.locator("#nationalId-error")).toHaveText("เลขประจำตัวประชาชนไม่ถูกต้อง (เลขตรวจสอบหลักสุดท้ายไม่ตรง)");
  await shot(page, "signup-error");

  await fillSignup(page, CITIZEN.id);
  await shot(page, "signup-form");
  await page.getByRole("button", { name: "สมัคร", exact: true }).click();
  await expect(page).toHaveURL(/\/me\?joined=1$/);
  await expect(page.getByRole("status")).toHaveText("สมัครเรียบร้อยแล้ว องค์กรจะตรวจสอบและอนุมัติ");
  const affiliation = page.getByTestId("affiliation");
  await expect(affiliation).toHaveCount(1);
  await expect(affiliation).toContainText("เครือข่ายอาสาสมัครเลือกตั้ง (ตัวอย่าง)");
  await expect(affiliation).toContainText("รออนุมัติ");
  // What happens next, not "no role yet" (issue 40).
  await expect(page.getByTestId("next-steps")).toContainText("รอ เครือข่ายอาสาสมัครเลือกตั้ง (ตัวอย่าง) อนุมัติใบสมัครของคุณ");
  await expect(page.getByText("ยังไม่มีบทบาท")).toHaveCount(0);
  await expect(page.getByText("x-xxxx-xxxx")).toBeVisible(); // only the last 4 digits are shown
  await shot(page, "me-affiliation");

  // Signing up through the same organisation again is refused with a 409.
  await page.goto("/join/demo-network");
  await fillSignup(page, CITIZEN.id);
  const [dup] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.getByRole("button", { name: "สมัคร", exact: true }).click(),
  ]);
  expect(dup.status()).toBe(409);
  await expect(page.getByRole("alert").first()).toHaveText("คุณสมัครกับองค์กรนี้ไว้แล้ว");

  // The machine-readable export holds this person's own data.
  const exported = await (await page.request.get("/me/export")).json();
  expect(exported.account.phone).toBe(CITIZEN.e164);
  expect(exported.volunteer.affiliations).toHaveLength(1);
  expect(JSON.stringify(exported)).not.toContain(CITIZEN.id);

  // The optional contact consent can be given later and withdrawn; each change is kept.
  await page.goto("/me");
  await expect(page.getByTestId("consents")).toContainText("การใช้ข้อมูลเพื่อการสังเกตการณ์เลือกตั้ง");
  await page.getByRole("button", { name: "ยินยอมให้ติดต่อหลังการเลือกตั้ง" }).click();
  await expect(page.getByTestId("consents")).toContainText("การติดต่อหลังการเลือกตั้ง");
  await page.getByRole("button", { name: "ถอนความยินยอมให้ติดต่อหลังการเลือกตั้ง" }).click();
  await expect(
    page.getByTestId("consents").getByRole("listitem").filter({ hasText: "การติดต่อหลังการเลือกตั้ง" }),
  ).toContainText("ถอนแล้ว");
  await shot(page, "me-consents");
});

test("an org admin approves with history, sees a phone number only by asking, and the read is logged", async ({
  page,
}) => {
  await signIn(page, ORG_ADMIN.phone, ORG_ADMIN.e164, "/org/demo-network/roster");
  await expect(page.getByRole("heading", { name: /รายชื่ออาสาสมัคร/ })).toBeVisible();
  await expect(page.getByTestId("signup-link")).toHaveText(/\/join\/demo-network$/);
  await expect(page.getByRole("img", { name: "ลิงก์สมัครขององค์กร" })).toBeVisible();
  await expect(page.getByTestId("roster-total")).toHaveText("พบ 241 คน");
  await shot(page, "roster");

  await page.getByLabel("ค้นหา").fill("วรรณา ทดลอง");
  await page.getByRole("button", { name: "กรอง" }).click();
  await expect(page.getByTestId("roster-total")).toHaveText("พบ 1 คน");
  await page.getByRole("link", { name: CITIZEN.name }).click();
  await expect(page.getByTestId("status")).toHaveText("รออนุมัติ");
  await expect(page.getByText(CITIZEN.phone)).toHaveCount(0);

  await page.getByRole("button", { name: "อนุมัติ", exact: true }).click();
  await expect(page.getByTestId("status")).toHaveText("อนุมัติแล้ว");
  await expect(page.getByTestId("history")).toContainText("รออนุมัติ → อนุมัติแล้ว");

  // Suspending needs a reason: refused without one.
  await page.getByRole("button", { name: "ระงับ" }).click();
  await expect(page.getByRole("alert")).toHaveText("กรุณาระบุเหตุผลเมื่อไม่อนุมัติหรือระงับ");
  await expect(page.getByTestId("status")).toHaveText("อนุมัติแล้ว");

  await page.getByLabel("เหตุผลที่ดู").selectOption("verify");
  await page.getByRole("button", { name: "ดูเบอร์โทร" }).click();
  await expect(page.getByTestId("phone")).toHaveText("086-123-4567");
  await expect(page.getByText("การดูเบอร์ครั้งนี้ถูกบันทึกไว้")).toBeVisible();
  await shot(page, "roster-volunteer");

  // Bulk: approve two pending people from the filtered list.
  await page.goto("/org/demo-network/roster?status=pending&tier=polling_unit");
  const boxes = page.getByRole("checkbox", { name: /^เลือก / });
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.getByLabel("การดำเนินการ").selectOption("approve");
  await page.getByRole("button", { name: "ดำเนินการ", exact: true }).click();
  await expect(page.getByTestId("bulk-result")).toHaveText("เปลี่ยนสถานะแล้ว 2 คน, ข้าม 0 คน (สถานะไม่ตรง)");
});

test("an org admin imports a roster CSV with progress and an error file, re-imports it, and exports the roster", async ({
  page,
}) => {
  await signIn(page, ORG_ADMIN.phone, ORG_ADMIN.e164, "/org/demo-network/imports");
  const rows = [
    ...generateRosterCsv({
      count: 500,
      first: 50_000,
      areas: [{ provinceCode: "10", constituencyId: "10-01", subdistrictCode: "100101" }],
    }),
  ]
    .join("")
    .trim()
    .split("\n");
  rows.push(`ชื่อ ผิดเบอร์,02-555-0000,${syntheticNationalId(60_000)},1990-01-01,,,,,`); // line 502
  rows.push(`ซ้ำ คนเดิม,${syntheticPhone(50_000)},${syntheticNationalId(60_001)},1990-01-01,,,,,`); // line 503
  const csv = Buffer.from(rows.join("\n") + "\n");

  const upload = async (name: string) => {
    await page.goto("/org/demo-network/imports");
    await page.getByLabel("ยืนยันว่าบุคคลในไฟล์ยินยอม", { exact: false }).check();
    await page.getByLabel("ไฟล์ CSV", { exact: true }).setInputFiles({ name, mimeType: "text/csv", buffer: csv });
    await page.getByRole("button", { name: "อัปโหลดและนำเข้า" }).click();
    await expect(page).toHaveURL(/\/org\/demo-network\/imports\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("import-status")).toHaveText("สำเร็จ", { timeout: 30_000 });
    await expect(page.locator("progress")).toHaveAttribute("value", "100");
  };

  await upload("members.csv");
  await expect(page.getByTestId("import-summary")).toHaveText(/เพิ่มใหม่ 500.*แก้ไข 0.*ไม่เปลี่ยนแปลง 0.*ผิดพลาด 2/s);
  await expect(page.getByRole("row", { name: /^502 เบอร์มือถือ "02-555-0000" ไม่ถูกต้อง/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /^503 ซ้ำกับบรรทัด 2 ในไฟล์/ })).toBeVisible();
  await shot(page, "roster-import-done");
  const errorFile = await page.request.get(page.url() + "/errors.csv");
  expect(errorFile.status()).toBe(200);
  const errorsCsv = await errorFile.text();
  expect(errorsCsv).toContain("line,problem_th,problem_en");
  expect(errorsCsv).toMatch(/\n502,/);
  expect(errorsCsv).not.toContain(syntheticNationalId(60_000)); // never the full ID

  await upload("members-again.csv");
  await expect(page.getByTestId("import-summary")).toHaveText(/เพิ่มใหม่ 0.*แก้ไข 0.*ไม่เปลี่ยนแปลง 500.*ผิดพลาด 2/s);

  // A file without the required columns is refused as a whole.
  await page.goto("/org/demo-network/imports");
  await page.getByLabel("ยืนยันว่าบุคคลในไฟล์ยินยอม", { exact: false }).check();
  await page
    .getByLabel("ไฟล์ CSV", { exact: true })
    .setInputFiles({ name: "wrong.csv", mimeType: "text/csv", buffer: Buffer.from("name,tel\nก,0812345678\n") });
  await page.getByRole("button", { name: "อัปโหลดและนำเข้า" }).click();
  await expect(page).toHaveURL(/\/org\/demo-network\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("ไม่สำเร็จ", { timeout: 30_000 });
  await expect(
    page.getByRole("row", { name: /หัวตารางขาดคอลัมน์: full_name, phone, national_id, birth_date/ }),
  ).toBeVisible();

  // Without the consent box, the upload is refused before anything is stored.
  const refused = await page.request.post("/org/demo-network/imports", {
    multipart: { file: { name: "x.csv", mimeType: "text/csv", buffer: csv } },
  });
  expect(refused.status()).toBe(400);

  // The roster page's own export button, as filtered (it once pointed at a 404).
  await page.goto(`/org/demo-network/roster?q=${encodeURIComponent("ทดลองสมัคร")}`);
  const exportHref = await page.getByRole("link", { name: "ส่งออก CSV" }).getAttribute("href");
  expect(exportHref).toMatch(/^\/org\/demo-network\/roster\/export\?/);
  const exported = await page.request.get(exportHref!);
  expect(exported.status()).toBe(200);
  expect(exported.headers()["content-type"]).toContain("text/csv");
  const lines = (await exported.text()).trim().split("\n");
  expect(lines[0]).toContain("full_name,phone,national_id_last4");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(CITIZEN.name);
  expect(lines[1]).toContain(CITIZEN.e164);
  const all = (await (await page.request.get("/org/demo-network/roster/export")).text()).trim().split("\n");
  expect(all).toHaveLength(1 + 241 + 500);
});

test("a platform admin adds an organisation, appoints its admin by SMS and sees every phone read", async ({ page }) => {
  await signIn(page, PLATFORM_ADMIN.phone, PLATFORM_ADMIN.e164, "/admin/organisations");
  await page.getByLabel("รหัสองค์กร (ใช้ในลิงก์)").fill("e2e-students");
  await page.getByLabel("ชื่อภาษาไทย").fill("ชมรมนักศึกษาทดสอบ");
  await page.getByLabel("ชื่อภาษาอังกฤษ").fill("E2E Student Club");
  await page.getByRole("button", { name: "เพิ่มองค์กร" }).click();
  await expect(page.getByRole("status")).toHaveText("เพิ่มองค์กรแล้ว");
  const org = page.getByTestId("org-e2e-students");
  await org.getByLabel("เบอร์มือถือของผู้ที่จะแต่งตั้ง").fill("087-000-0001");
  await org.getByRole("button", { name: "แต่งตั้ง" }).click();
  await expect(page.getByRole("status")).toHaveText("แต่งตั้งแล้ว และส่ง SMS แจ้งแล้ว");
  await expect(page.getByTestId("org-e2e-students-org_admin")).toContainText("087-xxx-0001");
  // And a fact-checker for the rumour desk (issue 42).
  await org.getByLabel("เบอร์มือถือของผู้ที่จะแต่งตั้ง").fill("087-000-0002");
  await org.getByLabel("ในฐานะ").selectOption("fact_checker");
  await org.getByRole("button", { name: "แต่งตั้ง" }).click();
  await expect(page.getByRole("status")).toHaveText("แต่งตั้งแล้ว และส่ง SMS แจ้งแล้ว");
  await expect(page.getByTestId("org-e2e-students-fact_checker")).toContainText("087-xxx-0002");
  await shot(page, "organisations");

  // The new admin signs in and lands on their own roster.
  const admin = await page
    .context()
    .browser()!
    .newContext({ baseURL: page.url().replace(/\/admin.*$/, ""), locale: "th-TH" });
  const adminPage = await admin.newPage();
  await adminPage.goto("/dev/outbox");
  await expect(adminPage.getByTestId("outbox-message").filter({ hasText: "+66870000001" }).first()).toContainText(
    "/org/e2e-students/roster",
  );
  await signIn(adminPage, "0870000001", "+66870000001", "/org/e2e-students/roster");
  await expect(adminPage.getByTestId("roster-total")).toHaveText("พบ 0 คน");
  // The fact-checker is told where the desk is, and it opens for them.
  const checker = await admin.newPage();
  await checker.context().clearCookies();
  await checker.goto("/dev/outbox");
  await expect(checker.getByTestId("outbox-message").filter({ hasText: "+66870000002" }).first()).toContainText(
    "/desk",
  );
  await signIn(checker, "0870000002", "+66870000002", "/desk");
  await expect(checker).toHaveURL(/\/desk$/);
  await expect(checker.getByLabel("ข้อความที่แชร์")).toBeVisible();
  await admin.close();

  await page.goto("/admin/phone-reads");
  const reads = page.getByTestId("phone-reads");
  await expect(reads.getByRole("row").filter({ hasText: CITIZEN.id.slice(-4) })).toContainText("ยืนยันตัวตน");
  await expect(page.getByTestId("phone-exports").getByRole("row").nth(1)).toContainText("741");
  await shot(page, "phone-reads");
});

test("role × route: org admins stay in their organisation, volunteers see only themselves, anonymous users nothing", async ({
  page,
  browser,
  baseURL,
}) => {
  // An id from another organisation's roster, found by the platform admin.
  await signIn(page, PLATFORM_ADMIN.phone, PLATFORM_ADMIN.e164, "/org/demo-university/roster");
  const href = await page.getByRole("table").getByRole("link").first().getAttribute("href");
  const otherId = href!.split("/").pop()!;
  expect((await page.request.get(`/org/demo-university/roster/${otherId}`)).status()).toBe(200);
  expect((await page.request.get("/admin/phone-reads")).status()).toBe(200);

  const contextFor = async (phone?: { phone: string; e164: string }) => {
    const context = await browser.newContext({ baseURL, locale: "th-TH" });
    if (phone) await signIn(await context.newPage(), phone.phone, phone.e164);
    return context;
  };
  const status = async (
    context: Awaited<ReturnType<typeof contextFor>>,
    method: "GET" | "POST",
    path: string,
    form?: Record<string, string>,
  ) => {
    const response = await context.request.fetch(path, { method, maxRedirects: 0, ...(form ? { form } : {}) });
    return response.status();
  };

  const orgRoutes = (slug: string, id: string) =>
    [
      ["GET", `/org/${slug}/roster`],
      ["GET", `/org/${slug}/roster/${id}`],
      ["GET", `/org/${slug}/roster/export`],
      ["GET", `/org/${slug}/imports`],
      ["POST", `/org/${slug}/roster`, { id, action: "approve" }],
      ["POST", `/org/${slug}/roster/${id}`, { intent: "phone", purpose: "contact" }],
    ] as const;

  const anonymous = await contextFor();
  const orgAdmin = await contextFor(ORG_ADMIN);
  const volunteer = await contextFor({ phone: CITIZEN.phone, e164: CITIZEN.e164 });
  const countReads = () =>
    page.request
      .get("/admin/phone-reads")
      .then((r) => r.text())
      .then((t) => (t.match(/<tr/g) ?? []).length);
  const readsBefore = await countReads();

  for (const [method, path, form] of orgRoutes("demo-university", otherId)) {
    expect.soft(await status(anonymous, method, path, form), `anonymous ${method} ${path}`).toBe(302);
    expect.soft(await status(volunteer, method, path, form), `volunteer ${method} ${path}`).toBe(403);
    expect.soft(await status(orgAdmin, method, path, form), `other org's admin ${method} ${path}`).toBe(403);
  }
  // Through their own organisation's URL, another organisation's volunteer does not exist.
  expect(await status(orgAdmin, "GET", `/org/demo-network/roster/${otherId}`)).toBe(404);
  expect(
    await status(orgAdmin, "POST", `/org/demo-network/roster/${otherId}`, { intent: "phone", purpose: "contact" }),
  ).toBe(404);
  const statusOf = async () =>
    /data-testid="status"[^>]*>([^<]+)</.exec(
      await (await page.request.get(`/org/demo-university/roster/${otherId}`)).text(),
    )![1];
  const before = await statusOf();
  expect(
    await status(orgAdmin, "POST", `/org/demo-network/roster`, { id: otherId, action: "suspend", reason: "x" }),
  ).toBe(200);
  expect(await status(orgAdmin, "POST", `/org/demo-network/roster`, { id: otherId, action: "approve" })).toBe(200);
  expect(await statusOf()).toBe(before);

  for (const path of ["/admin/organisations", "/admin/phone-reads"]) {
    expect.soft(await status(anonymous, "GET", path), `anonymous ${path}`).toBe(302);
    expect.soft(await status(volunteer, "GET", path), `volunteer ${path}`).toBe(403);
    expect.soft(await status(orgAdmin, "GET", path), `org admin ${path}`).toBe(403);
  }
  expect(await status(anonymous, "GET", "/me/export")).toBe(302);
  const own = await (await volunteer.request.get("/me/export")).json();
  expect(own.account.phone).toBe(CITIZEN.e164);
  expect(JSON.stringify(own)).not.toContain("+66800000002");

  // Nothing personal on public pages: none of the numbers in the system (the login
  // page's example, 081-234-5678, belongs to nobody here).
  for (const path of ["/", "/join/demo-network", "/org/demo-network/qr.svg", "/org/demo-network/roster"]) {
    const body = await (await anonymous.request.get(path)).text();
    expect.soft(body, path).not.toMatch(/\+66\d{9}|0(80|86|90)-?\d{3}-?\d{4}|วรรณา/);
  }
  // No refused request read a phone number.
  expect(await countReads()).toBe(readsBefore);
  await Promise.all([anonymous.close(), orgAdmin.close(), volunteer.close()]);
});

test("bad input on the public forms gets a 4xx and a message, never a 5xx", async ({ page }) => {
  await signIn(page, "0861112222", "+66861112222", "/join");
  const post = (form: Record<string, string>) => page.request.post("/join", { form, maxRedirects: 0 });
  const spam = await post({ fullName: "บอท", nationalId: CITIZEN.id, website: "http://spam.example" });
  expect(spam.status()).toBe(400);
  const garbage = await post({
    organisation: "no-such-org",
    consentData: "on",
    fullName: "ทดสอบ ระบบ",
    nationalId: syntheticNationalId(1),
    birthDate: "1990-01-01",
    tiers: "polling_unit",
  });
  expect(garbage.status()).toBe(400);
  expect((await page.request.get("/join/no-such-org")).status()).toBe(404);
  expect((await page.request.get("/org/no-such-org/roster")).status()).toBe(404);
  expect((await page.request.get("/me/export").then((r) => r.json())).volunteer).toBeNull();
});

test("sign-up works before JavaScript loads: an error keeps what was typed", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, locale: "th-TH", javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, "0861113333", "+66861113333", "/join/demo-university");
  await expect(page).toHaveURL(/\/join\/demo-university$/);
  const id = syntheticNationalId(7_654_999);
  await page.getByLabel("ชื่อ-นามสกุล").fill("ไม่มี สคริปต์");
  await page.getByLabel("เลขประจำตัวประชาชน 13 หลัก").fill(id);
  await page.getByLabel("วันเกิด").fill("1999-09-09");
  await page.getByLabel("ศูนย์ปฏิบัติการคืนเลือกตั้ง").check();
  await page.getByRole("button", { name: "สมัคร", exact: true }).click(); // no consent
  await expect(page.locator("#consentData-error")).toHaveText("ต้องให้ความยินยอมจึงจะสมัครได้");
  await expect(page.getByLabel("ชื่อ-นามสกุล")).toHaveValue("ไม่มี สคริปต์");
  await expect(page.getByLabel("เลขประจำตัวประชาชน 13 หลัก")).toHaveValue(id);
  await expect(page.getByLabel("ศูนย์ปฏิบัติการคืนเลือกตั้ง")).toBeChecked();
  await expect(page.getByLabel("องค์กรภาคี")).toHaveValue("demo-university");
  await page.getByLabel("ข้าพเจ้ายินยอมตามข้อความข้างต้น").check();
  await page.getByRole("button", { name: "สมัคร", exact: true }).click();
  await expect(page).toHaveURL(/\/me\?joined=1$/);
  await expect(page.getByTestId("affiliation")).toContainText("มหาวิทยาลัยตัวอย่าง");
  await context.close();
});

test("the sign-up form checks a field in the browser as it is left, with the action's schema and messages", async ({
  page,
}) => {
  await signIn(page, "0861114444", "+66861114444", "/join/demo-network");
  const posts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST") posts.push(r.url());
  });
  const id = syntheticNationalId(7_654_888);
  const field = page.getByLabel("เลขประจำตัวประชาชน 13 หลัก");
  await field.fill(id.slice(0, 12) + ((Number(id[12]) + 1) % 10));
  await field.blur();
  await expect(page.locator("#nationalId-error")).toHaveText("เลขประจำตัวประชาชนไม่ถูกต้อง (เลขตรวจสอบหลักสุดท้ายไม่ตรง)");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  // Typing the right number clears the message; nothing was sent to the server.
  await field.fill(id);
  await expect(page.locator("#nationalId-error")).toHaveCount(0);
  expect(posts).toEqual([]);
  // The page has no React (issue 40): its own script narrows the constituencies to the
  // province and suggests subdistricts as a name is typed.
  await page.locator("#provinceCode").selectOption("10");
  const shown = await page
    .locator("#constituencyId option:not([hidden])")
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  expect(shown.length).toBeGreaterThan(1);
  expect(shown.every((c) => c.startsWith("10-"))).toBe(true);
  await page.locator("#subdistrictSearch").pressSequentially("บาง");
  await expect(page.locator("#subdistrict-options option").first()).toHaveAttribute("value", /^10\d{4}$/);
});

test("war room: an operator opens a shift, an approved war-room volunteer takes its seat, and is confirmed and checked in", async ({
  page,
  browser,
  baseURL,
}) => {
  await signIn(page, "0800000004", "+66800000004", "/warroom");
  await page.getByLabel("ชื่อกะ").fill("กะทดสอบ");
  await page.getByLabel("เริ่ม").fill("2027-03-14T17:00");
  await page.getByLabel("สิ้นสุด").fill("2027-03-14T21:00");
  await page.getByLabel("จำนวนที่นั่ง").fill("1");
  await page.getByRole("button", { name: "เพิ่มกะ" }).click();
  const shift = page.getByTestId("shift").filter({ hasText: "กะทดสอบ" });
  await expect(shift).toContainText("0/1 ที่นั่ง");
  // A shift that ends before it starts is refused.
  const bad = await page.request.post("/warroom", {
    form: { intent: "create", name: "ผิด", startsAt: "2027-03-14T21:00", endsAt: "2027-03-14T17:00", seats: "5" },
  });
  expect(bad.status()).toBe(400);

  const volunteer = await browser.newContext({ baseURL, locale: "th-TH" });
  const me = await volunteer.newPage();
  await signIn(me, CITIZEN.phone, CITIZEN.e164, "/me");
  const mine = me.getByTestId("shift").filter({ hasText: "กะทดสอบ" });
  await mine.getByRole("button", { name: "ลงชื่อ" }).click();
  await expect(me.getByTestId("shift").filter({ hasText: "กะทดสอบ" })).toContainText("ลงชื่อแล้ว");
  await expect(me.getByTestId("shift").filter({ hasText: "กะทดสอบ" })).toContainText("1/1 ที่นั่ง");
  await shot(me, "me-warroom");
  await volunteer.close();

  // Someone who did not choose the war room cannot sign up, and a full shift takes nobody.
  const other = await browser.newContext({ baseURL, locale: "th-TH" });
  const otherPage = await other.newPage();
  await signIn(otherPage, "0861113333", "+66861113333", "/me");
  await expect(otherPage.getByTestId("shift")).toHaveCount(0);
  await other.close();

  await page.reload();
  const row = page
    .getByTestId("shift")
    .filter({ hasText: "กะทดสอบ" })
    .getByRole("row")
    .filter({ hasText: CITIZEN.name });
  await row.getByRole("button", { name: "ยืนยัน" }).click();
  await expect(
    page.getByTestId("shift").filter({ hasText: "กะทดสอบ" }).getByRole("row").filter({ hasText: CITIZEN.name }),
  ).toContainText("ยืนยันแล้ว");
  await page
    .getByTestId("shift")
    .filter({ hasText: "กะทดสอบ" })
    .getByRole("row")
    .filter({ hasText: CITIZEN.name })
    .getByRole("button", { name: "เช็กอิน" })
    .click();
  await expect(
    page.getByTestId("shift").filter({ hasText: "กะทดสอบ" }).getByRole("row").filter({ hasText: CITIZEN.name }),
  ).toContainText("เข้างานแล้ว");
  await shot(page, "warroom");
});
