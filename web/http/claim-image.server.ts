// A claim's circulating image as a response (the desk's and, once published, the public's).
import { Readable } from "node:stream";

export function imageResponse(
  image: { stream: Readable; contentType: string } | null,
  cache: "private" | "public",
): Response {
  if (!image) return new Response("Not found / ไม่พบ", { status: 404 });
  return new Response(Readable.toWeb(image.stream) as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": image.contentType,
      "cache-control": `${cache}, max-age=300`,
      "x-content-type-options": "nosniff",
    },
  });
}
