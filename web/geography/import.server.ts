// Streamed, all-or-nothing, idempotent import of the geography CSV.
// Rows are validated one by one and staged in a temporary table inside one transaction;
// cross-row checks (duplicates, conflicting names) run in SQL on the staged rows; then
// everything is upserted, changing only rows whose values differ. Any error rolls back.
import type { Readable } from "node:stream";
import { csvRecords, readHeader } from "../csv/records.ts";
import type pg from "pg";
import { GEO_COLUMNS, geoRowSchema, rowProblems, type GeoRow, type GeoProblem } from "./csv-format.ts";
import { tFor } from "../i18n/i18n.ts";

/** One problem on one line: shown in Thai or English from its code; `message` is the
 *  English text for logs and the downloadable report. */
export interface LineError extends GeoProblem {
  line: number;
  message: string;
}

const english = tFor("en");
const lineError = (line: number, code: string, params: Record<string, string | number> = {}): LineError => ({
  line,
  code,
  params,
  message: english(`geoErrors.${code}`, params),
});

export interface ImportProgress {
  bytesRead: number;
  rowsRead: number;
}

export interface GeoImportSummary {
  rows: number;
  provinces: number;
  constituencies: number;
  districts: number;
  subdistricts: number;
  units: number;
  /** Rows inserted or updated across all levels; 0 when re-importing the same file. */
  changed: number;
}

export type GeoImportResult =
  { ok: true; summary: GeoImportSummary } | { ok: false; errors: LineError[]; errorCount: number; rowsRead: number };

const MAX_REPORTED_ERRORS = 1000;
const BATCH = 2000;

const STAGE_COLUMNS: [keyof GeoRow | "line", string][] = [
  ["line", "int"],
  ["province_code", "text"],
  ["province_name_th", "text"],
  ["province_name_en", "text"],
  ["constituency_no", "int"],
  ["district_code", "text"],
  ["district_name_th", "text"],
  ["district_name_en", "text"],
  ["subdistrict_code", "text"],
  ["subdistrict_name_th", "text"],
  ["subdistrict_name_en", "text"],
  ["unit_no", "int"],
  ["location_name", "text"],
  ["latitude", "float8"],
  ["longitude", "float8"],
  ["eligible_voters", "int"],
];

export async function importGeographyCsv(
  client: pg.PoolClient | pg.Client,
  input: Readable,
  onProgress: (p: ImportProgress) => void = () => {},
): Promise<GeoImportResult> {
  const errors: LineError[] = [];
  let errorCount = 0;
  const fail = (line: number, code: string, params: Record<string, string | number> = {}) => {
    errorCount++;
    if (errors.length < MAX_REPORTED_ERRORS) errors.push(lineError(line, code, params));
  };

  let bytesRead = 0;

  await client.query("BEGIN");
  try {
    await client.query(
      `CREATE TEMP TABLE geo_stage (${STAGE_COLUMNS.map(([c, t]) => `${c} ${t}`).join(", ")}) ON COMMIT DROP`,
    );
    let batch: (GeoRow & { line: number })[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const arrays = STAGE_COLUMNS.map(([c]) => batch.map((r) => r[c as keyof typeof r] ?? null));
      await client.query(
        `INSERT INTO geo_stage SELECT * FROM unnest(${STAGE_COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(", ")})`,
        arrays,
      );
      batch = [];
    };

    let header: string[] | null = null;
    let rowsRead = 0;
    try {
      for await (const { record, line, bytes } of csvRecords(input, 64 * 1024)) {
        bytesRead = bytes;
        if (!header) {
          const read = readHeader(record, GEO_COLUMNS);
          header = read.header;
          const missing = read.missing;
          if (missing.length) {
            fail(line, "missingColumns", { columns: missing.join(", ") });
            break;
          }
          continue;
        }
        rowsRead++;
        if (record.length !== header.length) {
          fail(line, "fieldCount", { count: record.length, expected: header.length });
          continue;
        }
        const raw = Object.fromEntries(header.map((h, i) => [h, record[i] ?? ""]));
        const parsed = geoRowSchema.safeParse(raw);
        if (!parsed.success) {
          for (const p of rowProblems(parsed.error)) fail(line, p.code, p.params);
          continue;
        }
        if (errorCount === 0) batch.push({ ...parsed.data, line });
        if (batch.length >= BATCH) await flush();
        if (rowsRead % 1000 === 0) onProgress({ bytesRead, rowsRead });
      }
    } catch (error) {
      // csv-parse reports malformed quoting and oversized records with the line in its message.
      const e = error as { lines?: number; message?: string };
      fail(e.lines ?? rowsRead + 1, "badCsv", { detail: (e.message ?? String(error)).slice(0, 200) });
    }
    if (!header && errorCount === 0) fail(1, "emptyFile");
    else if (rowsRead === 0 && errorCount === 0) fail(2, "noRows");
    onProgress({ bytesRead, rowsRead });

    if (errorCount === 0) {
      await flush();
      for (const e of await crossRowErrors(client)) fail(e.line, e.code, e.params);
    }
    if (errorCount > 0) {
      await client.query("ROLLBACK");
      errors.sort((a, b) => a.line - b.line);
      return { ok: false, errors, errorCount, rowsRead };
    }
    const summary = await upsertStaged(client, rowsRead);
    await client.query("COMMIT");
    return { ok: true, summary };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

/** Rows whose `value` for a code differs from the first row with that code. */
const conflictsOf = (level: string, code: string, value: string) => `
    SELECT line, 'conflict', json_build_object('level', '${level}', 'code', ${code}, 'first', first_line)
      FROM (SELECT line, ${code}, ${value} AS v,
                   first_value(line) OVER w AS first_line, first_value(${value}) OVER w AS first_v
              FROM geo_stage WINDOW w AS (PARTITION BY ${code} ORDER BY line)) s
     WHERE v <> first_v`;

/** Duplicate units and names that disagree between rows, found on the staged rows. */
async function crossRowErrors(
  client: pg.PoolClient | pg.Client,
): Promise<{ line: number; code: string; params: Record<string, string | number> }[]> {
  const { rows } = await client.query<{ line: number; code: string; params: Record<string, string | number> }>(`
    SELECT line, 'duplicateUnit' AS code, json_build_object('unit', unit_no, 'subdistrict', subdistrict_code, 'first', first_line) AS params
      FROM (SELECT line, unit_no, subdistrict_code,
                   min(line) OVER (PARTITION BY subdistrict_code, unit_no) AS first_line FROM geo_stage) s
     WHERE line <> first_line
    UNION ALL ${conflictsOf("subdistrict", "subdistrict_code", "subdistrict_name_th || '|' || subdistrict_name_en || '|' || district_code")}
    UNION ALL ${conflictsOf("district", "district_code", "district_name_th || '|' || district_name_en")}
    UNION ALL ${conflictsOf("province", "province_code", "province_name_th || '|' || province_name_en")}
    ORDER BY line
    LIMIT ${MAX_REPORTED_ERRORS}`);
  return rows;
}

async function upsertStaged(client: pg.PoolClient | pg.Client, rows: number): Promise<GeoImportSummary> {
  const count = async (sql: string) => (await client.query(sql)).rowCount ?? 0;
  let changed = 0;
  changed += await count(`
    INSERT INTO "Province" (code, "nameTh", "nameEn")
    SELECT DISTINCT province_code, province_name_th, province_name_en FROM geo_stage
    ON CONFLICT (code) DO UPDATE SET "nameTh" = EXCLUDED."nameTh", "nameEn" = EXCLUDED."nameEn"
    WHERE ("Province"."nameTh", "Province"."nameEn") IS DISTINCT FROM (EXCLUDED."nameTh", EXCLUDED."nameEn")`);
  changed += await count(`
    INSERT INTO "Constituency" (id, "provinceCode", number)
    SELECT DISTINCT province_code || '-' || lpad(constituency_no::text, 2, '0'), province_code, constituency_no FROM geo_stage
    ON CONFLICT (id) DO NOTHING`);
  changed += await count(`
    INSERT INTO "District" (code, "provinceCode", "nameTh", "nameEn")
    SELECT DISTINCT district_code, province_code, district_name_th, district_name_en FROM geo_stage
    ON CONFLICT (code) DO UPDATE SET "nameTh" = EXCLUDED."nameTh", "nameEn" = EXCLUDED."nameEn"
    WHERE ("District"."nameTh", "District"."nameEn") IS DISTINCT FROM (EXCLUDED."nameTh", EXCLUDED."nameEn")`);
  changed += await count(`
    INSERT INTO "Subdistrict" (code, "districtCode", "nameTh", "nameEn")
    SELECT DISTINCT subdistrict_code, district_code, subdistrict_name_th, subdistrict_name_en FROM geo_stage
    ON CONFLICT (code) DO UPDATE SET "nameTh" = EXCLUDED."nameTh", "nameEn" = EXCLUDED."nameEn"
    WHERE ("Subdistrict"."nameTh", "Subdistrict"."nameEn") IS DISTINCT FROM (EXCLUDED."nameTh", EXCLUDED."nameEn")`);
  changed += await count(`
    INSERT INTO "PollingUnit" (code, "constituencyId", "subdistrictCode", number, "locationName", latitude, longitude, "eligibleVoters")
    SELECT province_code || '-' || lpad(constituency_no::text, 2, '0') || '-' || subdistrict_code || '-' || lpad(unit_no::text, 3, '0'),
           province_code || '-' || lpad(constituency_no::text, 2, '0'), subdistrict_code, unit_no, location_name, latitude, longitude, eligible_voters
      FROM geo_stage
    ON CONFLICT (code) DO UPDATE SET "locationName" = EXCLUDED."locationName", latitude = EXCLUDED.latitude,
           longitude = EXCLUDED.longitude, "eligibleVoters" = EXCLUDED."eligibleVoters"
    WHERE ("PollingUnit"."locationName", "PollingUnit".latitude, "PollingUnit".longitude, "PollingUnit"."eligibleVoters")
          IS DISTINCT FROM (EXCLUDED."locationName", EXCLUDED.latitude, EXCLUDED.longitude, EXCLUDED."eligibleVoters")`);
  const {
    rows: [c],
  } = await client.query(`
    SELECT count(DISTINCT province_code)::int AS provinces,
           count(DISTINCT (province_code, constituency_no))::int AS constituencies,
           count(DISTINCT district_code)::int AS districts,
           count(DISTINCT subdistrict_code)::int AS subdistricts,
           count(*)::int AS units FROM geo_stage`);
  return { rows, ...c, changed };
}
