// The ledger: every movement of money is a LedgerEntry row (donations and refunds from
// Stripe's webhooks, fees from Stripe's balance transactions, spending recorded by finance
// admins with a receipt file). Every total here is a sum over those rows.
import { csvStream } from "../csv/write.ts";
import { z } from "zod";
import { db } from "../db/db.server.ts";
import { UserError } from "../errors.ts";
import { saveStream, remove } from "../storage/storage.server.ts";
import { sniffImage } from "../tally/photos.server.ts";
import { typeSniffer } from "../storage/sniff.server.ts";
import { textOf, type FormParts } from "../storage/form-parts.ts";
import { parseBaht, satangToDecimal } from "./money.ts";
import { stripe } from "./stripe.server.ts";
import { donationById, findCampaign } from "./donations.server.ts";
import { SPENDING_CATEGORIES } from "./categories.ts";
import {
  addLedgerEntry,
  donationsWithLedger,
  donationsWithoutFee,
  ledgerPage,
  transparencyRows,
} from "./donations.sql.server.ts";

const RECEIPT_MAX_BYTES = 10 * 1024 * 1024;

export interface Transparency {
  totals: { donations: number; refunds: number; fees: number; spending: number; balance: number; donors: number };
  byDay: { day: string; donations: number; refunds: number }[];
  byChannel: { channel: string; donations: number; refunds: number; fees: number; count: number }[];
  spending: { category: string; amount: number; count: number }[];
  recentSpending: {
    id: string;
    day: string;
    category: string;
    description: string;
    amount: number;
    hasReceipt: boolean;
  }[];
}

export async function transparency(campaignId: string): Promise<Transparency> {
  const [totals, byDay, byChannel, spending, recent] = await transparencyRows(campaignId);
  const sum = (kind: string) => Number(totals.find((t) => t.kind === kind)?.amount ?? 0);
  return {
    totals: {
      donations: sum("donation"),
      refunds: -sum("refund"),
      fees: -sum("fee"),
      spending: -sum("spending"),
      balance: totals.reduce((s, t) => s + Number(t.amount), 0),
      donors: Number(totals.find((t) => t.kind === "donation")?.donors ?? 0),
    },
    byDay: byDay.map((r) => ({ day: r.day, donations: Number(r.donations), refunds: Number(r.refunds) })),
    byChannel: byChannel.map((r) => ({
      channel: r.channel,
      donations: Number(r.donations),
      refunds: Number(r.refunds),
      fees: Number(r.fees),
      count: Number(r.count),
    })),
    spending: spending.map((r) => ({ category: r.category, amount: Number(r.amount), count: Number(r.count) })),
    recentSpending: recent.map((r) => ({
      id: r.id,
      day: r.day,
      category: r.category,
      description: r.description,
      amount: Number(r.amount),
      hasReceipt: !!r.receiptKey,
    })),
  };
}

export const LEDGER_CSV_COLUMNS = [
  "occurred_at",
  "kind",
  "channel",
  "category",
  "description",
  "amount_thb",
  "amount_satang",
  "reference",
] as const;

/** The whole ledger as CSV, oldest first, without personal data (no names, e-mails, phones). */
export function ledgerCsv(campaignId: string): AsyncIterable<string> {
  const out = csvStream({ header: true, columns: [...LEDGER_CSV_COLUMNS], bom: true });
  void (async () => {
    try {
      let after = { at: new Date(0).toISOString(), id: "00000000-0000-0000-0000-000000000000" };
      for (;;) {
        const rows = await ledgerPage(campaignId, after);
        for (const r of rows) {
          const satang = Number(r.amountSatang);
          const reference =
            r.kind === "spending" ? r.id : r.externalId ? String(r.externalId).replace(/^[a-z-]+:/, "") : "";
          if (
            !out.write([
              r.occurredAt.toISOString(),
              r.kind,
              r.channel ?? "",
              r.category ?? "",
              r.description ?? "",
              satangToDecimal(satang),
              satang,
              reference,
            ])
          ) {
            await new Promise((resolve) => out.once("drain", resolve));
          }
        }
        if (rows.length < 5000) break;
        const last = rows[rows.length - 1]!;
        after = { at: last.occurredAt.toISOString(), id: last.id };
      }
      out.end();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}

const spendingSchema = z.object({
  campaign: z.string().trim().min(1, "finance.errors.campaign"),
  amount: z.string().transform((v, ctx) => {
    const satang = parseBaht(v);
    if (satang === null || satang <= 0) ctx.addIssue({ code: "custom", message: "finance.errors.amount" });
    return satang ?? 0;
  }),
  category: z.enum(SPENDING_CATEGORIES, { message: "finance.errors.category" }),
  description: z.string().trim().min(3, "finance.errors.description").max(300, "finance.errors.description"),
  occurredOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "finance.errors.date")
    .refine((v) => !Number.isNaN(Date.parse(v)) && Date.parse(v) <= Date.now() + 86_400_000, "finance.errors.date"),
});

/** A spending row's stored receipt (key and file name), or null: nothing else has one. */
export async function spendingReceipt(id: string): Promise<{ key: string; name: string } | null> {
  const parsed = z.uuid().safeParse(id);
  const row = parsed.success ? await db().ledgerEntry.findUnique({ where: { id: parsed.data } }) : null;
  if (!row?.receiptKey || row.kind !== "spending") return null;
  return { key: row.receiptKey, name: row.receiptName ?? "receipt" };
}

/** A receipt is a PDF or a photo. */
const receiptSniffer = () =>
  typeSniffer(
    (head) => (head.subarray(0, 5).toString("latin1") === "%PDF-" ? "application/pdf" : sniffImage(head)),
    () => new UserError(415, "finance.errors.receiptType"),
  );

/** A finance admin records money spent, with its receipt (multipart: fields first, then
 *  the file). Nothing is kept when anything is wrong. */
export async function recordSpending(parts: FormParts | null, userId: string) {
  if (!parts) throw new UserError(400, "finance.errors.receipt");
  const fields: Record<string, string> = {};
  let receipt: { key: string; name: string } | null = null;
  try {
    for await (const part of parts) {
      const { name, filename, data } = part;
      if (name === "receipt") {
        if (!filename) continue;
        const sniffer = receiptSniffer();
        const saved = await saveStream("receipts", data, RECEIPT_MAX_BYTES, { through: sniffer.stream });
        receipt = { key: saved.key, name: filename.slice(0, 200) };
        continue;
      }
      if (filename) continue;
      fields[name] = await textOf(part, 2000, () => new UserError(400, "finance.errors.description"));
    }
    const parsed = spendingSchema.safeParse(fields);
    if (!parsed.success) throw new UserError(400, parsed.error.issues[0]!.message);
    const saved = receipt as { key: string; name: string } | null;
    if (!saved) throw new UserError(400, "finance.errors.receipt");
    const campaign = await findCampaign(parsed.data.campaign);
    return await db().ledgerEntry.create({
      data: {
        campaignId: campaign.id,
        kind: "spending",
        amountSatang: -BigInt(parsed.data.amount),
        category: parsed.data.category,
        description: parsed.data.description,
        receiptKey: saved.key,
        receiptName: saved.name,
        occurredAt: new Date(`${parsed.data.occurredOn}T12:00:00+07:00`),
        createdById: userId,
      },
    });
  } catch (error) {
    const saved = receipt as { key: string } | null;
    if (saved) await remove(saved.key).catch(() => {});
    throw error;
  }
}

/** Asks Stripe to refund a donation (all of it, or `amountSatang`). The ledger changes
 *  when Stripe's refund event arrives, like a refund made in Stripe's dashboard. */
export async function refundDonation(donationId: string, amountSatang: number | null, userId: string) {
  const view = await donationById(donationId);
  if (!view) throw new UserError(404, "donate.errors.notFound");
  const { paymentIntentId } = await db().donation.findUniqueOrThrow({
    where: { id: donationId },
    select: { paymentIntentId: true },
  });
  const received = view.receivedSatang ?? 0;
  const refunded = view.refundedSatang;
  if (!paymentIntentId || received === 0) throw new UserError(409, "finance.errors.notPaid");
  const left = received - refunded;
  const amount = amountSatang ?? left;
  if (amount <= 0 || amount > left)
    throw new UserError(422, "finance.errors.refundAmount", { left: satangToDecimal(left) });
  try {
    const payments = await stripe();
    return await payments.refunds.create(
      {
        payment_intent: paymentIntentId,
        amount,
        reason: "requested_by_customer",
        metadata: { donationId, requestedBy: userId },
      },
      { idempotencyKey: `refund-${donationId}-${refunded}-${amount}` },
    );
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(503, "donate.errors.paymentsUnavailable");
  }
}

/** Donations for the finance page: newest first, with what the ledger says of each. */
export async function financeDonations(campaignSlug?: string, take = 50) {
  const campaign = await findCampaign(campaignSlug);
  const rows = await donationsWithLedger(campaign.id, take);
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    name: r.anonymous ? null : r.donorName,
    amountSatang: Number(r.amountSatang),
    channel: r.channel,
    received: Number(r.received),
    refunded: Number(r.refunded),
  }));
}

/** Stripe's fee for each paid donation, read from its balance transaction (the worker runs
 *  this every few seconds; a donation whose fee is not settled yet is tried again later). */
export async function recordMissingFees(limit = 50): Promise<number> {
  const rows = await donationsWithoutFee(limit);
  let recorded = 0;
  for (const d of rows) {
    const payments = await stripe();
    const intent = await payments.paymentIntents.retrieve(d.paymentIntentId, {
      expand: ["latest_charge.balance_transaction"],
    });
    const charge = typeof intent.latest_charge === "object" ? intent.latest_charge : null;
    const txn = charge && typeof charge.balance_transaction === "object" ? charge.balance_transaction : null;
    if (!txn) continue;
    const entered = await addLedgerEntry(null, {
      campaignId: d.campaignId,
      donationId: d.id,
      kind: "fee",
      amountSatang: -txn.fee,
      channel: charge?.payment_method_details?.type === "promptpay" ? "promptpay" : "card",
      externalId: `fee:${txn.id}`,
      at: new Date(txn.created * 1000).toISOString(),
    });
    if (entered) recorded++;
  }
  return recorded;
}
