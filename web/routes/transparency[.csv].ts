import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { Readable } from "node:stream";
import { findCampaign } from "../donations/donations.server.ts";
import { ledgerCsv } from "../donations/ledger.server.ts";
import { orNotFound } from "../http/user-errors.server.ts";

// The whole ledger, streamed: public, without personal data.
export async function loader(_: LoaderFunctionArgs) {
  const campaign = await orNotFound(findCampaign(), "No campaign");
  return new Response(createReadableStreamFromReadable(Readable.from(ledgerCsv(campaign.id))), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="ledger-${campaign.slug}-${new Date().toISOString().slice(0, 10)}.csv"`,
      "cache-control": "public, max-age=30",
    },
  });
}
