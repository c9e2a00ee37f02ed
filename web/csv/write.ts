// Every CSV the platform writes goes through here, so that no cell can run as a formula
// in a spreadsheet (CSV injection): a text cell that starts with = + - @, a tab or a CR
// gets a leading apostrophe, which spreadsheets show as text. Numbers stay numbers.
import { stringify as stringifySync } from "csv-stringify/sync";
import { stringify, type Options } from "csv-stringify";

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell as a spreadsheet must read it: never a formula. */
export const neutralise = (cell: string) => (FORMULA_START.test(cell) ? `'${cell}` : cell);

const cast = { string: neutralise };

/** Rows as CSV text. */
export function csvText(rows: unknown[][]): string {
  return stringifySync(rows, { cast });
}

/** A CSV stream (csv-stringify's options; write rows to it, read text from it). */
export function csvStream(options: Options) {
  return stringify({ ...options, cast: { ...options.cast, string: neutralise } });
}
