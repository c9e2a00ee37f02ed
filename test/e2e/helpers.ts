import { expect, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import pg from "pg";

export const SCREENSHOTS = "test-results/screenshots";
mkdirSync(SCREENSHOTS, { recursive: true });

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

/** Reads the latest code sent to the phone from the development outbox page. */
export async function codeFromOutbox(page: Page, e164: string): Promise<string> {
  const outbox = await page.context().newPage();
  await outbox.goto("/dev/outbox");
  const message = outbox.getByTestId("outbox-message").filter({ hasText: e164 }).first();
  await expect(message).toBeVisible();
  const body = await message.getByTestId("outbox-body").innerText();
  await outbox.close();
  return /(\d{6})/.exec(body)![1]!;
}

/** Signs in through the real flow: phone → SMS (outbox) → code. */
export async function signIn(page: Page, phone: string, e164: string, redirectTo?: string) {
  await page.goto(redirectTo ? `/login?redirectTo=${encodeURIComponent(redirectTo)}` : "/login");
  await page.getByLabel("เบอร์โทรศัพท์มือถือ").fill(phone);
  await page.getByRole("button", { name: "ส่งรหัส" }).click();
  await expect(page.getByRole("heading", { name: "กรอกรหัสที่ได้รับ" })).toBeVisible();
  const code = await codeFromOutbox(page, e164);
  await page.getByLabel("รหัส 6 หลัก").fill(code);
  await page.getByRole("button", { name: "เข้าสู่ระบบ", exact: true }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
}

export type Count = Record<string, number>;

/** A count that adds up for a unit with `eligible` voters on its register and `numbers`
 *  numbers on the ballot: three in four came, every one used, votes falling off by number
 *  (number 1 leads). The register's figure is what the form says, so nothing is flagged. */
export function countFor(eligible: number, numbers: number, over: Count = {}): Count {
  const voters = Math.round(eligible * 0.75);
  const [invalid, voteNo, leftOver] = [10, 20, 20];
  const valid = voters - invalid - voteNo;
  const weights = Array.from({ length: numbers }, (_, k) => numbers - k);
  const total = weights.reduce((a, b) => a + b, 0);
  const votes = weights.map((w) => Math.floor((valid * w) / total));
  votes[0]! += valid - votes.reduce((a, b) => a + b, 0);
  return {
    eligible,
    voters,
    ballotsReceived: voters + leftOver,
    ballotsUsed: voters,
    valid,
    invalid,
    voteNo,
    ballotsLeftOver: leftOver,
    ...Object.fromEntries(votes.map((v, k) => [`vote_${k + 1}`, v])),
    ...over,
  };
}

/** The unit's registered eligible voters, as its report page shows them. */
export async function registeredOn(page: Page): Promise<number> {
  const text = await page.getByTestId("registered").first().innerText();
  return Number(/(\d+)/.exec(text.replaceAll(",", ""))![1]);
}

/** The units of the head's constituency page that have a reporter, each with the
 *  reporter's phone (the demo's volunteer n signs in as 09xxxxxxxx, n zero-padded). */
export async function unitsWithReporters(page: Page) {
  await expect(page.locator("table.units tbody tr").first()).toBeVisible();
  const rows = await page.locator("table.units tbody tr").evaluateAll((trs) =>
    trs.map((tr) => ({
      code: tr.querySelector("a.mono")!.textContent!.trim(),
      reporter: tr.querySelector("td:nth-child(2)")!.textContent!.trim(),
    })),
  );
  return rows.flatMap((row) => {
    const m = /(\d+)\s*(รอการตอบรับ|ตอบรับแล้ว)$/.exec(row.reporter);
    if (!m) return [];
    const local = `09${String(Number(m[1])).padStart(8, "0")}`;
    return [{ code: row.code, reporter: { phone: local, e164: `+66${local.slice(1)}` } }];
  });
}

/** The e2e platform's database, for what a test must look up (never to write results). */
export const database = () =>
  new pg.Client({
    connectionString: `postgresql://postgres:postgres@127.0.0.1:${process.env.E2E_PG_PORT ?? "54349"}/election`,
  });

/** Units of 10-01 nobody has counted yet (other tests report some). */
export async function freshUnits(n: number) {
  const db = database();
  await db.connect();
  const { rows } = await db.query<{ unitCode: string }>(
    `SELECT a."unitCode" FROM "AreaUnit" a JOIN "Election" e ON e.id = a."electionId"
      WHERE e.slug = 'demo-2027' AND a.ballot = 'constituency' AND a."areaCode" = '10-01'
        AND NOT EXISTS (SELECT 1 FROM "TallyEntry" t WHERE t."unitCode" = a."unitCode")
        AND NOT EXISTS (SELECT 1 FROM "LiveSnapshot" s WHERE s."unitCode" = a."unitCode")
      ORDER BY a."unitCode" DESC LIMIT $1`,
    [n],
  );
  await db.end();
  return rows.map((r) => r.unitCode);
}

/** A count of the unit's constituency ballot (or another: `ballot`, `numbers` on it, in
 *  the election `election`) with its signed form's photo, sent from the verify page of a
 *  signed-in head or war-room operator. */
export async function postCount(
  page: Page,
  unit: string,
  over: Record<string, number> = {},
  { ballot = "constituency", numbers = 6, election }: { ballot?: string; numbers?: number; election?: string } = {},
) {
  const path = `/verify/${unit}/${ballot}${election ? `?election=${election}` : ""}`;
  await page.goto(path);
  const count = countFor(await registeredOn(page), numbers, over);
  const response = await page.request.post(path, {
    multipart: {
      submissionId: crypto.randomUUID(),
      ...Object.fromEntries(Object.entries(count).map(([k, v]) => [k, String(v)])),
      // The signed form's photo: what a decision rests on.
      photoForm: {
        name: "form.jpg",
        mimeType: "image/jpeg",
        buffer: Buffer.concat([
          Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
          Buffer.from(`form-${unit}-${Date.now()}-`.repeat(40)),
        ]),
      },
    },
    maxRedirects: 0,
  });
  expect(response.status(), await response.text()).toBeLessThan(400);
}

/** The units someone has already sent a count or a realtime snapshot for (other tests
 *  report some), read from the end-to-end database. */
export async function countedUnits(): Promise<Set<string>> {
  const { default: pg } = await import("pg");
  const database = new pg.Client({
    connectionString: `postgresql://postgres:postgres@127.0.0.1:${process.env.E2E_PG_PORT ?? "54349"}/election`,
  });
  await database.connect();
  try {
    const { rows } = await database.query<{ unitCode: string }>(
      `SELECT "unitCode" FROM "TallyEntry" UNION SELECT "unitCode" FROM "LiveSnapshot" UNION SELECT "unitCode" FROM "UnitResult"`,
    );
    return new Set(rows.map((r) => r.unitCode));
  } finally {
    await database.end();
  }
}
