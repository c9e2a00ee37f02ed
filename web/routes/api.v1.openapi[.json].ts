// The media feed, described (OpenAPI 3.1). Public: it holds no results.
const bearer = [{ apiKey: [] }];
const ok = (description: string, type = "application/json") => ({
  "200": { description, content: { [type]: {} } },
  "304": { description: "Not modified (ETag)" },
  "401": { description: "No valid key" },
  "403": { description: "Under embargo" },
});

const document = {
  openapi: "3.1.0",
  info: {
    title: "Independent count — media feed",
    version: "1",
    description:
      "Verified results only, with the coverage they rest on. Send the key as `Authorization: Bearer <key>` or `X-Api-Key`. Responses carry an ETag; send If-None-Match.",
  },
  components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer" } } },
  security: bearer,
  paths: {
    "/api/v1/results/national": {
      get: {
        summary: "National party-list totals, seat projection (100 seats, largest remainder), coverage, turnout",
        responses: ok("National results"),
      },
    },
    "/api/v1/results/constituencies/{id}": {
      get: {
        summary: "One constituency: candidates' votes, leader and margin, units reported/verified, turnout",
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "string", pattern: "^\\d{2}-\\d{2}$" } },
        ],
        responses: { ...ok("Constituency results"), "404": { description: "No such constituency" } },
      },
    },
    "/api/v1/results/constituencies.csv": {
      get: {
        summary: "All constituencies × candidates as CSV (ECT-like columns)",
        responses: ok("CSV snapshot", "text/csv"),
      },
    },
    "/api/v1/results/units/{code}": {
      get: {
        summary: "One unit: verified figures per ballot and its photos' SHA-256",
        parameters: [{ name: "code", in: "path", required: true, schema: { type: "string" } }],
        responses: ok("Unit results"),
      },
    },
    "/api/v1/changes": {
      get: {
        summary: "Changes after a sequence number (verified, corrected, withdrawn)",
        parameters: [{ name: "after", in: "query", schema: { type: "integer", minimum: 0 } }],
        responses: ok("Changes"),
      },
    },
    "/api/v1/stream": {
      get: {
        summary: "The same changes as server-sent events; resume with Last-Event-ID",
        responses: ok("Event stream", "text/event-stream"),
      },
    },
  },
};

export function loader() {
  return new Response(JSON.stringify(document, null, 2), {
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "public, max-age=3600" },
  });
}
