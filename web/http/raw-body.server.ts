// The endpoints Express does not see (server.ts hands them the raw request): a JSON answer,
// and the body read within a limit.
import type { IncomingMessage, ServerResponse } from "node:http";

export function sendJson(res: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(json),
    "cache-control": "no-store",
  });
  res.end(json);
}

/** The whole body, or "tooLarge" past `maxBytes`. A declared length over the limit is
 *  refused before reading (Node drops the unread body and the sender gets the answer);
 *  an undeclared one is read on and dropped past the limit, up to eight times it, since
 *  leaving the loop early would reset the connection under a sender still writing. */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | "tooLarge"> {
  if (Number(req.headers["content-length"] ?? 0) > maxBytes) return "tooLarge";
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes * 8) break;
    if (size <= maxBytes) chunks.push(chunk);
  }
  return size > maxBytes ? "tooLarge" : Buffer.concat(chunks);
}
