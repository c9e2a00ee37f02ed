import type { LoaderFunctionArgs } from "@remix-run/node";
import { snapshotCsv } from "../results/api.server.ts";
import { cacheable, feedElection, json, requireOutlet } from "../http/feed.server.ts";
import { electionSlugOf } from "../http/election-param.server.ts";
import { isRowNumber } from "../ids.ts";

// The unit snapshot as of a change, every page in one CSV file.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const query = new URL(request.url).searchParams;
  const asOf = query.has("asOf") ? Number(query.get("asOf")) : undefined;
  if (asOf !== undefined && !isRowNumber(asOf))
    return json({ error: "bad_query", message: "asOf: a change number" }, 400);
  await feedElection(request);
  return cacheable(request, await snapshotCsv(asOf, electionSlugOf(request)), "text/csv; charset=utf-8");
}
