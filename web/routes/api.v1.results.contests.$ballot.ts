import type { LoaderFunctionArgs } from "@remix-run/node";
import { cacheable, feedElection, json, requireOutlet } from "../http/feed.server.ts";
import { contestJson } from "../results/api.server.ts";
import { BALLOT_KEY } from "../tally/tally-rules.ts";

// One contest of the election (?election=<slug>; none: the current one), by its kind's rule.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const election = await feedElection(request);
  const body = BALLOT_KEY.test(params.ballot ?? "") ? await contestJson(params.ballot!, election.slug) : null;
  if (!body) return json({ error: "not_found" }, 404);
  return cacheable(request, JSON.stringify(body));
}
