import { openApiDocument } from "../results/openapi.server.ts";

export function loader() {
  return new Response(JSON.stringify(openApiDocument, null, 2), {
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "public, max-age=3600" },
  });
}
