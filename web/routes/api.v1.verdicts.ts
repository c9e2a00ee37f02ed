import type { LoaderFunctionArgs } from "@remix-run/node";
import { cacheable, feedElection, requireOutlet } from "../http/feed.server.ts";
import { verdictExport } from "../rumours/rumour-desk.server.ts";

// The media feed's verdicts (issue 42): the rumour desk's published verdicts.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const election = await feedElection(request);
  return cacheable(request, JSON.stringify({ election: election.slug, verdicts: await verdictExport(election.id) }));
}
