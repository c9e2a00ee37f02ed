// Streamed, all-or-nothing, idempotent import of the geography CSV.
// Rows are validated one by one and staged in a temporary table inside one transaction;
// cross-row checks (duplicates, conflicting names) run in SQL on the staged rows; then
// everything is upserted, changing only rows whose values differ. Any error rolls back.
import type { Readable } from "node:stream";
import { CsvEncodingError, csvRecords, readHeader } from "../csv/records.ts";
import type pg from "pg";
import { GEO_COLUMNS, geoRowSchema, rowProblems, type GeoRow, type GeoProblem } from "./csv-format.ts";
import { tFor } from "../i18n/i18n.ts";
import { inClientTransaction } from "../db/db.server.ts";
import { createStage, crossRowErrors, stageRows, upsertStaged } from "./geography.sql.server.ts";

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

  const work = async (): Promise<GeoImportResult> => {
    await createStage(client);
    let batch: (GeoRow & { line: number })[] = [];
    const flush = async () => {
      if (!batch.length) return;
      await stageRows(client, batch);
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
      if (error instanceof CsvEncodingError) fail(1, "badEncoding", { detected: error.detected ?? "?" });
      else fail(e.lines ?? rowsRead + 1, "badCsv", { detail: (e.message ?? String(error)).slice(0, 200) });
    }
    if (!header && errorCount === 0) fail(1, "emptyFile");
    else if (rowsRead === 0 && errorCount === 0) fail(2, "noRows");
    onProgress({ bytesRead, rowsRead });

    if (errorCount === 0) {
      await flush();
      for (const e of await crossRowErrors(client, MAX_REPORTED_ERRORS)) fail(e.line, e.code, e.params);
    }
    if (errorCount > 0) {
      errors.sort((a, b) => a.line - b.line);
      return { ok: false, errors, errorCount, rowsRead };
    }
    return { ok: true, summary: await upsertStaged(client, rowsRead) };
  };
  // All or nothing: any error leaves the database as it was.
  return inClientTransaction(client, work, { keep: (result) => result.ok });
}
