// POST /webhooks/stripe: the raw body (its signature covers the exact bytes) goes to
// receiveStripeWebhook. Handled ahead of Express like the entry API (server.ts).
import type { IncomingMessage, ServerResponse } from "node:http";
import { paymentsConfigured } from "./stripe.server.ts";
import { receiveStripeWebhook } from "./webhooks.server.ts";

export const WEBHOOK_PATH = "/webhooks/stripe";
const MAX_BODY_BYTES = 512 * 1024; // Stripe's events are far smaller

function send(res: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(json),
    "cache-control": "no-store",
  });
  res.end(json);
}

export async function postStripeWebhook(req: IncomingMessage, res: ServerResponse) {
  if (!paymentsConfigured()) {
    req.resume();
    return send(res, 404, {
      error: "webhook.notConfigured",
      message: "Payments are not configured / ยังไม่ได้ตั้งค่าการรับชำระเงิน",
    });
  }
  const tooLarge = () => send(res, 413, { error: "api.bodyTooLarge", message: "Body too large / ข้อมูลใหญ่เกินไป" });
  // Refused before reading: Node discards the unread body and the sender gets the 413.
  if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) return tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Leaving the loop would destroy the socket under a sender still writing (it sees a
    // reset, not the 413): read on and drop the rest, up to a bound.
    if (size > MAX_BODY_BYTES * 8) break;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  if (size > MAX_BODY_BYTES) return tooLarge();
  const signature = req.headers["stripe-signature"];
  const answer = await receiveStripeWebhook(Buffer.concat(chunks), Array.isArray(signature) ? signature[0] : signature);
  send(res, answer.status, answer.body);
}
