// Stripe webhooks: each event verified by its signature, then applied exactly once.
// The event's row (StripeEvent, primary key = Stripe's event id) is inserted in the same
// transaction as its effects; a duplicate delivery — even a concurrent one, which waits
// on the first's uncommitted row — finds it and changes nothing. Effects are facts keyed
// by the Stripe object that caused them (ledger rows by externalId, timestamps set once),
// so events arriving out of order add up to the same state (status.ts).
import type Stripe from "stripe";
import type pg from "pg";
import { inTransaction } from "../db/db.server.ts";
import { logger } from "../observability/logger.server.ts";
import { stripeSdk, webhookSecret } from "./stripe.server.ts";
import { receiptEmail, sendQueuedEmail, type QueuedEmail } from "./receipts.server.ts";
import { receiptAttachment } from "./donations.server.ts";
import {
  addLedgerEntry,
  claimStripeEvent,
  giveReceiptNumber,
  lockDonation,
  recordCheckoutState,
  recordStripeOutcome,
  stripeEventSeen,
} from "./donations.sql.server.ts";

export interface WebhookAnswer {
  status: number;
  body: { received: boolean; duplicate?: boolean; outcome?: string; error?: string; message?: string };
}

let verifier: Stripe.Webhooks | undefined;
const signatures = async () =>
  (verifier ??= new (await stripeSdk())("sk_test_signature_checks_only", { telemetry: false }).webhooks);

/** Verifies the signature of a raw webhook body, then applies the event once. */
export async function receiveStripeWebhook(
  rawBody: Buffer | string,
  signature: string | undefined,
): Promise<WebhookAnswer> {
  const verify = await signatures();
  let event: Stripe.Event;
  try {
    if (!signature) throw new Error("no Stripe-Signature header");
    event = verify.constructEvent(rawBody, signature, webhookSecret()) as Stripe.Event;
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : error }, "stripe webhook refused: bad signature");
    return {
      status: 400,
      body: {
        received: false,
        error: "webhook.badSignature",
        message: "Webhook signature verification failed / ลายเซ็นของ webhook ไม่ถูกต้อง",
      },
    };
  }
  return applyStripeEvent(event);
}

type Outcome = { outcome: string; donationId: string | null; email?: QueuedEmail; retryLater?: boolean };

/** Applies one verified event exactly once (idempotent by event id). */
export async function applyStripeEvent(event: Stripe.Event): Promise<WebhookAnswer> {
  // Most deliveries of a busy endpoint are repeats: answer those with one read. (The
  // insert below is what guarantees once; this only saves a transaction.)
  if (await stripeEventSeen(event.id)) return { status: 200, body: { received: true, duplicate: true } };
  const result = await inTransaction(
    async (client): Promise<Outcome | null> => {
      if (!(await claimStripeEvent(client, event.id, event.type, eventTime(event)))) return null; // a concurrent copy applied it first
      const outcome = await applyEffects(client, event);
      if (!outcome.retryLater) await recordStripeOutcome(client, event.id, outcome.outcome, outcome.donationId);
      return outcome;
    },
    // A refund whose payment is not known yet (events out of order) keeps nothing: Stripe delivers it again later.
    (outcome) => !!outcome && !outcome.retryLater,
  );
  if (!result) return { status: 200, body: { received: true, duplicate: true } };
  if (result.retryLater) return { status: 409, body: { received: false, outcome: result.outcome } };
  // The receipt's PDF is made once the payment is committed, for the mail only.
  if (result.email) {
    const attachments = await receiptAttachment(result.donationId!).catch((error: unknown) => {
      logger.error({ err: error, donationId: result.donationId }, "receipt PDF not made; the mail goes without it");
      return [];
    });
    await sendQueuedEmail({ ...result.email, attachments });
  }
  return { status: 200, body: { received: true, outcome: result.outcome } };
}

const idOf = (v: string | { id: string } | null | undefined) => (typeof v === "string" ? v : (v?.id ?? null));
const eventTime = (event: Stripe.Event) => new Date(event.created * 1000).toISOString();

async function applyEffects(client: pg.PoolClient, event: Stripe.Event): Promise<Outcome> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
    case "checkout.session.async_payment_failed":
    case "checkout.session.expired":
      return checkoutEvent(client, event, event.data.object);
    case "charge.refunded": {
      const charge = event.data.object;
      const refunds = charge.refunds?.data ?? [];
      if (refunds.length === 0)
        return { outcome: "ignored: no refund list (refund.* events carry it)", donationId: null };
      let outcome: Outcome = { outcome: "ignored", donationId: null };
      for (const refund of refunds) {
        outcome = await refundEvent(client, event, refund, charge.metadata?.donationId);
        if (outcome.retryLater) return outcome;
      }
      return outcome;
    }
    case "refund.created":
    case "refund.updated":
    case "refund.failed":
      return refundEvent(client, event, event.data.object, event.data.object.metadata?.donationId);
    default:
      return { outcome: "ignored: not handled", donationId: null };
  }
}

async function checkoutEvent(
  client: pg.PoolClient,
  event: Stripe.Event,
  session: Stripe.Checkout.Session,
): Promise<Outcome> {
  const donation = await lockDonation(client, { id: session.client_reference_id ?? session.metadata?.donationId });
  if (!donation) return { outcome: "ignored: unknown donation", donationId: null };
  const paymentIntentId = idOf(session.payment_intent);
  const paid =
    event.type === "checkout.session.async_payment_succeeded" ||
    (event.type === "checkout.session.completed" && session.payment_status !== "unpaid");
  // Only an asynchronous method (PromptPay here) completes a checkout unpaid.
  const asynchronous = event.type !== "checkout.session.completed" || session.payment_status === "unpaid";
  const channel = event.type === "checkout.session.expired" ? null : asynchronous ? "promptpay" : "card";
  const at = eventTime(event);
  await recordCheckoutState(client, donation.id, {
    sessionId: session.id,
    paymentIntentId,
    channel,
    awaitingPayment: event.type === "checkout.session.completed" && !paid,
    failed: event.type === "checkout.session.async_payment_failed",
    expired: event.type === "checkout.session.expired",
    at,
  });
  if (!paid) return { outcome: event.type.replace("checkout.session.", ""), donationId: donation.id };
  if ((session.currency ?? "thb").toLowerCase() !== "thb" || session.amount_total === null) {
    logger.error(
      { donationId: donation.id, currency: session.currency },
      "checkout paid in an unexpected currency: not recorded",
    );
    return { outcome: "ignored: currency", donationId: donation.id };
  }
  const entered = await addLedgerEntry(client, {
    campaignId: donation.campaignId,
    donationId: donation.id,
    kind: "donation",
    amountSatang: session.amount_total,
    channel,
    externalId: `payment:${session.id}`,
    at,
  });
  if (!entered) return { outcome: "already paid", donationId: donation.id };
  const receiptNumber = await giveReceiptNumber(client, donation.id);
  const email = donation.email ? await receiptEmail(client, donation.id, receiptNumber) : undefined;
  return { outcome: "paid", donationId: donation.id, email };
}

async function refundEvent(
  client: pg.PoolClient,
  event: Stripe.Event,
  refund: Stripe.Refund,
  donationIdHint?: string | null,
): Promise<Outcome> {
  const donation = await lockDonation(
    client,
    donationIdHint ? { id: donationIdHint } : { paymentIntentId: idOf(refund.payment_intent) },
  );
  if (!donation) return { outcome: "refund for a payment not seen yet", donationId: null, retryLater: true };
  const at = eventTime(event);
  const row = (externalId: string, amountSatang: number) =>
    addLedgerEntry(client, {
      campaignId: donation.campaignId,
      donationId: donation.id,
      kind: "refund",
      amountSatang,
      channel: null,
      externalId,
      at,
    });
  // A refund takes money out once it is pending or succeeded; one that then fails or is
  // cancelled puts it back with a second row, so the order of its events does not matter.
  if (refund.status === "failed" || refund.status === "canceled") {
    await row(`refund:${refund.id}`, -refund.amount);
    await row(`refund-reversal:${refund.id}`, refund.amount);
    return { outcome: "refund reversed", donationId: donation.id };
  }
  await row(`refund:${refund.id}`, -refund.amount);
  return { outcome: "refunded", donationId: donation.id };
}
