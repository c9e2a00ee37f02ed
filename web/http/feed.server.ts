// The media feed's HTTP side: the outlet's key from the headers (a JSON 401, or 403 under
// embargo), JSON answers, and strong ETags so a CDN can carry the load.
import { createHash } from "node:crypto";
import { bilingual } from "../i18n/i18n.ts";
import { outletByKey, releasedAt } from "../results/feed.server.ts";
import { currentElection } from "../elections/elections.server.ts";
import { isUserError } from "../errors.ts";
import { electionSlugOf } from "./election-param.server.ts";

/** The outlet calling, from `Authorization: Bearer <key>` or `X-Api-Key`; a JSON 401
 *  otherwise, and a 403 while results are under embargo. */
export async function requireOutlet(request: Request) {
  const header = request.headers.get("authorization");
  const key = header?.startsWith("Bearer ") ? header.slice(7).trim() : request.headers.get("x-api-key")?.trim();
  const outlet = key ? await outletByKey(key) : null;
  if (!outlet) throw json({ error: "unauthorized", message: bilingual("media.unauthorized") }, 401);
  if (!(await releasedAt())) throw json({ error: "embargoed", message: bilingual("media.embargoed") }, 403);
  return outlet;
}

/** A public answer held back, as the pages are, until the war room releases the results. */
export async function requireReleased() {
  if (!(await releasedAt())) throw json({ error: "embargoed", message: bilingual("media.embargoed") }, 403);
}

export function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}

/** A cacheable answer: a strong ETag of the body; 304 when the client has it already. */
export function cacheable(request: Request, body: string, contentType = "application/json; charset=utf-8") {
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
  const headers = {
    etag,
    "content-type": contentType,
    // A proxy or CDN keeps it a second and refreshes it in the background; a client asks
    // again with If-None-Match (a 304 while the count has not moved).
    "cache-control": "public, max-age=1, s-maxage=1, stale-while-revalidate=10",
    vary: "Authorization, X-Api-Key",
  };
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers });
}

/** The election a feed request names with `?election=<slug>` (none: the current one),
 *  or a JSON 404 that ends the request. */
export async function feedElection(request: Request) {
  try {
    return await currentElection(electionSlugOf(request));
  } catch (error) {
    if (isUserError(error)) throw json({ error: "no_election" }, 404);
    throw error;
  }
}

/** The event streams this process is sending, each by the function that ends it. */
const openStreams = new Set<() => void>();
let streamsEnded = false;

/** Ends every event stream cleanly (a web process stopping): each client sees its stream
 *  end rather than cut, and reconnects (to another process) with its Last-Event-ID. */
export function endEventStreams() {
  streamsEnded = true;
  for (const end of [...openStreams]) end();
}

/** A server-sent event stream that asks `poll` every `everyMs` (never two at once) for the
 *  events to send (`id`: a resumable position, when the stream has one); it ends when the
 *  client goes, `poll` fails or the process stops (the client reconnects after `retry`). */
export function eventStream(
  request: Request,
  everyMs: number,
  poll: () => Promise<{ id?: number; event: string; data: unknown }[]>,
) {
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setInterval> | undefined;
  let end = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`retry: 2000\n: connected\n\n`));
      end = () => {
        clearInterval(timer);
        openStreams.delete(end);
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      openStreams.add(end);
      // Asked for on a kept-alive connection as the process stops: ended at once.
      if (streamsEnded) return end();
      let busy = false;
      const tick = async () => {
        if (busy) return;
        busy = true;
        try {
          for (const e of await poll()) {
            const id = e.id === undefined ? "" : `id: ${e.id}\n`;
            controller.enqueue(encoder.encode(`${id}event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`));
          }
        } catch {
          end();
        } finally {
          busy = false;
        }
      };
      timer = setInterval(tick, everyMs);
      request.signal.addEventListener("abort", () => end());
    },
    cancel() {
      end();
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
