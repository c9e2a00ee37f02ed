import type { LoaderFunctionArgs } from "@remix-run/node";
import { Readable } from "node:stream";
import { invariantResponse, requirePermission } from "../http/guards.server.ts";
import { spendingReceipt } from "../donations/ledger.server.ts";
import { openStream } from "../storage/storage.server.ts";

// A spending row's receipt file: finance admins only (receipts may name people).
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "finance:manage");
  const receipt = await spendingReceipt(params.id ?? "");
  invariantResponse(receipt, "Not found / ไม่พบไฟล์");
  return new Response(Readable.toWeb(openStream(receipt.key)) as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": "application/octet-stream",
      "content-disposition": `attachment; filename="${receipt.name.replace(/[^\w.-]+/g, "_")}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
