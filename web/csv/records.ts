// Reading an uploaded CSV as a stream: records with their line numbers (for messages
// people can act on) and the bytes read so far (for progress bars). The file's encoding is
// found from its first bytes: UTF-8 (with or without a BOM), or the Thai Windows/TIS-620
// encoding that Excel writes on a Thai Windows, decoded as it streams (issue 17); anything
// else is refused with a message rather than read as garbage.
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import chardet from "chardet";
import iconv from "iconv-lite";

export type CsvEncoding = "utf-8" | "windows-874";

/** Thrown (as a csv-parse error would be) when the file is in an encoding we do not read. */
export class CsvEncodingError extends Error {
  readonly lines = 1;
  readonly detected: string | null;
  constructor(detected: string | null) {
    super(
      `the file is not UTF-8 or Thai Windows-874/TIS-620 (it looks like ${detected ?? "binary data"}); save it as "CSV UTF-8"`,
    );
    this.detected = detected;
  }
}

const SAMPLE_BYTES = 64 * 1024;

/** The encoding of a file from its first bytes, or null when it is neither we read. */
export function detectCsvEncoding(sample: Buffer, complete: boolean): CsvEncoding | null {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return "utf-8";
  if (isUtf8(sample, complete)) return "utf-8";
  const guesses = chardet.analyse(sample);
  const thai = guesses.find((g) => /^(windows-874|TIS-620|ISO-8859-11)$/i.test(g.name) || g.lang === "th");
  // A Thai single-byte file is mostly ASCII and bytes 0xA1–0xFB; chardet names it, or
  // nothing it names fits better.
  if (thai) return "windows-874";
  if (!sample.includes(0) && sample.every((b) => b < 0x80 || (b >= 0xa1 && b <= 0xfb))) return "windows-874";
  return null;
}

/** Valid UTF-8, allowing a character cut off at the sample's end. */
function isUtf8(sample: Buffer, complete: boolean): boolean {
  let end = sample.length;
  if (!complete) {
    let back = 0;
    while (back < 3 && end - back - 1 >= 0 && (sample[end - back - 1]! & 0xc0) === 0x80) back++;
    const lead = sample[end - back - 1];
    if (lead !== undefined && lead >= 0xc0) end = end - back - 1;
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(sample.subarray(0, end));
    return !sample.subarray(0, end).includes(0);
  } catch {
    return false;
  }
}

/** The input as UTF-8 text, whatever of the two encodings it came in. */
async function utf8Of(input: Readable): Promise<Readable> {
  const iterator = (input as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < SAMPLE_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = typeof next.value === "string" ? Buffer.from(next.value) : next.value;
    head.push(chunk);
    size += chunk.length;
  }
  const sample = Buffer.concat(head);
  const encoding = detectCsvEncoding(sample.subarray(0, SAMPLE_BYTES), done);
  if (!encoding) throw new CsvEncodingError(chardet.detect(sample));
  async function* rest() {
    yield sample;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next())
      yield typeof next.value === "string" ? Buffer.from(next.value) : next.value;
  }
  const bytes = Readable.from(rest(), { objectMode: false });
  return encoding === "utf-8"
    ? bytes
    : (bytes.pipe(iconv.decodeStream("win874")).pipe(iconv.encodeStream("utf8")) as unknown as Readable);
}

export interface CsvRecord {
  record: string[];
  line: number;
  bytes: number;
}

export async function* csvRecords(input: Readable, maxRecordBytes: number): AsyncGenerator<CsvRecord> {
  const parser = (await utf8Of(input)).pipe(
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
    if (error instanceof CsvEncodingError) add(1, "badEncoding", { detected: error.detected ?? "?" });
    else add(0, "badCsv", { detail: String((error as Error).message).slice(0, 200) });
  }
  if (!header && !errors.length) add(1, "emptyFile");
  else if (!rows.length && !errors.length) add(2, "noRows");
  return { rows, errors: errors.sort((a, b) => a.line - b.line) };
}
