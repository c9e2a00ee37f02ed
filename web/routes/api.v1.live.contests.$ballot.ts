import type { LoaderFunctionArgs } from "@remix-run/node";
import { cacheable, feedElection, json, requireOutlet } from "../http/feed.server.ts";
import { provisionalContest } from "../live/provisional.server.ts";
import { BALLOT_KEY } from "../tally/tally-rules.ts";

// The realtime count's provisional figures of one contest (ADR 0027): kept apart from
// the verified results (/api/v1/results/…), labelled "provisional", refreshed every second.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const election = await feedElection(request);
  const body = BALLOT_KEY.test(params.ballot ?? "") ? await provisionalContest(election.id, params.ballot!) : null;
  if (!body) return json({ error: "not_found" }, 404);
  return cacheable(request, JSON.stringify({ election: election.slug, ...body }));
}
