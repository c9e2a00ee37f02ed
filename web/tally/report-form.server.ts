// The report form's POST: multipart, so that photos stream straight to storage. Fields
// come first in the form; the count is checked before the first photo is stored, and
// photos stored for a count that is then refused are removed again.
import { db } from "../db/db.server.ts";
import { isUserError, UserError } from "../errors.ts";
import { remove } from "../storage/storage.server.ts";
import type { HasRoles } from "../accounts/permissions.ts";
import { prepareEntry, recordEntry, type EntryInput } from "./entries.server.ts";
import { storePhoto, type StoredPhoto } from "./photos.server.ts";
import { MAX_TEXT, type Ballot } from "./tally-rules.ts";
import { textOf, type FormParts } from "../storage/form-parts.ts";

const PHOTO_FIELDS = { photoBoard: "board", photoForm: "form" } as const;
const MAX_FIELD_BYTES = 200;
// Remarks and a correction's reason: MAX_TEXT characters of Thai (3 bytes each in UTF-8).
const TEXT_FIELDS = new Set<string>(["remarks", "correctionReason"]);
const MAX_TEXT_BYTES = 3 * MAX_TEXT + 64;

export type ReportOutcome =
  { saved: Awaited<ReturnType<typeof recordEntry>> } | { refused: UserError; typed: Record<string, string> };

export async function receiveReport(
  parts: FormParts | null,
  user: HasRoles & { id: string },
  target: { election: string | null; unitCode: string; ballot: Ballot },
  source: EntryInput["source"],
): Promise<ReportOutcome> {
  const { election, unitCode, ballot } = target;
  if (!parts) return { refused: new UserError(400, "upload.missing"), typed: {} };
  const fields: Record<string, string> = {};
  const stored: StoredPhoto[] = [];
  const input = () => ({ election, submissionId: fields.submissionId ?? "", unitCode, ballot, source, fields });
  // Checked once: before the first photo is stored, or at the end when there is none.
  // The form sends its fields first; a field after a photo would escape that check.
  let prepared: Awaited<ReturnType<typeof prepareEntry>> | null = null;
  try {
    for await (const part of parts) {
      const { name, filename, data } = part;
      const kind = PHOTO_FIELDS[name as keyof typeof PHOTO_FIELDS];
      if (kind && !filename) continue; // a photo field left empty
      if (!kind) {
        if (filename) continue; // a file we did not ask for
        if (prepared) throw new UserError(400, "tally.badSubmission");
        const isText = TEXT_FIELDS.has(name);
        fields[name] = await textOf(
          part,
          isText ? MAX_TEXT_BYTES : MAX_FIELD_BYTES,
          () => new UserError(400, isText ? "tally.badText" : "tally.notNumber", { field: name.slice(0, 40) }),
        );
        continue;
      }
      prepared ??= await prepareEntry(user, input());
      const photo = await storePhoto(data, {
        electionId: prepared.election.id,
        unitCode,
        ballot,
        kind,
        userId: user.id,
      });
      stored.push(photo);
    }
    prepared ??= await prepareEntry(user, input());
    return { saved: await recordEntry(user, { ...input(), photoIds: stored.map((p) => p.id) }, prepared) };
  } catch (error) {
    // A refused count keeps no photo it brought (photos seen before stay).
    const fresh = stored.filter((p) => !p.duplicate);
    if (fresh.length) {
      const rows = await db().tallyPhoto.findMany({ where: { id: { in: fresh.map((p) => p.id) }, entryId: null } });
      await db().tallyPhoto.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
      for (const r of rows) await remove(r.storageKey);
    }
    // What was typed goes back with the message, so the form (a new page without
    // JavaScript) keeps it.
    if (isUserError(error))
      return {
        refused: error,
        typed: Object.fromEntries(Object.entries(fields).filter(([k]) => k !== "submissionId")),
      };
    throw error;
  }
}
