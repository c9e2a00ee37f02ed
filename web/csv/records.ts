// Reading an uploaded CSV as a stream: records with their line numbers (for messages
// people can act on) and the bytes read so far (for progress bars).
import type { Readable } from "node:stream";
import { parse } from "csv-parse";

export interface CsvRecord {
  record: string[];
  line: number;
  bytes: number;
}

export async function* csvRecords(input: Readable, maxRecordBytes: number): AsyncGenerator<CsvRecord> {
  const parser = input.pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, max_record_size: maxRecordBytes }),
  );
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number; bytes: number };
  }>) {
    yield { record, line: info.lines, bytes: info.bytes };
  }
}

/** The header's column names, normalised, and which of `required` it lacks. */
export function readHeader(record: string[], required: readonly string[]) {
  const header = record.map((h) => h.trim().toLowerCase());
  return { header, missing: required.filter((c) => !header.includes(c)) };
}

export interface CsvLineError {
  line: number;
  code: string;
  params?: Record<string, string | number>;
}

/** Reads a whole (small) CSV whose header must hold `required`: each row, as an object
 *  by column name, goes to `check`, which returns the row to keep or reports problems
 *  through `fail`. File-level problems use the codes missingColumns, badCsv, emptyFile,
 *  noRows. At most 500 problems are kept. */
export async function readCheckedCsv<Row>(
  input: Readable,
  required: readonly string[],
  check: (
    raw: Record<string, string>,
    line: number,
    fail: (code: string, params?: Record<string, string | number>) => void,
  ) => Row | null,
  maxRecordBytes = 4096,
): Promise<{ rows: Row[]; errors: CsvLineError[] }> {
  const errors: CsvLineError[] = [];
  const add = (line: number, code: string, params?: Record<string, string | number>) => {
    if (errors.length < 500) errors.push({ line, code, ...(params ? { params } : {}) });
  };
  const rows: Row[] = [];
  let header: string[] | null = null;
  try {
    for await (const { record, line } of csvRecords(input, maxRecordBytes)) {
      if (!header) {
        const read = readHeader(record, required);
        header = read.header;
        if (read.missing.length) {
          add(line, "missingColumns", { columns: read.missing.join(", ") });
          break;
        }
        continue;
      }
      const raw = Object.fromEntries(header.map((h, i) => [h, (record[i] ?? "").trim()]));
      const row = check(raw, line, (code, params) => add(line, code, params));
      if (row !== null) rows.push(row);
    }
  } catch (error) {
    add(0, "badCsv", { detail: String((error as Error).message).slice(0, 200) });
  }
  if (!header) add(1, "emptyFile");
  else if (!rows.length && !errors.length) add(2, "noRows");
  return { rows, errors: errors.sort((a, b) => a.line - b.line) };
}
