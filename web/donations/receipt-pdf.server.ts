// A donation receipt as a PDF (issue 40): what a Thai donation receipt needs for a tax
// deduction — who issues it (name, address, tax ID), its number and date, the donor (and
// their tax ID when given), the purpose, the amount in figures and in Thai words, and the
// signatory — in Thai with English, set in Sarabun (the typeface of Thai official
// documents, embedded from the npm registry's @expo-google-fonts/sarabun). pdfkit shapes
// the Thai text with fontkit, so the tone marks and vowels sit where they belong.
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import { formatBaht } from "./money.ts";
import { formatDateTime } from "../i18n/format.ts";
import type { DonationView } from "./donations.server.ts";
import type { receiptIssuer } from "./receipts.server.ts";

const require = createRequire(import.meta.url);
const FONT = require.resolve("@expo-google-fonts/sarabun/400Regular/Sarabun_400Regular.ttf");
const BOLD = require.resolve("@expo-google-fonts/sarabun/700Bold/Sarabun_700Bold.ttf");

const CHANNEL = { card: "บัตร / Card", promptpay: "พร้อมเพย์ / PromptPay" } as const;
const NOT_SET = "(ยังไม่ได้ตั้งค่า / not configured)";

export interface ReceiptPdfInput {
  donation: DonationView;
  issuer: ReturnType<typeof receiptIssuer>;
  amountWords: string;
}

/** The receipt's lines, label and value: the PDF's content, and what a test reads back. */
export function receiptLines({ donation: d, issuer, amountWords }: ReceiptPdfInput): [string, string][] {
  const received = d.receivedSatang ?? 0;
  return [
    ["ผู้รับบริจาค / Issued by", issuer.name ?? NOT_SET],
    ["ที่อยู่ / Address", issuer.address ?? NOT_SET],
    ["เลขประจำตัวผู้เสียภาษี / Tax ID", issuer.taxId ?? NOT_SET],
    ["เลขที่ใบเสร็จ / Receipt no.", d.receipt ?? ""],
    ["วันที่ / Date", d.paidAt ? formatDateTime(d.paidAt, "th", { dateStyle: "long", timeStyle: "short" }) : ""],
    ["ผู้บริจาค / Donor", d.anonymous || !d.donorName ? "ไม่ประสงค์ออกนาม / Anonymous" : d.donorName],
    ...(d.donorTaxId ? [["เลขประจำตัวผู้เสียภาษีผู้บริจาค / Donor's tax ID", d.donorTaxId] as [string, string]] : []),
    ["วัตถุประสงค์ / Purpose", `${d.campaign.titleTh} / ${d.campaign.titleEn}`],
    ["ช่องทาง / Paid by", d.channel ? CHANNEL[d.channel] : "-"],
    ["จำนวนเงิน / Amount", `${formatBaht(received, "th")} บาท / THB`],
    ["จำนวนเงิน (ตัวอักษร) / In words", `(${amountWords})`],
    ...(d.refundedSatang > 0
      ? [["คืนเงินแล้ว / Refunded", `${formatBaht(d.refundedSatang, "th")} บาท / THB`] as [string, string]]
      : []),
  ];
}

/** The receipt as PDF bytes (A5, one page). */
export function receiptPdf(input: ReceiptPdfInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A5",
    margin: 36,
    info: {
      Title: `ใบเสร็จรับเงินบริจาค ${input.donation.receipt ?? ""}`,
      Author: input.issuer.name ?? "",
      CreationDate: new Date(input.donation.paidAt ?? input.donation.createdAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont("body", FONT);
  doc.registerFont("bold", BOLD);
  doc.font("bold").fontSize(16).text("ใบเสร็จรับเงินบริจาค", { align: "center" });
  doc.font("body").fontSize(11).text("Donation receipt", { align: "center" }).moveDown();
  for (const [label, value] of receiptLines(input)) {
    doc.font("bold").fontSize(9).fillColor("#5b6470").text(label);
    doc.font("body").fontSize(11).fillColor("#1b1f24").text(value).moveDown(0.4);
  }
  doc.moveDown(1.5);
  doc.font("body").fontSize(11).text("ลงชื่อ / Signed ______________________________", { align: "right" });
  doc.text(`(${input.issuer.signatory ?? NOT_SET})`, { align: "right" });
  doc.fontSize(9).text("ผู้รับเงิน / Received by", { align: "right" });
  doc.end();
  return done;
}
