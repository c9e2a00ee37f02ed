import type { LoaderFunctionArgs } from "@remix-run/node";
import { Readable } from "node:stream";
import { z } from "zod";
import { invariantResponse, requireOrganisationPermission } from "../http/guards.server.ts";
import { rosterImport } from "../recruitment/roster-import-job.server.ts";
import { openStream } from "../storage/storage.server.ts";

// The invalid rows of one import, decrypted as it streams; the organisation's own only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOrganisationPermission(request, params.slug, "roster:manage");
  const id = z.uuid().safeParse(params.id);
  const record = id.success ? await rosterImport(organisation.id, id.data) : null;
  invariantResponse(record?.errorFilePath, "Not found");
  const body = Readable.toWeb(openStream(record.errorFilePath, true)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="errors-${record.fileName.replace(/[^\w.-]+/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}
