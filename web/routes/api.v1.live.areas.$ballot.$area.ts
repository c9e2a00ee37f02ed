import type { LoaderFunctionArgs } from "@remix-run/node";
import { cacheable, feedElection, json, requireOutlet } from "../http/feed.server.ts";
import { provisionalArea } from "../live/provisional.server.ts";
import { BALLOT_KEY } from "../tally/tally-rules.ts";

// One area's provisional figures (ADR 0027), apart from the verified results.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const election = await feedElection(request);
  const ok = BALLOT_KEY.test(params.ballot ?? "") && (params.area ?? "").length <= 40;
  const body = ok ? await provisionalArea(election.id, params.ballot!, params.area!) : null;
  if (!body) return json({ error: "not_found" }, 404);
  return cacheable(request, JSON.stringify({ election: election.slug, ...body }));
}
