import type { LoaderFunctionArgs } from "@remix-run/node";
import { cacheable, feedElection, requireOutlet } from "../http/feed.server.ts";
import { incidentStatistics } from "../incidents/incidents.server.ts";

// The media feed's incident statistics (issue 42): counts by kind, severity, state and
// province, as /observations shows them — never a unit or a person.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const election = await feedElection(request);
  return cacheable(request, JSON.stringify({ election: election.slug, ...(await incidentStatistics(election.id)) }));
}
