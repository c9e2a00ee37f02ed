// An uploaded CSV for the small all-or-nothing imports (election set-up, official
// figures): streamed from the multipart request into the importer on a pooled
// connection, and its result turned into the page's answer.
import { Readable } from "node:stream";
import type pg from "pg";
import { withPooledClient } from "../db/db.server.ts";
import type { CsvLineError } from "../csv/records.ts";
import { multipartParts } from "./multipart.server.ts";
import { formDone, formRefused, userErrorReply } from "./form.server.ts";
import { isUserError } from "../errors.ts";

/** Beside the form answer: the problems of a refused file, line by line. */
export type ImportLines = { lineErrors: CsvLineError[] | null };
type ImportResult = { ok: true; rows: number; changed: number } | { ok: false; errors: CsvLineError[] };

export async function importUploadedCsv<F extends string>(
  request: Request,
  fields: readonly F[],
  okKey: string,
  run: (client: pg.PoolClient, field: F, input: Readable) => Promise<ImportResult>,
) {
  let r: ImportResult | null = null;
  try {
    for await (const { name, filename, data: body } of multipartParts(request) ?? []) {
      if (!fields.includes(name as F) || !filename) continue;
      r = await withPooledClient((client) => run(client, name as F, Readable.from(body)));
    }
  } catch (error) {
    if (isUserError(error)) return userErrorReply<ImportLines>(error, { lineErrors: null });
    throw error;
  }
  if (!r) return formRefused<ImportLines>("upload.missing", 400, { lineErrors: null });
  if (!r.ok) return formRefused<ImportLines>("electionAdmin.refused", 422, { lineErrors: r.errors });
  return formDone<ImportLines>({ key: okKey, params: { rows: r.rows, changed: r.changed } }, { lineErrors: null });
}
