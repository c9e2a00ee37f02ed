// The report form's POST: multipart, so that photos stream straight to storage. Fields
// come first in the form; the count is checked before the first photo is stored, and
// photos stored for a count that is then refused are removed again.
import { unstable_parseMultipartFormData } from "@remix-run/node";
import { db } from "../db/db.server.ts";
import { isUserError, UserError } from "../errors.ts";
import { remove } from "../storage/storage.server.ts";
import type { HasRoles } from "../accounts/permissions.ts";
import { prepareEntry, recordEntry, type EntryInput } from "./entries.server.ts";
import { storePhoto, type StoredPhoto } from "./photos.server.ts";
import type { Ballot } from "./tally-rules.ts";

const PHOTO_FIELDS = { photoBoard: "board", photoForm: "form" } as const;
const MAX_FIELD_BYTES = 200;

export type ReportOutcome =
  { saved: Awaited<ReturnType<typeof recordEntry>> } | { refused: UserError; typed: Record<string, string> };

export async function receiveReport(
  request: Request,
  user: HasRoles & { id: string },
  unitCode: string,
  ballot: Ballot,
  source: EntryInput["source"],
): Promise<ReportOutcome> {
  if (!request.headers.get("content-type")?.startsWith("multipart/form-data"))
    throw new UserError(400, "upload.missing");
  const fields: Record<string, string> = {};
  const stored: StoredPhoto[] = [];
  const input = () => ({ submissionId: fields.submissionId ?? "", unitCode, ballot, source, fields });
  // Checked once: before the first photo is stored, or at the end when there is none.
  // The form sends its fields first; a field after a photo would escape that check.
  let prepared: Awaited<ReturnType<typeof prepareEntry>> | null = null;
  try {
    await unstable_parseMultipartFormData(request, async ({ name, filename, data }) => {
      const kind = PHOTO_FIELDS[name as keyof typeof PHOTO_FIELDS];
      if (kind && !filename) return undefined; // a photo field left empty
      if (!kind) {
        if (filename) return undefined; // a file we did not ask for
        if (prepared) throw new UserError(400, "tally.badSubmission");
        let text = "";
        for await (const chunk of data) {
          text += Buffer.from(chunk).toString("utf8");
          if (text.length > MAX_FIELD_BYTES) throw new UserError(400, "tally.notNumber", { field: name.slice(0, 40) });
        }
        fields[name] = text;
        return text;
      }
      prepared ??= await prepareEntry(user, input());
      const photo = await storePhoto(data, { unitCode, ballot, kind, userId: user.id });
      stored.push(photo);
      return photo.id;
    });
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
