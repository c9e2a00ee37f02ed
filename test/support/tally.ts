// What the tally's integration tests share: a stored photo of the signed form, and sending
// a count the way a phone does.
import { randomUUID } from "node:crypto";
import { db } from "../../web/db/db.server.ts";
import { currentElection } from "../../web/elections/elections.server.ts";
import { submitEntry } from "../../web/tally/entries.server.ts";
import type { HasRoles } from "../../web/accounts/permissions.ts";

export { countFields } from "./count-fields.ts";

/** A photo of the signed form, stored for the unit and not yet sent with an entry (its
 *  bytes are not needed: only that it is there). */
export const formPhoto = async (unitCode: string, userId: string, ballot = "constituency", electionId?: string) =>
  (
    await db().tallyPhoto.create({
      data: {
        electionId: electionId ?? (await currentElection()).id,
        unitCode,
        ballot,
        kind: "form",
        sha256: randomUUID().replaceAll("-", "").repeat(2),
        storageKey: `test/${randomUUID()}`,
        contentType: "image/jpeg",
        bytes: 1,
        uploadedById: userId,
      },
    })
  ).id;

/** Sends a constituency count for the unit, with the signed form's photo when asked. */
export const sendCount = async (
  user: HasRoles & { id: string },
  unitCode: string,
  fields: Record<string, string>,
  source: "reporter" | "blind",
  opts: { photo?: boolean } = {},
) =>
  submitEntry(user, {
    submissionId: randomUUID(),
    unitCode,
    ballot: "constituency",
    source,
    fields,
    photoIds: opts.photo ? [await formPhoto(unitCode, user.id)] : [],
  });
