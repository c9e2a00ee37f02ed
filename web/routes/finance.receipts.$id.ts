import type { LoaderFunctionArgs } from "@remix-run/node";
import { Readable } from "node:stream";
import { z } from "zod";
import { requirePermission } from "../accounts/guards.server.ts";
import { db } from "../db/db.server.ts";
import { openStream } from "../storage/storage.server.ts";

// A spending row's receipt file: finance admins only (receipts may name people).
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "finance:manage");
  const id = z.uuid().safeParse(params.id);
  const row = id.success ? await db().ledgerEntry.findUnique({ where: { id: id.data } }) : null;
  if (!row?.receiptKey || row.kind !== "spending") throw new Response("Not found / ไม่พบไฟล์", { status: 404 });
  return new Response(Readable.toWeb(openStream(row.receiptKey)) as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": "application/octet-stream",
      "content-disposition": `attachment; filename="${(row.receiptName ?? "receipt").replace(/[^\w.-]+/g, "_")}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
