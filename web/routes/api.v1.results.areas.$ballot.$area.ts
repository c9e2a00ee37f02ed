import type { LoaderFunctionArgs } from "@remix-run/node";
import { cacheable, feedElection, json, requireOutlet } from "../http/feed.server.ts";
import { areaJson } from "../results/api.server.ts";
import { BALLOT_KEY } from "../tally/tally-rules.ts";

// One area of a contest (?election=<slug>; none: the current one).
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const election = await feedElection(request);
  const ok = BALLOT_KEY.test(params.ballot ?? "") && (params.area ?? "").length <= 40;
  const body = ok ? await areaJson(params.ballot!, params.area!, election.slug) : null;
  if (!body) return json({ error: "not_found" }, 404);
  return cacheable(request, JSON.stringify(body));
}
