// POST /api/v1/entries — election night's busiest request — never reaches Remix: server.ts
// hands it to http/entries-endpoint.server.ts ahead of Express (no page, no middleware). This
// file is its place in the route tree; any other method is told so.
export function loader() {
  return new Response("Method not allowed: POST a count to /api/v1/entries", {
    status: 405,
    headers: { allow: "POST" },
  });
}
