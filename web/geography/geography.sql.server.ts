// Geography's SQL, in one place (ADR 0021): the import's staging table, its cross-row
// checks and its level-by-level upsert (set-based: a country is ~100,000 rows), and the
// job's progress. Each statement's rows are typed here.
import type pg from "pg";
import { pool } from "../db/db.server.ts";
import type { GeoRow } from "./csv-format.ts";
import type { GeoImportSummary } from "./import.server.ts";

type Client = pg.PoolClient | pg.Client;

// The staging table's columns: the CSV's fields as PostgreSQL types, and the line.
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
  ["unit_kind", "text"],
];

/** The transaction's staging table (dropped at its end). */
export async function createStage(client: Client) {
  await client.query(
    `CREATE TEMP TABLE geo_stage (${STAGE_COLUMNS.map(([c, t]) => `${c} ${t}`).join(", ")}) ON COMMIT DROP`,
  );
}

/** A batch of checked rows into the staging table, in one statement. */
export async function stageRows(client: Client, batch: (GeoRow & { line: number })[]) {
  const arrays = STAGE_COLUMNS.map(([c]) => batch.map((r) => r[c as keyof typeof r] ?? null));
  await client.query(
    `INSERT INTO geo_stage SELECT * FROM unnest(${STAGE_COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(", ")})`,
    arrays,
  );
}

/** Rows whose `value` for a code differs from the first row with that code. */
const conflictsOf = (level: string, code: string, value: string) => `
    SELECT line, 'conflict', json_build_object('level', '${level}', 'code', ${code}, 'first', first_line)
      FROM (SELECT line, ${code}, ${value} AS v,
                   first_value(line) OVER w AS first_line, first_value(${value}) OVER w AS first_v
              FROM geo_stage WINDOW w AS (PARTITION BY ${code} ORDER BY line)) s
     WHERE v <> first_v`;

/** Duplicate units and names that disagree between rows, found on the staged rows. */
export async function crossRowErrors(
  client: Client,
  limit: number,
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
    LIMIT ${limit}`);
  return rows;
}

/** Every level of the staged geography upserted, changing only rows whose values differ. */
export async function upsertStaged(client: Client, rows: number): Promise<GeoImportSummary> {
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
    INSERT INTO "PollingUnit" (code, kind, "constituencyId", "subdistrictCode", number, "locationName", latitude, longitude, "eligibleVoters")
    SELECT province_code || '-' || lpad(constituency_no::text, 2, '0') || '-' || subdistrict_code || '-' || lpad(unit_no::text, 3, '0'),
           unit_kind::"UnitKind", province_code || '-' || lpad(constituency_no::text, 2, '0'), subdistrict_code, unit_no, location_name,
           latitude, longitude, eligible_voters
      FROM geo_stage
    ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, "locationName" = EXCLUDED."locationName", latitude = EXCLUDED.latitude,
           longitude = EXCLUDED.longitude, "eligibleVoters" = EXCLUDED."eligibleVoters"
    WHERE ("PollingUnit".kind, "PollingUnit"."locationName", "PollingUnit".latitude, "PollingUnit".longitude, "PollingUnit"."eligibleVoters")
          IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED."locationName", EXCLUDED.latitude, EXCLUDED.longitude, EXCLUDED."eligibleVoters")`);
  const {
    rows: [c],
  } = await client.query<Omit<GeoImportSummary, "rows" | "changed">>(`
    SELECT count(DISTINCT province_code)::int AS provinces,
           count(DISTINCT (province_code, constituency_no))::int AS constituencies,
           count(DISTINCT district_code)::int AS districts,
           count(DISTINCT subdistrict_code)::int AS subdistricts,
           count(*)::int AS units FROM geo_stage`);
  return { rows, ...c!, changed };
}

/** How far the worker has read a geography import (shown as its progress bar). */
export async function recordGeoImportProgress(importId: string, bytesRead: number, rowsRead: number) {
  await pool().query(`UPDATE "GeoImport" SET "bytesRead" = $2, "rowsRead" = $3 WHERE id = $1`, [
    importId,
    bytesRead,
    rowsRead,
  ]);
}
