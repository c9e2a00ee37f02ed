// The demo payment mode's checkout page (PAYMENTS_DEMO): stands in for Stripe's hosted
// checkout. It reads the session through the SDK, and plays the payer's part through the
// stand-in's /demo endpoints, which send signed events to the real webhook.
import { getConfig } from "../config/config.server.ts";
import { UserError } from "../errors.ts";
import { stripe } from "./stripe.server.ts";

export function demoCheckoutEnabled() {
  const config = getConfig();
  return config.PAYMENTS_DEMO && !!config.STRIPE_API_BASE && !!config.STRIPE_SECRET_KEY;
}

export async function demoSession(sessionId: string) {
  if (!demoCheckoutEnabled() || !/^cs_[A-Za-z0-9_]+$/.test(sessionId))
    throw new UserError(404, "donate.errors.notFound");
  try {
    const payments = await stripe();
    const s = await payments.checkout.sessions.retrieve(sessionId);
    return {
      id: s.id,
      amountSatang: s.amount_total ?? 0,
      status: s.status,
      paymentStatus: s.payment_status,
      description: (s as unknown as { line_items_description?: string }).line_items_description ?? "",
      successUrl: s.success_url ?? "/donate",
      cancelUrl: s.cancel_url ?? "/donate",
    };
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(404, "donate.errors.notFound");
  }
}

export type DemoPayment =
  { method: "card" } | { method: "promptpay"; outcome: "succeeded" | "failed" } | { method: "cancel" };

/** Plays the payer: a card pays at once; a PromptPay transfer settles ~2 s later. */
export async function demoPay(sessionId: string, payment: DemoPayment) {
  const session = await demoSession(sessionId);
  if (session.status !== "open") throw new UserError(409, "donate.errors.notFound");
  const path = payment.method === "cancel" ? "expire" : "pay";
  const body =
    payment.method === "promptpay"
      ? { method: "promptpay", outcome: payment.outcome, settleAfterMs: payment.outcome === "failed" ? 0 : 2000 }
      : { method: payment.method };
  const res = await fetch(
    `${getConfig().STRIPE_API_BASE!.replace(/\/$/, "")}/demo/checkout/sessions/${sessionId}/${path}`,
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    },
  ).catch(() => null);
  if (!res?.ok) throw new UserError(503, "donate.errors.paymentsUnavailable");
  return payment.method === "cancel" ? session.cancelUrl : session.successUrl;
}
