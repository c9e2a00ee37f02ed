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
  const parser = input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, max_record_size: maxRecordBytes }));
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number; bytes: number } }>) {
    yield { record, line: info.lines, bytes: info.bytes };
  }
}

/** The header's column names, normalised, and which of `required` it lacks. */
export function readHeader(record: string[], required: readonly string[]) {
  const header = record.map((h) => h.trim().toLowerCase());
  return { header, missing: required.filter((c) => !header.includes(c)) };
}
