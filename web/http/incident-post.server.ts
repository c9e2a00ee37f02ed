// The incident form's POST (routes/report.$unit.incident.tsx): multipart, so that photos
// stream to storage. Its fields come first and are parsed with the form's schema
// (incidents/incident-rules.ts) before any photo is stored; photos stored for an incident
// that is then refused are removed again.
import { db } from "../db/db.server.ts";
import { isUserError, UserError } from "../errors.ts";
import { remove } from "../storage/storage.server.ts";
import { textOf } from "../storage/form-parts.ts";
import { storePhoto, type StoredPhoto } from "../tally/photos.server.ts";
import type { User } from "../tally/access.server.ts";
import { fileIncident, INCIDENT_PHOTO } from "../incidents/incidents.server.ts";
import { INCIDENT_DESCRIPTION_MAX, incidentSchema, MAX_INCIDENT_PHOTOS } from "../incidents/incident-rules.ts";
import { parseForm } from "./form.server.ts";
import { multipartParts } from "./multipart.server.ts";

const MAX_FIELD_BYTES = 3 * INCIDENT_DESCRIPTION_MAX + 64;

export type IncidentOutcome =
  | { filed: Awaited<ReturnType<typeof fileIncident>> }
  | { invalid: ReturnType<typeof parseForm<typeof incidentSchema>> }
  | { refused: UserError; typed: Record<string, string> };

export async function receiveIncident(
  request: Request,
  user: User,
  target: { electionId: string; unitCode: string },
): Promise<IncidentOutcome> {
  const parts = multipartParts(request);
  if (!parts) return { refused: new UserError(400, "upload.missing"), typed: {} };
  const fields = new FormData();
  const stored: StoredPhoto[] = [];
  let checked: ReturnType<typeof parseForm<typeof incidentSchema>> | null = null;
  const check = () => (checked ??= parseForm(fields, incidentSchema));
  try {
    for await (const part of parts) {
      if (!part.filename) {
        if (part.name === "photo") continue; // a photo field left empty
        if (checked) throw new UserError(400, "incident.errors.badSubmission");
        fields.append(
          part.name,
          await textOf(part, MAX_FIELD_BYTES, () => new UserError(400, "incident.errors.description")),
        );
        continue;
      }
      if (part.name !== "photo") continue; // a file we did not ask for
      if (check().status !== "success") break;
      if (stored.length >= MAX_INCIDENT_PHOTOS) throw new UserError(400, "incident.errors.tooManyPhotos");
      stored.push(
        await storePhoto(part.data, {
          ...target,
          ballot: INCIDENT_PHOTO,
          kind: INCIDENT_PHOTO,
          userId: user.id,
        }),
      );
    }
    const submission = check();
    if (submission.status !== "success") {
      await forget(stored);
      return { invalid: submission };
    }
    return {
      filed: await fileIncident(
        user,
        target,
        submission.value,
        stored.map((p) => p.id),
      ),
    };
  } catch (error) {
    await forget(stored);
    if (isUserError(error))
      return { refused: error, typed: Object.fromEntries([...fields].map(([k, v]) => [k, String(v)])) };
    throw error;
  }
}

/** Photos stored for an incident that was not filed (those seen before stay). */
async function forget(stored: StoredPhoto[]) {
  const fresh = stored.filter((p) => !p.duplicate);
  if (!fresh.length) return;
  const rows = await db().tallyPhoto.findMany({ where: { id: { in: fresh.map((p) => p.id) }, incidentId: null } });
  await db().tallyPhoto.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
  for (const r of rows) await remove(r.storageKey);
}
