import type { LoaderFunctionArgs } from "@remix-run/node";
import { Readable } from "node:stream";
import { offerImage } from "../coupons/sponsors.server.ts";
import { openStream } from "../storage/storage.server.ts";
import { sniffImage } from "../tally/photos.server.ts";
import { invariantResponse } from "../http/guards.server.ts";

// An offer's picture: public (it is on every holder's coupon). Its type is read from its
// first bytes (checked at upload).
export async function loader({ params }: LoaderFunctionArgs) {
  const key = await offerImage(params.id ?? "");
  invariantResponse(key, "Not found");
  const stream = openStream(key);
  const head = await new Promise<Buffer>((resolve, reject) => {
    stream.once("error", reject);
    stream.once("readable", () => resolve((stream.read() as Buffer | null) ?? Buffer.alloc(0)));
  });
  stream.unshift(head);
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": sniffImage(head) ?? "application/octet-stream",
      "cache-control": "public, max-age=3600",
      "x-content-type-options": "nosniff",
    },
  });
}
