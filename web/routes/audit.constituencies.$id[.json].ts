import type { LoaderFunctionArgs } from "@remix-run/node";
import { bundleResponse } from "../http/bundle-response.server.ts";
import { invariantResponse } from "../http/guards.server.ts";

// The proof bundle of one constituency's photos, across the batches that hold them.
export async function loader({ params }: LoaderFunctionArgs) {
  invariantResponse(/^\d{2}-\d{2}$/.test(params.id ?? ""), "Not found");
  return bundleResponse({ constituencyId: params.id! }, `evidence-constituency-${params.id}.json`);
}
