import type { LoaderFunctionArgs } from "@remix-run/node";
import { receiptAccess } from "../http/receipt-access.server.ts";
import { orNotFound } from "../http/user-errors.server.ts";
import { receiptOf } from "../donations/donations.server.ts";
import { receiptPdf } from "../donations/receipt-pdf.server.ts";
import { receiptFileName } from "../donations/receipts.server.ts";

/** The receipt as a PDF, to the same people as its page. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const receipt = await orNotFound(
    async () => receiptOf(params.id!, await receiptAccess(request)),
    "Not found / ไม่พบใบเสร็จ",
  );
  const pdf = await receiptPdf(receipt);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${receiptFileName(receipt.donation.receipt ?? receipt.donation.id)}"`,
      "cache-control": "private, no-store",
    },
  });
}
