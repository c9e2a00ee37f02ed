import type { LoaderFunctionArgs } from "@remix-run/node";
import { bundleResponse } from "../http/bundle-response.server.ts";

// The proof bundle of one constituency's photos, across the batches that hold them.
export async function loader({ params }: LoaderFunctionArgs) {
  if (!/^\d{2}-\d{2}$/.test(params.id ?? "")) throw new Response("Not found", { status: 404 });
  return bundleResponse({ constituencyId: params.id! }, `evidence-constituency-${params.id}.json`);
}
