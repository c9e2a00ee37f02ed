import type { LoaderFunctionArgs } from "@remix-run/node";
import { Readable } from "node:stream";
import { invariantResponse, requireUser } from "../http/guards.server.ts";
import { mayReport } from "../tally/entries.server.ts";
import { findPhoto } from "../tally/photos.server.ts";
import { openStream } from "../storage/storage.server.ts";
import { releasedAt } from "../results/feed.server.ts";

// A count photo, byte for byte as it was sent (its SHA-256 is in the ETag). Public once
// the war room releases results (the unit pages show them); before, only the unit's
// reporters and staff in scope.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const photo = await findPhoto(params.id ?? "");
  invariantResponse(photo, "Not found");
  if (!(await releasedAt())) {
    const user = await requireUser(request);
    invariantResponse(await mayReport(user, photo.unitCode), "Forbidden", 403);
  }
  return new Response(Readable.toWeb(openStream(photo.storageKey)) as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": photo.contentType,
      "content-length": String(photo.bytes),
      etag: `"${photo.sha256}"`,
      "cache-control": "private, max-age=86400, immutable",
      "x-content-type-options": "nosniff",
    },
  });
}
