// The rumour desk's new-claim POST (routes/desk._index.tsx): multipart, the image streamed
// to storage; the fields come first and are parsed with the form's schema before it.
import { isUserError, UserError } from "../errors.ts";
import { textOf } from "../storage/form-parts.ts";
import { logClaim } from "../rumours/rumour-desk.server.ts";
import { claimSchema } from "../rumours/claim-rules.ts";
import { parseForm } from "./form.server.ts";
import { multipartParts } from "./multipart.server.ts";

export type ClaimOutcome =
  | { logged: Awaited<ReturnType<typeof logClaim>> }
  | { invalid: ReturnType<typeof parseForm<typeof claimSchema>> }
  | { refused: UserError };

export async function receiveClaim(request: Request, user: { id: string }, electionId: string): Promise<ClaimOutcome> {
  const parts = multipartParts(request);
  if (!parts) return { refused: new UserError(400, "upload.missing") };
  const fields = new FormData();
  try {
    for await (const part of parts) {
      if (!part.filename) {
        if (part.name === "image") continue; // no image chosen
        fields.append(part.name, await textOf(part, 8_000, () => new UserError(400, "rumours.errors.text")));
        continue;
      }
      if (part.name !== "image") continue;
      const submission = parseForm(fields, claimSchema);
      if (submission.status !== "success") return { invalid: submission };
      return { logged: await logClaim(user, electionId, submission.value, part.data) };
    }
    const submission = parseForm(fields, claimSchema);
    if (submission.status !== "success") return { invalid: submission };
    return { logged: await logClaim(user, electionId, submission.value) };
  } catch (error) {
    if (isUserError(error)) return { refused: error };
    throw error;
  }
}
