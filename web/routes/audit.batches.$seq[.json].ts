import type { LoaderFunctionArgs } from "@remix-run/node";
import { bundleResponse } from "../http/bundle-response.server.ts";
import { isRowNumber } from "../ids.ts";

// The proof bundle of one anchored batch: every leaf, its proof, the root and the transaction.
export async function loader({ params }: LoaderFunctionArgs) {
  const seq = Number(params.seq);
  if (!isRowNumber(seq) || seq < 1) throw new Response("Not found", { status: 404 });
  return bundleResponse({ batchSeq: seq }, `evidence-batch-${seq}.json`);
}
