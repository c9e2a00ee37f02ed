// POST /api/v1/live/snapshots: a counting phone's cumulative snapshot of the realtime
// count (ADR 0027). At the national peak about 19,000 a second arrive, so it runs ahead of
// Express and Remix like the entries endpoint (server.ts). The answer says when to send
// next; while the database cannot be reached, 503 with a later time — the phone keeps
// every tap and sends them all at once afterwards.
import type { IncomingMessage, ServerResponse } from "node:http";
import { isUserError } from "../errors.ts";
import { snapshotSchema } from "../live/live-rules.ts";
import { nextInterval, submitSnapshot } from "../live/snapshots.server.ts";
import { sendJson } from "./raw-body.server.ts";
import { refuse, signedInJson, unavailable } from "./json-endpoint.server.ts";

export const SNAPSHOT_PATH = "/api/v1/live/snapshots";
const MAX_BODY_BYTES = 8 * 1024;

export async function postSnapshot(req: IncomingMessage, res: ServerResponse) {
  try {
    const request = await signedInJson(req, res, MAX_BODY_BYTES);
    if (!request) return;
    const { user, body } = request;
    const parsed = snapshotSchema.safeParse(body);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join(".") ?? "";
      return refuse(res, 400, "live.badSnapshot", { field });
    }
    sendJson(res, 200, await submitSnapshot(user, parsed.data));
  } catch (error) {
    if (isUserError(error)) return refuse(res, error.status, error.code, error.params, error.extra);
    const next = nextInterval() * 2;
    unavailable(res, error, "live.unavailable", Math.ceil(next / 1000), { next });
  }
}
