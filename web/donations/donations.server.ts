// Campaigns and donations: the campaign page's figures, starting a donation (a Stripe
// Checkout session), and what a donor may see of their own donations.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { db } from "../db/db.server.ts";
import { getConfig } from "../config/config.server.ts";
import { UserError } from "../errors.ts";
import { logger } from "../observability/logger.server.ts";
import { donationSchema, type DonationInput } from "./donation-form.ts";
import { donationStatus, hasReceipt, type DonationStatus } from "./status.ts";
import { amountInThaiWords, receiptCode, receiptFileName, receiptIssuer } from "./receipts.server.ts";
import { receiptPdf } from "./receipt-pdf.server.ts";
import { stripe } from "./stripe.server.ts";
import { donationRows, raisedAndDonors, recentDonations } from "./donations.sql.server.ts";
import { isUuid } from "../ids.ts";
import { openSealed, sealText } from "../accounts/secrets.server.ts";

/** The purpose a donor's tax ID is sealed under. */
const DONOR_TAX_ID = "donor-tax-id";

export const amountLimits = () => ({ minBaht: getConfig().DONATION_MIN_BAHT, maxBaht: getConfig().DONATION_MAX_BAHT });
export const donationFormSchema = () => donationSchema(amountLimits());

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function findCampaign(slug?: string) {
  const campaign = await db().campaign.findFirst({
    where: slug ? { slug } : { active: true },
    orderBy: { createdAt: "asc" },
  });
  if (!campaign || !campaign.active) throw new UserError(404, "donate.errors.campaign");
  return campaign;
}

export interface CampaignProgress {
  raisedSatang: number;
  donors: number;
  goalSatang: number;
  percent: number;
}

/** Raised = donations less refunds (fees and spending are shown on the transparency page). */
export async function campaignProgress(campaignId: string, goalSatang: bigint): Promise<CampaignProgress> {
  const sums = await raisedAndDonors(campaignId);
  const raised = Number(sums.raised);
  const goal = Number(goalSatang);
  return {
    raisedSatang: raised,
    donors: Number(sums.donors),
    goalSatang: goal,
    percent: goal > 0 ? Math.min(100, Math.floor((raised / goal) * 1000) / 10) : 0,
  };
}

export async function campaignPage(slug?: string) {
  const campaign = await findCampaign(slug);
  const [progress, updates, recent] = await Promise.all([
    campaignProgress(campaign.id, campaign.goalSatang),
    db().campaignUpdate.findMany({ where: { campaignId: campaign.id }, orderBy: { createdAt: "desc" }, take: 5 }),
    recentDonations(campaign.id),
  ]);
  return {
    campaign: {
      slug: campaign.slug,
      titleTh: campaign.titleTh,
      titleEn: campaign.titleEn,
      storyTh: campaign.storyTh,
      storyEn: campaign.storyEn,
    },
    progress,
    updates: updates.map((u) => ({
      id: u.id,
      bodyTh: u.bodyTh,
      bodyEn: u.bodyEn,
      createdAt: u.createdAt.toISOString(),
    })),
    recent: recent.map((r) => ({
      name: r.name,
      amountSatang: Number(r.amountSatang),
      at: r.occurredAt.toISOString(),
    })),
  };
}

/** Records the donor's intent and opens a Stripe Checkout session for it (card and
 *  PromptPay). Nothing is kept when Stripe cannot be reached. */
export async function startDonation(input: DonationInput, opts: { baseUrl: string; locale: "th" | "en" }) {
  const campaign = await findCampaign(input.campaign);
  const token = randomBytes(24).toString("base64url");
  const donation = await db().donation.create({
    data: {
      campaignId: campaign.id,
      amountSatang: input.amountSatang,
      currency: "thb",
      donorName: input.donorName,
      email: input.email,
      phone: input.phone,
      donorTaxIdSealed: input.donorTaxId && sealText(input.donorTaxId, DONOR_TAX_ID),
      anonymous: input.anonymous,
      consentAt: new Date(),
      accessTokenHash: hashToken(token),
    },
  });
  const thanks = `${opts.baseUrl}/donate/thanks/${donation.id}?t=${token}`;
  try {
    const payments = await stripe();
    const session = await payments.checkout.sessions.create(
      {
        mode: "payment",
        submit_type: "donate",
        allowed_payment_method_types: ["card", "promptpay"],
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: "thb",
              unit_amount: input.amountSatang,
              product_data: { name: opts.locale === "en" ? campaign.titleEn : campaign.titleTh },
            },
          },
        ],
        client_reference_id: donation.id,
        metadata: { donationId: donation.id, campaignId: campaign.id },
        payment_intent_data: { metadata: { donationId: donation.id, campaignId: campaign.id } },
        ...(input.email ? { customer_email: input.email } : {}),
        locale: opts.locale,
        success_url: thanks,
        cancel_url: `${opts.baseUrl}/donate?cancelled=1`,
      },
      { idempotencyKey: `checkout-${donation.id}` },
    );
    await db().donation.update({ where: { id: donation.id }, data: { checkoutSessionId: session.id } });
    if (!session.url) throw new Error("Stripe returned a session without a URL");
    return { donationId: donation.id, token, checkoutUrl: session.url };
  } catch (error) {
    await db()
      .donation.delete({ where: { id: donation.id } })
      .catch(() => {});
    if (error instanceof UserError) throw error;
    logger.error({ err: error }, "could not open a Stripe Checkout session");
    throw new UserError(503, "donate.errors.paymentsUnavailable");
  }
}

export interface DonationView {
  id: string;
  status: DonationStatus;
  amountSatang: number;
  receivedSatang: number | null;
  refundedSatang: number;
  channel: "card" | "promptpay" | null;
  donorName: string | null;
  /** Opened only for the receipt (its page and PDF), to the donor. */
  donorTaxId: string | null;
  anonymous: boolean;
  createdAt: string;
  paidAt: string | null;
  receipt: string | null;
  campaign: { titleTh: string; titleEn: string };
}

async function donationViews(
  where: { id?: string; phone?: string },
  { openTaxId = false } = {},
): Promise<DonationView[]> {
  const rows = await donationRows(where);
  return rows.map((r) => {
    const received = r.received === null ? null : Number(r.received);
    const refunded = Number(r.refunded);
    return {
      id: r.id,
      amountSatang: r.amountSatang,
      receivedSatang: received,
      refundedSatang: refunded,
      channel: r.channel,
      donorName: r.donorName,
      donorTaxId: openTaxId && r.donorTaxIdSealed ? openSealed(r.donorTaxIdSealed, DONOR_TAX_ID) : null,
      anonymous: r.anonymous,
      createdAt: r.createdAt.toISOString(),
      paidAt: r.paidAt?.toISOString() ?? null,
      status: donationStatus({ received, refunded, awaitingPayment: r.awaiting, failed: r.failed, expired: r.expired }),
      receipt: r.receiptNumber ? receiptCode(r.receiptNumber, r.createdAt) : null,
      campaign: { titleTh: r.titleTh, titleEn: r.titleEn },
    };
  });
}

/** A donation as its ledger rows say it stands (no access check: staff and internal use). */
export const donationById = async (id: string): Promise<DonationView | null> =>
  isUuid(id) ? ((await donationViews({ id }))[0] ?? null) : null;

/** A donation seen through its thank-you link's token (no account needed). */
export async function donationByToken(id: string, token: string | null): Promise<DonationView> {
  if (!isUuid(id) || !token) throw new UserError(404, "donate.errors.notFound");
  const row = await db().donation.findUnique({ where: { id }, select: { accessTokenHash: true } });
  const expected = Buffer.from(row?.accessTokenHash ?? "0".repeat(64), "hex");
  if (!row || !timingSafeEqual(expected, Buffer.from(hashToken(token), "hex")))
    throw new UserError(404, "donate.errors.notFound");
  return (await donationViews({ id }, { openTaxId: true }))[0]!;
}

/** The signed-in donor's donations: those given with the phone they signed in with. */
export const donationsOfPhone = (phone: string) => donationViews({ phone });

/** A donation by id for a donor signed in with its phone. */
export async function donationOfPhone(id: string, phone: string): Promise<DonationView> {
  if (!isUuid(id)) throw new UserError(404, "donate.errors.notFound");
  const view = (await donationViews({ id }, { openTaxId: true }))[0];
  const owner = await db().donation.findUnique({ where: { id }, select: { phone: true } });
  if (!view || owner?.phone !== phone) throw new UserError(404, "donate.errors.notFound");
  return view;
}

/** A donation's receipt for its donor — through the thank-you link's token, or signed in
 *  with the donation's phone — with what the receipt must carry (its page and its PDF). */
export async function receiptOf(id: string, access: { token: string } | { phone: string }) {
  const donation =
    "token" in access ? await donationByToken(id, access.token) : await donationOfPhone(id, access.phone);
  if (!hasReceipt(donation.status)) throw new UserError(404, "donate.errors.notFound");
  return { donation, issuer: receiptIssuer(), amountWords: amountInThaiWords(donation.receivedSatang ?? 0) };
}

/** A paid donation's receipt as the PDF its e-mail carries (no access check: the mail
 *  goes to the address the donor gave). */
export async function receiptAttachment(donationId: string) {
  const donation = (await donationViews({ id: donationId }, { openTaxId: true }))[0];
  if (!donation?.receipt) return [];
  const content = await receiptPdf({
    donation,
    issuer: receiptIssuer(),
    amountWords: amountInThaiWords(donation.receivedSatang ?? 0),
  });
  return [{ filename: receiptFileName(donation.receipt), contentType: "application/pdf", content }];
}
