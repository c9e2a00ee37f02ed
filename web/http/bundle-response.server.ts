import { evidenceBundle } from "../evidence/evidence.server.ts";

/** A proof bundle as a JSON download (404 while nothing in that scope is anchored). */
export async function bundleResponse(scope: Parameters<typeof evidenceBundle>[0], filename: string) {
  const bundle = await evidenceBundle(scope);
  if (!bundle)
    return new Response(JSON.stringify({ error: "audit.noBundle" }), {
      status: 404,
      headers: { "content-type": "application/json; charset=utf-8" },
    });
  return new Response(JSON.stringify(bundle, null, 1), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "public, max-age=30",
    },
  });
}
