// Donations' SQL, in one place (ADR 0021): the ledger's sums (pg returns SUM and COUNT
// as strings: the callers turn them into numbers), the webhook's exactly-once writes on
// the transaction's connection, receipts and the e-mail outbox. Rows are typed here.
import type pg from "pg";
import { pool } from "../db/db.server.ts";
import type { EmailMessage } from "../messaging/email.server.ts";
import { isUuid } from "../ids.ts";

type Client = pg.PoolClient;

/** Raised (donations less refunds) and distinct donors of a campaign. */
export async function raisedAndDonors(campaignId: string) {
  const { rows } = await pool().query<{ raised: string; donors: string }>(
    `SELECT COALESCE(SUM("amountSatang") FILTER (WHERE kind IN ('donation', 'refund')), 0) AS raised,
            COUNT(DISTINCT "donationId") FILTER (WHERE kind = 'donation') AS donors
       FROM "LedgerEntry" WHERE "campaignId" = $1`,
    [campaignId],
  );
  return rows[0]!;
}

/** The ten latest donations, with the name only of donors who gave it. */
export async function recentDonations(campaignId: string) {
  const { rows } = await pool().query<{ name: string | null; amountSatang: string; occurredAt: Date }>(
    `SELECT CASE WHEN d.anonymous THEN NULL ELSE d."donorName" END AS name, l."amountSatang", l."occurredAt"
       FROM "LedgerEntry" l JOIN "Donation" d ON d.id = l."donationId"
      WHERE l."campaignId" = $1 AND l.kind = 'donation' ORDER BY l."occurredAt" DESC LIMIT 10`,
    [campaignId],
  );
  return rows;
}

export interface DonationRow {
  id: string;
  amountSatang: number;
  channel: "card" | "promptpay" | null;
  donorName: string | null;
  donorTaxIdSealed: string | null;
  anonymous: boolean;
  createdAt: Date;
  receiptNumber: number | null;
  awaiting: boolean;
  failed: boolean;
  expired: boolean;
  titleTh: string;
  titleEn: string;
  received: string | null;
  paidAt: Date | null;
  refunded: string;
}

/** One donation by id, or a donor's by phone (newest first), with what the ledger says. */
export async function donationRows(where: { id?: string; phone?: string }) {
  const { rows } = await pool().query<DonationRow>(
    `SELECT d.id, d."amountSatang", d.channel, d."donorName", d."donorTaxIdSealed", d.anonymous, d."createdAt", d."receiptNumber",
            d."awaitingPaymentAt" IS NOT NULL AS awaiting, d."failedAt" IS NOT NULL AS failed, d."expiredAt" IS NOT NULL AS expired,
            c."titleTh", c."titleEn",
            (SELECT SUM(l."amountSatang") FROM "LedgerEntry" l WHERE l."donationId" = d.id AND l.kind = 'donation') AS received,
            (SELECT MIN(l."occurredAt") FROM "LedgerEntry" l WHERE l."donationId" = d.id AND l.kind = 'donation') AS "paidAt",
            (SELECT COALESCE(-SUM(l."amountSatang"), 0) FROM "LedgerEntry" l WHERE l."donationId" = d.id AND l.kind = 'refund') AS refunded
       FROM "Donation" d JOIN "Campaign" c ON c.id = d."campaignId"
      WHERE ${where.id ? "d.id = $1::uuid" : "d.phone = $1"} ORDER BY d."createdAt" DESC LIMIT 200`,
    [where.id ?? where.phone],
  );
  return rows;
}

/** The campaign's ledger, for the transparency page: totals by kind, by day (Thai
 *  days), by channel, spending by category, and the latest spending. */
export function transparencyRows(campaignId: string) {
  const q = <T extends object>(sql: string) =>
    pool()
      .query<T>(sql, [campaignId])
      .then((r) => r.rows);
  return Promise.all([
    q<{ kind: string; amount: string; donors: string }>(
      `SELECT kind, SUM("amountSatang") AS amount, COUNT(DISTINCT "donationId") AS donors FROM "LedgerEntry" WHERE "campaignId" = $1 GROUP BY kind`,
    ),
    // Days in Thailand's time (UTC+7), as people remember them.
    q<{ day: string; donations: string; refunds: string }>(
      `SELECT to_char(("occurredAt" + interval '7 hours')::date, 'YYYY-MM-DD') AS day,
              COALESCE(SUM("amountSatang") FILTER (WHERE kind = 'donation'), 0) AS donations,
              COALESCE(-SUM("amountSatang") FILTER (WHERE kind = 'refund'), 0) AS refunds
         FROM "LedgerEntry" WHERE "campaignId" = $1 AND kind IN ('donation', 'refund') GROUP BY 1 ORDER BY 1`,
    ),
    // Refunds and fees belong to the channel their donation came through.
    q<{ channel: string; donations: string; refunds: string; fees: string; count: string }>(
      `SELECT COALESCE(d.channel::text, 'unknown') AS channel,
              COALESCE(SUM(l."amountSatang") FILTER (WHERE l.kind = 'donation'), 0) AS donations,
              COALESCE(-SUM(l."amountSatang") FILTER (WHERE l.kind = 'refund'), 0) AS refunds,
              COALESCE(-SUM(l."amountSatang") FILTER (WHERE l.kind = 'fee'), 0) AS fees,
              COUNT(*) FILTER (WHERE l.kind = 'donation') AS count
         FROM "LedgerEntry" l JOIN "Donation" d ON d.id = l."donationId"
        WHERE l."campaignId" = $1 GROUP BY 1 ORDER BY 2 DESC`,
    ),
    q<{ category: string; amount: string; count: string }>(
      `SELECT category, -SUM("amountSatang") AS amount, COUNT(*) AS count FROM "LedgerEntry"
        WHERE "campaignId" = $1 AND kind = 'spending' GROUP BY category ORDER BY 2 DESC`,
    ),
    q<{ id: string; day: string; category: string; description: string; amount: string; receiptKey: string | null }>(
      `SELECT id, to_char(("occurredAt" + interval '7 hours')::date, 'YYYY-MM-DD') AS day, category, description, -"amountSatang" AS amount, "receiptKey"
         FROM "LedgerEntry" WHERE "campaignId" = $1 AND kind = 'spending' ORDER BY "occurredAt" DESC LIMIT 20`,
    ),
  ]);
}

/** One page of the ledger after `after`, oldest first (the CSV export). */
export async function ledgerPage(campaignId: string, after: { at: string; id: string }) {
  const { rows } = await pool().query<{
    id: string;
    occurredAt: Date;
    kind: string;
    channel: string | null;
    category: string | null;
    description: string | null;
    amountSatang: string;
    externalId: string | null;
  }>(
    `SELECT l.id, l."occurredAt", l.kind, COALESCE(l.channel, d.channel) AS channel, l.category, l.description, l."amountSatang", l."externalId"
       FROM "LedgerEntry" l LEFT JOIN "Donation" d ON d.id = l."donationId"
      WHERE l."campaignId" = $1 AND (l."occurredAt", l.id) > ($2::timestamp, $3::uuid)
      ORDER BY l."occurredAt", l.id LIMIT 5000`,
    [campaignId, after.at, after.id],
  );
  return rows;
}

/** The finance page's donations: newest first, each with what was received and refunded. */
export async function donationsWithLedger(campaignId: string, take: number) {
  const { rows } = await pool().query<{
    id: string;
    createdAt: Date;
    donorName: string | null;
    anonymous: boolean;
    amountSatang: number;
    channel: string | null;
    received: string;
    refunded: string;
  }>(
    `SELECT d.id, d."createdAt", d."donorName", d.anonymous, d."amountSatang", d.channel,
            COALESCE(SUM(l."amountSatang") FILTER (WHERE l.kind = 'donation'), 0) AS received,
            COALESCE(-SUM(l."amountSatang") FILTER (WHERE l.kind = 'refund'), 0) AS refunded
       FROM "Donation" d JOIN "LedgerEntry" l ON l."donationId" = d.id
      WHERE d."campaignId" = $1 GROUP BY d.id ORDER BY d."createdAt" DESC LIMIT $2`,
    [campaignId, take],
  );
  return rows;
}

/** Paid donations whose Stripe fee is not in the ledger yet, oldest first. */
export async function donationsWithoutFee(limit: number) {
  const { rows } = await pool().query<{ id: string; campaignId: string; paymentIntentId: string }>(
    `SELECT d.id, d."campaignId", d."paymentIntentId" FROM "Donation" d
      WHERE d."paymentIntentId" IS NOT NULL
        AND EXISTS (SELECT 1 FROM "LedgerEntry" l WHERE l."donationId" = d.id AND l.kind = 'donation')
        AND NOT EXISTS (SELECT 1 FROM "LedgerEntry" l WHERE l."donationId" = d.id AND l.kind = 'fee')
      ORDER BY d."createdAt" LIMIT $1`,
    [limit],
  );
  return rows;
}

/** A ledger row, once per external id (a payment, refund or fee seen again adds
 *  nothing); true when it was new. */
export async function addLedgerEntry(
  client: Client | null, // null: on a pooled connection of its own
  e: {
    campaignId: string;
    donationId: string;
    kind: "donation" | "refund" | "fee";
    amountSatang: number;
    channel: "card" | "promptpay" | null;
    externalId: string;
    at: string;
  },
) {
  const inserted = await (client ?? pool()).query(
    `INSERT INTO "LedgerEntry" (id, "campaignId", "donationId", kind, "amountSatang", channel, "externalId", "occurredAt")
     VALUES (gen_random_uuid(), $1, $2, $3::"LedgerKind", $4, $5::"PaymentChannel", $6, $7::timestamp) ON CONFLICT ("externalId") DO NOTHING`,
    [e.campaignId, e.donationId, e.kind, e.amountSatang, e.channel, e.externalId, e.at],
  );
  return (inserted.rowCount ?? 0) > 0;
}

/** Whether a Stripe event was applied already (one read for the common repeat). */
export async function stripeEventSeen(eventId: string) {
  const seen = await pool().query(`SELECT 1 FROM "StripeEvent" WHERE id = $1`, [eventId]);
  return (seen.rowCount ?? 0) > 0;
}

/** Takes a Stripe event for this transaction: false when a concurrent copy has it. */
export async function claimStripeEvent(client: Client, eventId: string, type: string, at: string) {
  const fresh = await client.query(
    `INSERT INTO "StripeEvent" (id, type, "createdAt", outcome) VALUES ($1, $2, $3::timestamp, 'applied') ON CONFLICT (id) DO NOTHING RETURNING id`,
    [eventId, type, at],
  );
  return (fresh.rowCount ?? 0) > 0;
}

export async function recordStripeOutcome(client: Client, eventId: string, outcome: string, donationId: string | null) {
  await client.query(`UPDATE "StripeEvent" SET outcome = $2, "donationId" = $3 WHERE id = $1`, [
    eventId,
    outcome,
    donationId,
  ]);
}

export interface LockedDonation {
  id: string;
  campaignId: string;
  amountSatang: number;
  email: string | null;
  anonymous: boolean;
}

/** A donation by its id or its payment intent, locked for the transaction. */
export async function lockDonation(
  client: Client,
  where: { id?: string | null; paymentIntentId?: string | null },
): Promise<LockedDonation | null> {
  const byId = where.id && isUuid(where.id);
  if (!byId && !where.paymentIntentId) return null;
  const { rows } = await client.query<LockedDonation>(
    `SELECT id, "campaignId", "amountSatang", email, anonymous FROM "Donation" WHERE ${byId ? "id = $1::uuid" : `"paymentIntentId" = $1`} FOR UPDATE`,
    [byId ? where.id : where.paymentIntentId],
  );
  return rows[0] ?? null;
}

/** What a checkout event says of its donation; each moment is kept from its first event. */
export async function recordCheckoutState(
  client: Client,
  donationId: string,
  s: {
    sessionId: string;
    paymentIntentId: string | null;
    channel: "card" | "promptpay" | null;
    awaitingPayment: boolean;
    failed: boolean;
    expired: boolean;
    at: string;
  },
) {
  await client.query(
    `UPDATE "Donation" SET "checkoutSessionId" = COALESCE("checkoutSessionId", $2), "paymentIntentId" = COALESCE("paymentIntentId", $3),
       channel = COALESCE(channel, $4::"PaymentChannel"),
       "awaitingPaymentAt" = CASE WHEN $5 THEN COALESCE("awaitingPaymentAt", $8::timestamp) ELSE "awaitingPaymentAt" END,
       "failedAt" = CASE WHEN $6 THEN COALESCE("failedAt", $8::timestamp) ELSE "failedAt" END,
       "expiredAt" = CASE WHEN $7 THEN COALESCE("expiredAt", $8::timestamp) ELSE "expiredAt" END
     WHERE id = $1`,
    [donationId, s.sessionId, s.paymentIntentId, s.channel, s.awaitingPayment, s.failed, s.expired, s.at],
  );
}

/** The donation's receipt number, given once from the sequence. */
export async function giveReceiptNumber(client: Client, donationId: string) {
  const { rows } = await client.query<{ receiptNumber: number }>(
    `UPDATE "Donation" SET "receiptNumber" = COALESCE("receiptNumber", nextval('donation_receipt_seq')) WHERE id = $1 RETURNING "receiptNumber"`,
    [donationId],
  );
  return rows[0]!.receiptNumber;
}

/** What a receipt e-mail says. */
export async function receiptDetails(client: Client, donationId: string) {
  const { rows } = await client.query<{
    email: string | null;
    donorName: string | null;
    amountSatang: number;
    createdAt: Date;
    titleTh: string;
    titleEn: string;
  }>(
    `SELECT d.email, d."donorName", d."amountSatang", d."createdAt", c."titleTh", c."titleEn"
       FROM "Donation" d JOIN "Campaign" c ON c.id = d."campaignId" WHERE d.id = $1`,
    [donationId],
  );
  return rows[0];
}

/** An e-mail into the outbox, in the transaction that caused it (sent once it commits). */
export async function queueEmail(client: Client, message: EmailMessage, provider: string) {
  await client.query(
    `INSERT INTO "OutboxMessage" (id, channel, recipient, subject, body, provider) VALUES (gen_random_uuid(), 'email', $1, $2, $3, $4)`,
    [message.to, message.subject, message.text, provider],
  );
}
