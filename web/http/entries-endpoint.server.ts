// POST /api/v1/entries: the reporter app's JSON endpoint for a count (the figures; photos
// go through the report form). On election night this is the busiest request and needs
// no page: the web server hands it here before Express and Remix (server.ts). Same checks,
// same module as the form (tally/entries.server.ts).
import type { IncomingMessage, ServerResponse } from "node:http";
import { isUserError } from "../errors.ts";
import { submitEntry } from "../tally/entries.server.ts";
import { BALLOT_KEY, DETAILS } from "../tally/tally-rules.ts";
import { sendJson } from "./raw-body.server.ts";
import { refuse, signedInJson, unavailable } from "./json-endpoint.server.ts";

export const ENTRY_PATH = "/api/v1/entries";
const MAX_BODY_BYTES = 16 * 1024;
/** How long a phone waits before sending an entry again while the database is away. */
const ENTRY_RETRY_SECONDS = 5;

export async function postEntry(req: IncomingMessage, res: ServerResponse) {
  try {
    const request = await signedInJson(req, res, MAX_BODY_BYTES);
    if (!request) return;
    const { user, body } = request;
    const fields = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
    const ballot = String(fields.ballot ?? "");
    if (!BALLOT_KEY.test(ballot) || typeof fields.figures !== "object" || fields.figures === null)
      return refuse(res, 400, "tally.badSubmission");
    const result = await submitEntry(user, {
      election: typeof fields.election === "string" ? fields.election : null,
      submissionId: String(fields.submissionId ?? ""),
      unitCode: String(fields.unitCode ?? ""),
      ballot,
      source: fields.source === "blind" ? "blind" : "reporter",
      // The figures and votes, and the form's other fields (remarks, times…) beside them.
      fields: {
        ...(fields.figures as Record<string, unknown>),
        ...Object.fromEntries(DETAILS.filter((d) => d in fields).map((d) => [d, fields[d]])),
      },
    });
    sendJson(res, result.replay ? 200 : 201, {
      id: result.entry.id,
      status: result.status,
      replay: result.replay,
      flags: result.entry.flags,
    });
  } catch (error) {
    if (isUserError(error)) return refuse(res, error.status, error.code, error.params);
    // Not the request's fault (PostgreSQL down, say): the phone keeps the entry and sends
    // it again with the same submission id, which is safe to repeat.
    unavailable(res, error, "tally.unavailable", ENTRY_RETRY_SECONDS);
  }
}
