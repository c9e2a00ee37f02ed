// POST /webhooks/stripe never reaches Remix: server.ts hands it to
// http/stripe-webhook-endpoint.server.ts ahead of Express, since Stripe's signature covers
// the raw bytes of the body. This file is its place in the route tree.
export function loader() {
  return new Response("Method not allowed: Stripe POSTs its events here", { status: 405, headers: { allow: "POST" } });
}
