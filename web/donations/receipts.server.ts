// Donation receipts: the page (routes/donate.receipt.$id) and an e-mail, written to the
// outbox in the same transaction that recorded the payment, so it goes out once.
import type pg from "pg";
import { deliverEmail, emailProvider, type EmailMessage } from "../messaging/email.server.ts";
import { bahttext } from "bahttext";
import { getConfig } from "../config/config.server.ts";
import { formatBaht } from "./money.ts";
import { queueEmail, receiptDetails } from "./donations.sql.server.ts";

export type QueuedEmail = EmailMessage;

export const receiptCode = (receiptNumber: number, createdAt: Date) =>
  `R${createdAt.getUTCFullYear() + 543}-${String(receiptNumber).padStart(6, "0")}`;

/** What a Thai donation receipt must carry besides the donation itself: who issues it
 *  (name, address, tax ID) and who signs it, as configured (null: not configured). */
export function receiptIssuer() {
  const c = getConfig();
  return {
    name: c.RECEIPT_ORG_NAME ?? null,
    address: c.RECEIPT_ORG_ADDRESS ?? null,
    taxId: c.RECEIPT_ORG_TAX_ID ?? null,
    signatory: c.RECEIPT_SIGNATORY ?? null,
  };
}

/** The amount in Thai words, as a receipt writes it ("หนึ่งพันบาทถ้วน"). */
export const amountInThaiWords = (satang: number) => bahttext((satang / 100).toFixed(2));

export async function receiptEmail(
  client: pg.PoolClient,
  donationId: string,
  receiptNumber: number,
): Promise<QueuedEmail | undefined> {
  const d = await receiptDetails(client, donationId);
  if (!d?.email) return undefined;
  const code = receiptCode(receiptNumber, d.createdAt);
  const message: QueuedEmail = {
    to: d.email,
    subject: `ใบเสร็จรับเงินบริจาค ${code} / Donation receipt ${code}`,
    text: [
      `เรียน ${d.donorName ?? "ผู้บริจาค"}`,
      `ขอบคุณที่ร่วมสนับสนุน "${d.titleTh}" จำนวน ${formatBaht(d.amountSatang, "th")} บาท (${amountInThaiWords(d.amountSatang)}) (เลขที่ใบเสร็จ ${code})`,
      ...issuerLines(),
      `ใบเสร็จฉบับ PDF แนบมากับอีเมลนี้ (${receiptFileName(code)}) ดูได้อีกที่ลิงก์ในหน้าขอบคุณ หรือเข้าสู่ระบบด้วยเบอร์โทรศัพท์ที่ให้ไว้`,
      ``,
      `Dear ${d.donorName ?? "donor"},`,
      `Thank you for supporting "${d.titleEn}" with THB ${formatBaht(d.amountSatang, "en")} (receipt ${code}, attached as a PDF).`,
    ].join("\n"),
  };
  await queueEmail(client, message, emailProvider().name);
  return message;
}

export const sendQueuedEmail = (message: QueuedEmail) => deliverEmail(message);

/** A receipt's PDF file name, in its e-mail and its download. */
export const receiptFileName = (code: string) => `receipt-${code}.pdf`;

function issuerLines() {
  const i = receiptIssuer();
  return [
    i.name && `ผู้รับบริจาค / Issued by: ${i.name}`,
    i.address && `ที่อยู่ / Address: ${i.address}`,
    i.taxId && `เลขประจำตัวผู้เสียภาษี / Tax ID: ${i.taxId}`,
    i.signatory && `ผู้รับเงิน / Received by: ${i.signatory}`,
  ].filter((line): line is string => !!line);
}
