// Donation receipts: the page (routes/donate.receipt.$id) and an e-mail, written to the
// outbox in the same transaction that recorded the payment, so it goes out once.
import type pg from "pg";
import { deliverEmail, emailProvider, type EmailMessage } from "../messaging/email.server.ts";
import { formatBaht } from "./money.ts";

export type QueuedEmail = EmailMessage;

export const receiptCode = (receiptNumber: number, createdAt: Date) =>
  `R${createdAt.getUTCFullYear() + 543}-${String(receiptNumber).padStart(6, "0")}`;

export async function receiptEmail(
  client: pg.PoolClient,
  donationId: string,
  receiptNumber: number,
): Promise<QueuedEmail | undefined> {
  const { rows } = await client.query<{
    email: string;
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
  const d = rows[0];
  if (!d?.email) return undefined;
  const code = receiptCode(receiptNumber, d.createdAt);
  const message: QueuedEmail = {
    to: d.email,
    subject: `ใบเสร็จรับเงินบริจาค ${code} / Donation receipt ${code}`,
    text: [
      `เรียน ${d.donorName ?? "ผู้บริจาค"}`,
      `ขอบคุณที่ร่วมสนับสนุน "${d.titleTh}" จำนวน ${formatBaht(d.amountSatang, "th")} บาท (เลขที่ใบเสร็จ ${code})`,
      `ดูใบเสร็จได้ที่ลิงก์ในหน้าขอบคุณ หรือเข้าสู่ระบบด้วยเบอร์โทรศัพท์ที่ให้ไว้`,
      ``,
      `Dear ${d.donorName ?? "donor"},`,
      `Thank you for supporting "${d.titleEn}" with THB ${formatBaht(d.amountSatang, "en")} (receipt ${code}).`,
    ].join("\n"),
  };
  await client.query(
    `INSERT INTO "OutboxMessage" (id, channel, recipient, subject, body, provider) VALUES (gen_random_uuid(), 'email', $1, $2, $3, $4)`,
    [message.to, message.subject, message.text, emailProvider().name],
  );
  return message;
}

export const sendQueuedEmail = (message: QueuedEmail) => deliverEmail(message);
