// The endpoints Express does not see (server.ts hands them the raw request): a JSON answer,
// and the body read within a limit.
import type { IncomingMessage, ServerResponse } from "node:http";

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(json),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(json);
}

/** How long a small body (a form, a count's JSON, a webhook) may take to arrive: on a
 *  slow phone line a few kilobytes take seconds, never half a minute. A sender that
 *  trickles is answered and cut off rather than holding a socket and a buffer for the
 *  server's whole request timeout (issue 17). */
export const SMALL_BODY_TIMEOUT_MS = 30_000;

/** The whole body, or "tooLarge" past `maxBytes`, or "tooSlow" when it has not arrived
 *  within `timeoutMs`. A declared length over the limit is refused before reading (Node
 *  drops the unread body and the sender gets the answer); an undeclared one is read on
 *  and dropped past the limit, up to eight times it, since leaving the loop early would
 *  reset the connection under a sender still writing. */
export function readBody(
  req: IncomingMessage,
  maxBytes: number,
  timeoutMs = SMALL_BODY_TIMEOUT_MS,
): Promise<Buffer | "tooLarge" | "tooSlow"> {
  if (Number(req.headers["content-length"] ?? 0) > maxBytes) return Promise.resolve("tooLarge");
  // Listeners, not `for await`: at the realtime count's peak every request's body is read
  // here, and an async iterator costs several promises per chunk.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: Buffer | "tooLarge" | "tooSlow" | Error) => {
      clearTimeout(timer);
      req.off("data", onData).off("end", onEnd).off("error", done).off("close", onClose);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes * 8) {
        done("tooLarge");
        return void req.destroy();
      }
      if (size <= maxBytes) chunks.push(chunk);
    };
    const onEnd = () => done(size > maxBytes ? "tooLarge" : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    // Closed before its end: the sender went away.
    const onClose = () => done(new Error("request closed before its body ended"));
    const timer = setTimeout(() => done("tooSlow"), timeoutMs);
    timer.unref();
    req.on("data", onData).on("end", onEnd).on("error", done).on("close", onClose);
  });
}

/** A body that did not arrive in time: 408, and the connection closed once it is said
 *  (what is still trickling in is not waited for). */
export function refuseSlowBody(req: IncomingMessage, res: ServerResponse, body: unknown) {
  const json = JSON.stringify(body);
  res.writeHead(408, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(json),
    "cache-control": "no-store",
    connection: "close",
  });
  res.end(json, () => req.socket.destroy());
}
