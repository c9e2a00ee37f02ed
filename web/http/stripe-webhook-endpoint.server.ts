// POST /webhooks/stripe: the raw body (its signature covers the exact bytes) goes to
// receiveStripeWebhook. Handled ahead of Express like the entry API (server.ts).
import type { IncomingMessage, ServerResponse } from "node:http";
import { paymentsConfigured } from "../donations/stripe.server.ts";
import { receiveStripeWebhook } from "../donations/webhooks.server.ts";
import { readBody, refuseSlowBody, sendJson } from "./raw-body.server.ts";
import { bilingual } from "../i18n/i18n.ts";

export const WEBHOOK_PATH = "/webhooks/stripe";
const MAX_BODY_BYTES = 512 * 1024; // Stripe's events are far smaller

export async function postStripeWebhook(req: IncomingMessage, res: ServerResponse) {
  if (!paymentsConfigured()) {
    req.resume();
    return sendJson(res, 404, {
      error: "webhook.notConfigured",
      message: "Payments are not configured / ยังไม่ได้ตั้งค่าการรับชำระเงิน",
    });
  }
  const body = await readBody(req, MAX_BODY_BYTES);
  if (body === "tooSlow")
    return refuseSlowBody(req, res, { error: "request.timeout", message: bilingual("request.timeout") });
  if (body === "tooLarge")
    return sendJson(res, 413, { error: "api.bodyTooLarge", message: "Body too large / ข้อมูลใหญ่เกินไป" });
  const signature = req.headers["stripe-signature"];
  const answer = await receiveStripeWebhook(body, Array.isArray(signature) ? signature[0] : signature);
  sendJson(res, answer.status, answer.body);
}
