// Stripe webhooks: each event verified by its signature, then applied exactly once.
// The event's row (StripeEvent, primary key = Stripe's event id) is inserted in the same
// transaction as its effects; a duplicate delivery — even a concurrent one, which waits
// on the first's uncommitted row — finds it and changes nothing. Effects are facts keyed
// by the Stripe object that caused them (ledger rows by externalId, timestamps set once),
// so events arriving out of order add up to the same state (status.ts).
import Stripe from "stripe";
import type pg from "pg";
import { inTransaction, pool } from "../db/db.server.ts";
import { logger } from "../observability/logger.server.ts";
import { webhookSecret } from "./stripe.server.ts";
import { receiptEmail, sendQueuedEmail, type QueuedEmail } from "./receipts.server.ts";

export interface WebhookAnswer {
  status: number;
  body: { received: boolean; duplicate?: boolean; outcome?: string; error?: string; message?: string };
}

const verifier = new Stripe("sk_test_signature_checks_only", { telemetry: false }).webhooks;

/** Verifies the signature of a raw webhook body, then applies the event once. */
export async function receiveStripeWebhook(
  rawBody: Buffer | string,
  signature: string | undefined,
): Promise<WebhookAnswer> {
  let event: Stripe.Event;
  try {
    if (!signature) throw new Error("no Stripe-Signature header");
    event = verifier.constructEvent(rawBody, signature, webhookSecret()) as Stripe.Event;
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
  const seen = await pool().query(`SELECT 1 FROM "StripeEvent" WHERE id = $1`, [event.id]);
  if (seen.rowCount) return { status: 200, body: { received: true, duplicate: true } };
  const result = await inTransaction(
    async (client): Promise<Outcome | null> => {
      const fresh = await client.query(
        `INSERT INTO "StripeEvent" (id, type, "createdAt", outcome) VALUES ($1, $2, $3::timestamp, 'applied') ON CONFLICT (id) DO NOTHING RETURNING id`,
        [event.id, event.type, eventTime(event)],
      );
      if (fresh.rowCount === 0) return null; // a concurrent copy applied it first
      const outcome = await applyEffects(client, event);
      if (!outcome.retryLater)
        await client.query(`UPDATE "StripeEvent" SET outcome = $2, "donationId" = $3 WHERE id = $1`, [
          event.id,
          outcome.outcome,
          outcome.donationId,
        ]);
      return outcome;
    },
    // A refund whose payment is not known yet (events out of order) keeps nothing: Stripe delivers it again later.
    (outcome) => !!outcome && !outcome.retryLater,
  );
  if (!result) return { status: 200, body: { received: true, duplicate: true } };
  if (result.retryLater) return { status: 409, body: { received: false, outcome: result.outcome } };
  if (result.email) await sendQueuedEmail(result.email);
  return { status: 200, body: { received: true, outcome: result.outcome } };
}

interface DonationRow {
  id: string;
  campaignId: string;
  amountSatang: number;
  email: string | null;
  anonymous: boolean;
}

async function lockDonation(
  client: pg.PoolClient,
  where: { id?: string | null; paymentIntentId?: string | null },
): Promise<DonationRow | null> {
  const byId = where.id && /^[0-9a-f-]{36}$/i.test(where.id);
  if (!byId && !where.paymentIntentId) return null;
  const { rows } = await client.query<DonationRow>(
    `SELECT id, "campaignId", "amountSatang", email, anonymous FROM "Donation" WHERE ${byId ? "id = $1::uuid" : `"paymentIntentId" = $1`} FOR UPDATE`,
    [byId ? where.id : where.paymentIntentId],
  );
  return rows[0] ?? null;
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
  await client.query(
    `UPDATE "Donation" SET "checkoutSessionId" = COALESCE("checkoutSessionId", $2), "paymentIntentId" = COALESCE("paymentIntentId", $3),
       channel = COALESCE(channel, $4::"PaymentChannel"),
       "awaitingPaymentAt" = CASE WHEN $5 THEN COALESCE("awaitingPaymentAt", $8::timestamp) ELSE "awaitingPaymentAt" END,
       "failedAt" = CASE WHEN $6 THEN COALESCE("failedAt", $8::timestamp) ELSE "failedAt" END,
       "expiredAt" = CASE WHEN $7 THEN COALESCE("expiredAt", $8::timestamp) ELSE "expiredAt" END
     WHERE id = $1`,
    [
      donation.id,
      session.id,
      paymentIntentId,
      channel,
      event.type === "checkout.session.completed" && !paid,
      event.type === "checkout.session.async_payment_failed",
      event.type === "checkout.session.expired",
      at,
    ],
  );
  if (!paid) return { outcome: event.type.replace("checkout.session.", ""), donationId: donation.id };
  if ((session.currency ?? "thb").toLowerCase() !== "thb" || session.amount_total === null) {
    logger.error(
      { donationId: donation.id, currency: session.currency },
      "checkout paid in an unexpected currency: not recorded",
    );
    return { outcome: "ignored: currency", donationId: donation.id };
  }
  const inserted = await client.query(
    `INSERT INTO "LedgerEntry" (id, "campaignId", "donationId", kind, "amountSatang", channel, "externalId", "occurredAt")
     VALUES (gen_random_uuid(), $1, $2, 'donation', $3, $4::"PaymentChannel", $5, $6::timestamp) ON CONFLICT ("externalId") DO NOTHING RETURNING id`,
    [donation.campaignId, donation.id, session.amount_total, channel, `payment:${session.id}`, at],
  );
  if (inserted.rowCount === 0) return { outcome: "already paid", donationId: donation.id };
  const { rows } = await client.query<{ receiptNumber: number }>(
    `UPDATE "Donation" SET "receiptNumber" = COALESCE("receiptNumber", nextval('donation_receipt_seq')) WHERE id = $1 RETURNING "receiptNumber"`,
    [donation.id],
  );
  const email = donation.email ? await receiptEmail(client, donation.id, rows[0]!.receiptNumber) : undefined;
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
  const row = (externalId: string, amount: number) =>
    client.query(
      `INSERT INTO "LedgerEntry" (id, "campaignId", "donationId", kind, "amountSatang", "externalId", "occurredAt")
       VALUES (gen_random_uuid(), $1, $2, 'refund', $3, $4, $5::timestamp) ON CONFLICT ("externalId") DO NOTHING`,
      [donation.campaignId, donation.id, amount, externalId, at],
    );
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
