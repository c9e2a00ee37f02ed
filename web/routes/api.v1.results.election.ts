import type { LoaderFunctionArgs } from "@remix-run/node";
import { cacheable, feedElection, requireOutlet } from "../http/feed.server.ts";
import { electionJson } from "../results/api.server.ts";

// The election (?election=<slug>; none: the current one) and its contests.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const election = await feedElection(request);
  return cacheable(request, JSON.stringify(await electionJson(election.slug)));
}
