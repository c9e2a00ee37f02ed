// An uploaded CSV for the small all-or-nothing imports (election set-up, official
// figures): streamed from the multipart request into the importer on a pooled
// connection, and its result turned into the page's answer.
import { data } from "@remix-run/node";
import { Readable } from "node:stream";
import type pg from "pg";
import { withPooledClient } from "../db/db.server.ts";
import type { CsvLineError } from "../csv/records.ts";
import { multipartParts } from "./multipart.server.ts";

export type ImportAnswer = { ok?: string; params?: Record<string, number>; errors?: CsvLineError[]; error?: string };
type ImportResult = { ok: true; rows: number; changed: number } | { ok: false; errors: CsvLineError[] };

export async function importUploadedCsv<F extends string>(
  request: Request,
  fields: readonly F[],
  okKey: string,
  run: (client: pg.PoolClient, field: F, input: Readable) => Promise<ImportResult>,
) {
  let r: ImportResult | null = null;
  for await (const { name, filename, data: body } of multipartParts(request) ?? []) {
    if (!fields.includes(name as F) || !filename) continue;
    r = await withPooledClient((client) => run(client, name as F, Readable.from(body)));
  }
  if (!r) return data<ImportAnswer>({ error: "upload.missing" }, { status: 400 });
  if (!r.ok) return data<ImportAnswer>({ errors: r.errors }, { status: 422 });
  return data<ImportAnswer>({ ok: okKey, params: { rows: r.rows, changed: r.changed } });
}
