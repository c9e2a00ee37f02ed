// The pieces the JSON endpoints ahead of Express share (entries, realtime snapshots): a
// small JSON body read with its limits, and a refusal as the API answers it (a code, its
// parameters and the message in Thai and English).
import type { IncomingMessage, ServerResponse } from "node:http";
import { bilingual } from "../i18n/i18n.ts";
import { sessionUserFromCookie } from "../accounts/session.server.ts";
import { logger } from "../observability/logger.server.ts";
import { readBody, refuseSlowBody, sendJson } from "./raw-body.server.ts";

export const refuse = (
  res: ServerResponse,
  status: number,
  code: string,
  params: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) =>
  sendJson(res, status, {
    error: code,
    ...(Object.keys(params).length ? { params } : {}),
    message: bilingual(code, params),
    ...extra,
  });

/** Reads a small JSON body; undefined (and the answer sent) when it is not one. */
export async function readJson(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<unknown> {
  if (!/^application\/json\s*(;|$)/i.test(req.headers["content-type"] ?? ""))
    return void refuse(res, 415, "api.jsonOnly");
  const body = await readBody(req, maxBytes);
  if (body === "tooSlow")
    return void refuseSlowBody(req, res, { error: "request.timeout", message: bilingual("request.timeout") });
  if (body === "tooLarge") return void refuse(res, 413, "api.bodyTooLarge", { max: maxBytes / 1024 });
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return void refuse(res, 400, "api.badJson");
  }
}

/** The signed-in caller and their small JSON body; undefined (and the answer sent: 401,
 *  or what readJson refuses) otherwise. */
export async function signedInJson(req: IncomingMessage, res: ServerResponse, maxBytes: number) {
  const user = await sessionUserFromCookie(req.headers.cookie ?? null);
  if (!user) {
    req.resume();
    return void refuse(res, 401, "api.signInFirst");
  }
  const body = await readJson(req, res, maxBytes);
  return body === undefined ? undefined : { user, body };
}

/** What an endpoint answers when something other than the request failed — the database
 *  unreachable, most likely: 503 with Retry-After (seconds) and the message, so that the
 *  phone keeps what it sent and sends it again later; never a 500 that reads as "refused".
 *  The error is logged, not sent. */
export function unavailable(res: ServerResponse, error: unknown, code: string, retryAfterSeconds: number, extra = {}) {
  logger.warn({ err: error }, `${code}: answered 503`);
  if (res.headersSent) return;
  sendJson(
    res,
    503,
    { error: code, message: bilingual(code), retryAfter: retryAfterSeconds, ...extra },
    { "retry-after": String(retryAfterSeconds) },
  );
}
