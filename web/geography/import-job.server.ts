// A geography import as a job: the upload is stored, a GeoImport row tracks it, and the
// worker runs it. Progress is written from a separate connection (the import itself
// runs in one transaction that nobody else can see until it commits). Rerunning after a
// crash starts again from the stored file; the import is idempotent.
import type { Readable } from "node:stream";
import { db, pool } from "../db/db.server.ts";
import { getConfig } from "../config/config.server.ts";
import { boss, QUEUES } from "../jobs/queue.server.ts";
import { openStream, saveStream } from "../storage/storage.server.ts";
import { importGeographyCsv } from "./import.server.ts";
import { recordGeoImportProgress } from "./geography.sql.server.ts";
import { metrics } from "../observability/metrics.server.ts";
import { UserError } from "../errors.ts";
import { isCsvPart, type FormParts } from "../storage/form-parts.ts";

/** The uploaded form's CSV file, stored and queued; refused when there is none or it is
 *  not a CSV. The file streams to storage as it arrives and is never held in memory. */
export async function receiveGeoImport(parts: FormParts | null, userId: string) {
  for await (const part of parts ?? []) {
    if (part.name !== "file" || !part.filename) continue;
    if (!isCsvPart(part)) throw new UserError(415, "upload.notCsv");
    // Awaited inside the loop: leaving it closes the parts, and the file must be read first.
    return await queueGeoImport(part.filename, part.data, userId);
  }
  throw new UserError(400, "upload.missing");
}

export async function queueGeoImport(
  fileName: string,
  body: Readable | AsyncIterable<Uint8Array>,
  userId: string | null,
) {
  const { key, bytes } = await saveStream("geo-imports", body, getConfig().GEO_IMPORT_MAX_BYTES);
  const row = await db().geoImport.create({
    data: { fileName: fileName.slice(0, 200), storagePath: key, totalBytes: bytes, createdById: userId },
  });
  await (await boss()).send(QUEUES.geoImport, { importId: row.id }, { singletonKey: row.id });
  return row;
}

export async function runGeoImport(importId: string) {
  const record = await db().geoImport.findUnique({ where: { id: importId } });
  if (!record || record.status === "succeeded" || record.status === "failed") return; // already done: a redelivery
  await db().geoImport.update({ where: { id: importId }, data: { status: "running", bytesRead: 0, rowsRead: 0 } });

  let lastWrite = 0;
  const progress = async (bytesRead: number, rowsRead: number, force = false) => {
    if (!force && Date.now() - lastWrite < 250) return;
    lastWrite = Date.now();
    await recordGeoImportProgress(importId, bytesRead, rowsRead);
  };

  const client = await pool().connect();
  try {
    const pending: Promise<unknown>[] = [];
    const result = await importGeographyCsv(client, openStream(record.storagePath), (p) => {
      pending.push(progress(Math.min(p.bytesRead, record.totalBytes), p.rowsRead));
    });
    await Promise.all(pending);
    if (result.ok) {
      metrics().geoImportRows.inc(result.summary.rows);
      await db().geoImport.update({
        where: { id: importId },
        data: {
          status: "succeeded",
          bytesRead: record.totalBytes,
          rowsRead: result.summary.rows,
          summary: { ...result.summary },
          finishedAt: new Date(),
        },
      });
    } else {
      await db().geoImport.update({
        where: { id: importId },
        data: {
          status: "failed",
          rowsRead: result.rowsRead,
          errors: result.errors.map((e) => ({ ...e })),
          errorCount: result.errorCount,
          finishedAt: new Date(),
        },
      });
    }
  } finally {
    client.release();
  }
}

export function geoImportStatus(id: string) {
  return db().geoImport.findUnique({ where: { id } });
}

export function recentGeoImports(take = 10) {
  return db().geoImport.findMany({ orderBy: { createdAt: "desc" }, take });
}

export async function geographyCounts() {
  const [provinces, constituencies, districts, subdistricts, units] = await Promise.all([
    db().province.count(),
    db().constituency.count(),
    db().district.count(),
    db().subdistrict.count(),
    db().pollingUnit.count(),
  ]);
  return { provinces, constituencies, districts, subdistricts, units };
}
