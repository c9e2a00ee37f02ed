import type { LoaderFunctionArgs } from "@remix-run/node";
import { Readable } from "node:stream";
import { getSessionUser, invariantResponse, requireUser } from "../http/guards.server.ts";
import { findPhoto, photoVisibleTo } from "../tally/photos.server.ts";
import { openStream } from "../storage/storage.server.ts";

// A count photo, byte for byte as it was sent (its SHA-256 is in the ETag), to whom
// photoVisibleTo (tally/photos.server.ts) allows; a visitor not signed in is sent to sign in.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const photo = await findPhoto(params.id ?? "");
  invariantResponse(photo, "Not found");
  const user = await getSessionUser(request);
  if (!(await photoVisibleTo(photo, user))) {
    if (!user) await requireUser(request); // throws: to the sign-in page
    invariantResponse(false, "Forbidden", 403);
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
