// A roster import as a job: the upload is stored encrypted, a RosterImport row tracks
// it and the worker runs it. The stored upload is deleted once read; the error file
// (encrypted too) stays for the organisation to download. A rerun after a crash reads
// the file again from the start: every write is an idempotent upsert.
import { PassThrough, type Readable } from "node:stream";
import { db, pool } from "../db/db.server.ts";
import { getConfig } from "../config/config.server.ts";
import { boss, QUEUES } from "../jobs/queue.server.ts";
import { openStream, remove, saveStream } from "../storage/storage.server.ts";
import { importRosterCsv } from "./roster-import.server.ts";
import { recordRosterImportProgress } from "./recruitment.sql.server.ts";
import { UserError } from "../errors.ts";
import { isCsvPart, type FormParts } from "../storage/form-parts.ts";
import { sendSms } from "../messaging/sms.server.ts";
import { tFor } from "../i18n/i18n.ts";
import { baseUrl } from "../organisations/organisations.server.ts";

/** The uploaded form's CSV file, stored (encrypted) and queued. The consent box comes
 *  before the file in the form, so the file is refused unread without it; it streams to
 *  storage as it arrives and is never held in memory. */
export async function receiveRosterImport(parts: FormParts | null, organisationId: string, userId: string) {
  if (!parts) throw new UserError(400, "upload.missing");
  let consent = false;
  for await (const part of parts) {
    if (part.name === "consent") {
      for await (const _ of part.data) consent = true;
      continue;
    }
    if (part.name !== "file" || !part.filename) continue;
    if (!consent) throw new UserError(400, "imports.consent");
    if (!isCsvPart(part)) throw new UserError(415, "upload.notCsv");
    // Awaited inside the loop: leaving it closes the parts, and the file must be read first.
    return await queueRosterImport(organisationId, part.filename, part.data, userId);
  }
  throw new UserError(400, consent ? "upload.missing" : "imports.consent");
}

export async function queueRosterImport(
  organisationId: string,
  fileName: string,
  body: Readable | AsyncIterable<Uint8Array>,
  userId: string | null,
) {
  const { key, bytes } = await saveStream("roster-imports", body, getConfig().ROSTER_IMPORT_MAX_BYTES, {
    encrypt: true,
  });
  const row = await db().rosterImport.create({
    data: {
      organisationId,
      fileName: fileName.slice(0, 200),
      storagePath: key,
      totalBytes: bytes,
      createdById: userId,
    },
  });
  await (await boss()).send(QUEUES.rosterImport, { importId: row.id }, { singletonKey: row.id });
  return row;
}

export async function runRosterImport(importId: string) {
  const record = await db().rosterImport.findUnique({ where: { id: importId } });
  if (!record?.storagePath || record.status === "succeeded" || record.status === "failed") return; // done: a redelivery
  await db().rosterImport.update({ where: { id: importId }, data: { status: "running", bytesRead: 0, rowsRead: 0 } });

  let lastWrite = 0;
  const errorFile = new PassThrough();
  const savingErrors = saveStream("roster-errors", errorFile, Number.MAX_SAFE_INTEGER, { encrypt: true });
  savingErrors.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
  const client = await pool().connect();
  try {
    const organisation = await db().organisation.findUniqueOrThrow({ where: { id: record.organisationId } });
    const summary = await importRosterCsv(client, openStream(record.storagePath, true), {
      organisationId: record.organisationId,
      actorId: record.createdById,
      // Someone already on the platform is asked, not added (issue 17): told once, by SMS.
      onInvited: async (people) => {
        const sms = tFor("th")("roster.invitedSms", { name: organisation.nameTh, url: `${baseUrl()}/me` });
        for (const person of people) await sendSms(person.phone, sms);
      },
      minAge: getConfig().VOLUNTEER_MIN_AGE,
      errorFile,
      onProgress: async ({ bytesRead, rowsRead }) => {
        if (Date.now() - lastWrite < 250) return;
        lastWrite = Date.now();
        await recordRosterImportProgress(importId, Math.min(bytesRead, record.totalBytes), rowsRead);
      },
    });
    errorFile.end();
    const errors = await savingErrors;
    await db().rosterImport.update({
      where: { id: importId },
      data: {
        status: summary.failure ? "failed" : "succeeded",
        bytesRead: record.totalBytes,
        rowsRead: summary.rows,
        created: summary.created,
        updated: summary.updated,
        unchanged: summary.unchanged,
        invited: summary.invited,
        invalid: summary.invalid,
        failure: summary.failure ?? null,
        errors: summary.errors.map((e) => ({ ...e })),
        errorFilePath: summary.invalid > 0 ? errors.key : null,
        storagePath: null,
        finishedAt: new Date(),
      },
    });
    if (summary.invalid === 0) await remove(errors.key);
    await remove(record.storagePath);
    return summary;
  } catch (error) {
    errorFile.destroy();
    await savingErrors.then(
      (e) => remove(e.key),
      () => {},
    );
    await db().rosterImport.update({ where: { id: importId }, data: { status: "queued" } }); // pg-boss retries
    throw error;
  } finally {
    client.release();
  }
}

export function rosterImport(organisationId: string, id: string) {
  return db().rosterImport.findFirst({ where: { id, organisationId } });
}

export function recentRosterImports(organisationId: string, take = 10) {
  return db().rosterImport.findMany({ where: { organisationId }, orderBy: { createdAt: "desc" }, take });
}
