import { Readable } from "node:stream";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCountryCsv } from "../../web/geography/generator.ts";
import { importGeographyCsv, type GeoImportResult } from "../../web/geography/import.server.ts";
import { GEO_COLUMNS } from "../../web/geography/csv-format.ts";

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});
afterAll(() => client.end());

const sliceCsv = (provinces = ["10"], constituenciesPerProvince = 2) =>
  [...generateCountryCsv({ provinces, constituenciesPerProvince })].join("");
const importText = (text: string, onProgress?: Parameters<typeof importGeographyCsv>[2]) =>
  importGeographyCsv(client, Readable.from([text]), onProgress);
const unitCount = async () =>
  (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "PollingUnit"`)).rows[0]!.n;
const failed = (r: GeoImportResult) => {
  if (r.ok) throw new Error("expected the import to fail");
  return r;
};

describe("geography import", () => {
  it("imports a file and reports progress", async () => {
    const text = sliceCsv();
    const progress: number[] = [];
    const result = await importText(text, (p) => progress.push(p.rowsRead));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const lines = text.trim().split("\n").length - 1;
    expect(result.summary).toMatchObject({ rows: lines, provinces: 1, constituencies: 2, units: lines });
    expect(result.summary.changed).toBeGreaterThan(lines);
    expect(await unitCount()).toBe(lines);
    expect(progress.at(-1)).toBe(lines);
    const unit = await client.query(`SELECT code, "constituencyId", number FROM "PollingUnit" ORDER BY code LIMIT 1`);
    expect(unit.rows[0].code).toMatch(/^10-01-\d{6}-\d{3}$/);
    expect(unit.rows[0].constituencyId).toBe("10-01");
  });

  it("changes nothing when the same file is imported again", async () => {
    const before = await unitCount();
    const result = await importText(sliceCsv());
    expect(result.ok && result.summary.changed).toBe(0);
    expect(await unitCount()).toBe(before);
  });

  it("keeps counting centres apart by their kind; a file without unit_kind is all polling units", async () => {
    const text = sliceCsv(["77"], 2);
    expect(text.split("\n")[0]).toMatch(/,unit_kind$/);
    expect((await importText(text)).ok).toBe(true);
    const kinds = await client.query<{ kind: string; n: number; min: number }>(
      `SELECT kind::text, count(*)::int AS n, min(number)::int AS min FROM "PollingUnit" WHERE code LIKE '77-%' GROUP BY 1 ORDER BY 1`,
    );
    // Each constituency's two centres: advance votes in it (900 + n), out of it and abroad (950 + n).
    expect(kinds.rows).toEqual([
      { kind: "advance_in", n: 2, min: 901 },
      { kind: "advance_out", n: 2, min: 951 },
      { kind: "polling", n: expect.any(Number), min: 1 },
    ]);
    // Without the column (a file of today's format): the units stay what they were, polling.
    const [header, ...rows] = sliceCsv(["76"], 1).trim().split("\n");
    const plain = [
      header!.replace(/,unit_kind$/, ""),
      ...rows.filter((r) => r.endsWith(",polling")).map((r) => r.replace(/,polling$/, "")),
    ];
    expect((await importText(plain.join("\n") + "\n")).ok).toBe(true);
    const units = await client.query<{ kind: string }>(
      `SELECT DISTINCT kind::text FROM "PollingUnit" WHERE code LIKE '76-%'`,
    );
    expect(units.rows).toEqual([{ kind: "polling" }]);
    // A kind that is not one is refused on its line.
    const bad = sliceCsv(["76"], 1).trim().split("\n");
    bad[2] = bad[2]!.replace(/,polling$/, ",booth");
    const refused = failed(await importText(bad.join("\n") + "\n"));
    expect(refused.errors).toMatchObject([{ line: 3, code: "unitKind" }]);
  });

  it("writes nothing when any row is wrong, and names the lines", async () => {
    const before = await unitCount();
    const lines = sliceCsv(["50"], 1).trim().split("\n");
    lines[3] = lines[3]!.replace(/^50,/, "5,"); // province code with one digit
    lines[7] = lines[7]!.split(",").slice(0, 5).join(","); // too few fields
    lines[9] = lines[9]!.replace(/,(\d+),(\w+)$/, ",lots,$2"); // eligible voters not a number
    const result = failed(await importText(lines.join("\n") + "\n"));
    expect(result.errors.map((e) => e.line)).toEqual([4, 8, 10]);
    expect(result.errors[0]!.message).toContain("province_code must be 2 digits");
    expect(result.errors[0]).toMatchObject({ code: "digits", params: { field: "province_code", n: 2 } });
    expect(result.errors[1]!.message).toContain("has 5 fields, the header has 16");
    expect(result.errors[2]!.message).toContain("eligible_voters");
    expect(await unitCount()).toBe(before);
    expect((await client.query(`SELECT 1 FROM "Province" WHERE code = '50'`)).rowCount).toBe(0);
  });

  it("finds duplicate units and conflicting names across rows", async () => {
    const lines = sliceCsv(["40"], 1).trim().split("\n");
    lines.push(lines[1]!); // the same unit twice
    const cells = lines[2]!.split(",");
    cells[8] = "ชื่ออื่น"; // same subdistrict code, another name
    lines[2] = cells.join(",");
    const result = failed(await importText(lines.join("\n") + "\n"));
    const messages = result.errors.map((e) => `${e.line}: ${e.message}`).join("\n");
    expect(messages).toContain(`${lines.length}: unit`);
    expect(messages).toContain("already appears on line 2");
    expect(messages).toContain("has a different name or parent than on line");
    expect((await client.query(`SELECT 1 FROM "Province" WHERE code = '40'`)).rowCount).toBe(0);
  });

  it.each([
    ["", "the file is empty"],
    [GEO_COLUMNS.join(",") + "\n", "has a header but no rows"],
    ["province_code,unit_no\n10,1\n", "header is missing column(s)"],
    [GEO_COLUMNS.join(",") + '\n"10,unterminated\n', "is not valid CSV"],
  ])("rejects a malformed file clearly (%#)", async (text, message) => {
    const result = failed(await importText(text));
    expect(result.errors[0]!.message).toContain(message);
  });

  it("accepts a UTF-8 byte-order mark and quoted fields", async () => {
    const lines = sliceCsv(["96"], 1).trim().split("\n").slice(0, 3);
    const cells = lines[1]!.split(",");
    cells[11] = '"โรงเรียน ""บ้านนา"", อาคาร 2"';
    lines[1] = cells.join(",");
    const result = await importText("\uFEFF" + lines.join("\n") + "\n");
    expect(result.ok).toBe(true);
    const { rows } = await client.query(
      `SELECT "locationName" FROM "PollingUnit" WHERE code LIKE '96-01-%' ORDER BY code LIMIT 1`,
    );
    expect(rows[0].locationName).toBe('โรงเรียน "บ้านนา", อาคาร 2');
  });
});
