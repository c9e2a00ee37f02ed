// The checklist's POST (routes/report.$unit.checklist.tsx): multipart, photos streamed to
// storage. The answers come first and are recorded (or refused) before any photo is
// stored; the photos are kept as the unit's (kind "checklist", under the phase's key) and
// anchored like the count's.
import { isUserError, UserError } from "../errors.ts";
import { textOf } from "../storage/form-parts.ts";
import { storePhoto } from "../tally/photos.server.ts";
import type { User } from "../tally/access.server.ts";
import { answerChecklist } from "../checklists/checklists.server.ts";
import { checklistAnswersSchema, checklistPhotoKey, type ChecklistPhase } from "../checklists/checklist-rules.ts";
import { MAX_INCIDENT_PHOTOS } from "../incidents/incident-rules.ts";
import { parseForm } from "./form.server.ts";
import { multipartParts } from "./multipart.server.ts";

export type ChecklistOutcome = { saved: number; photos: number } | { refused: UserError };

export async function receiveChecklist(
  request: Request,
  user: User,
  target: { electionId: string; unitCode: string; phase: ChecklistPhase },
): Promise<ChecklistOutcome> {
  const parts = multipartParts(request);
  if (!parts) return { refused: new UserError(400, "upload.missing") };
  const fields = new FormData();
  let saved: number | null = null;
  const answer = async () => {
    const submission = parseForm(fields, checklistAnswersSchema);
    if (submission.status !== "success") throw new UserError(400, "form.badRequest");
    return answerChecklist(user, target, submission.value);
  };
  let photos = 0;
  try {
    for await (const part of parts) {
      if (!part.filename) {
        if (part.name === "photo") continue; // no photo chosen
        if (saved !== null) throw new UserError(400, "form.badRequest");
        fields.append(part.name, await textOf(part, 4_000, () => new UserError(400, "form.badRequest")));
        continue;
      }
      if (part.name !== "photo") continue;
      saved ??= await answer();
      if (++photos > MAX_INCIDENT_PHOTOS) throw new UserError(400, "incident.errors.tooManyPhotos");
      await storePhoto(part.data, {
        electionId: target.electionId,
        unitCode: target.unitCode,
        ballot: checklistPhotoKey(target.phase),
        kind: "checklist",
        userId: user.id,
      });
    }
    saved ??= await answer();
    return { saved, photos };
  } catch (error) {
    if (isUserError(error)) return { refused: error };
    throw error;
  }
}
