import type { LoaderFunctionArgs } from "@remix-run/node";
import { snapshotJson } from "../results/api.server.ts";
import { SNAPSHOT_PAGE_MAX } from "../results/feed.server.ts";
import { cacheable, feedElection, json, requireOutlet } from "../http/feed.server.ts";
import { electionSlugOf } from "../http/election-param.server.ts";
import { isRowNumber } from "../ids.ts";

const CURSOR = /^[a-z0-9_]{1,40}\|\d{2}-\d{2}-\d{6}-\d{3}$/;

// Every unit ballot counted as of a change, a page at a time: where a newsroom starts,
// before it applies /api/v1/changes?after=<asOfChange>.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const query = new URL(request.url).searchParams;
  const asOf = query.has("asOf") ? Number(query.get("asOf")) : undefined;
  const take = query.has("limit") ? Number(query.get("limit")) : undefined;
  const after = query.get("after");
  if (
    (asOf !== undefined && !isRowNumber(asOf)) ||
    (take !== undefined && !(Number.isInteger(take) && take >= 1 && take <= SNAPSHOT_PAGE_MAX)) ||
    (after !== null && !CURSOR.test(after))
  )
    return json(
      { error: "bad_query", message: "asOf: a change number; after: a page's next cursor; limit: 1–5000" },
      400,
    );
  await feedElection(request);
  return cacheable(request, JSON.stringify(await snapshotJson({ asOf, after, take }, electionSlugOf(request))));
}
