// POST /api/v1/entries: the reporter app's JSON endpoint for a count (the figures; photos
// go through the report form). On election night this is the busiest request and needs
// no page: the web server hands it here before Express and Remix (server.ts). Same checks,
// same module as the form.
import type { IncomingMessage, ServerResponse } from "node:http";
import { sessionUserFromCookie } from "../accounts/session.server.ts";
import { bilingual } from "../i18n/i18n.ts";
import { isUserError } from "../errors.ts";
import { submitEntry } from "./entries.server.ts";
import { BALLOTS, type Ballot } from "./tally-rules.ts";

export const ENTRY_PATH = "/api/v1/entries";
const MAX_BODY_BYTES = 16 * 1024;

function send(res: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(json),
    "cache-control": "no-store",
  });
  res.end(json);
}

const refuse = (res: ServerResponse, status: number, code: string, params: Record<string, unknown> = {}) =>
  send(res, status, {
    error: code,
    ...(Object.keys(params).length ? { params } : {}),
    message: bilingual(code, params),
  });

/** Reads a small JSON body; undefined (and the answer sent) when it is not one. */
async function readJson(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  if (!/^application\/json\s*(;|$)/i.test(req.headers["content-type"] ?? ""))
    return void refuse(res, 415, "api.jsonOnly");
  if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES)
    return void refuse(res, 413, "api.bodyTooLarge", { max: MAX_BODY_BYTES / 1024 });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Leaving the loop would destroy the socket under a sender still writing (it sees a
    // reset, not the 413): read on and drop the rest, up to a bound.
    if (size > MAX_BODY_BYTES * 8) break;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  if (size > MAX_BODY_BYTES) return void refuse(res, 413, "api.bodyTooLarge", { max: MAX_BODY_BYTES / 1024 });
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return void refuse(res, 400, "api.badJson");
  }
}

export async function postEntry(req: IncomingMessage, res: ServerResponse) {
  try {
    const user = await sessionUserFromCookie(req.headers.cookie ?? null);
    if (!user) {
      req.resume();
      return refuse(res, 401, "api.signInFirst");
    }
    const body = await readJson(req, res);
    if (body === undefined) return;
    const fields = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
    const ballot = String(fields.ballot ?? "") as Ballot;
    if (!BALLOTS.includes(ballot) || typeof fields.figures !== "object" || fields.figures === null)
      return refuse(res, 400, "tally.badSubmission");
    const result = await submitEntry(user, {
      submissionId: String(fields.submissionId ?? ""),
      unitCode: String(fields.unitCode ?? ""),
      ballot,
      source: fields.source === "blind" ? "blind" : "reporter",
      fields: fields.figures as Record<string, unknown>,
    });
    send(res, result.replay ? 200 : 201, { id: result.entry.id, status: result.status, replay: result.replay });
  } catch (error) {
    if (isUserError(error)) return refuse(res, error.status, error.code, error.params);
    if (!res.headersSent) send(res, 500, { error: "internal" });
    throw error;
  }
}
