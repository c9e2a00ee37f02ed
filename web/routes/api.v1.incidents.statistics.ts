import type { LoaderFunctionArgs } from "@remix-run/node";
import { cacheable, feedElection, requireOutlet } from "../http/feed.server.ts";
import { incidentStatistics, PUBLIC_STATISTICS_TTL_MS } from "../incidents/incidents.server.ts";
import { cached } from "../db/cache.server.ts";

// The media feed's incident statistics (issue 42): counts by kind, severity, state and
// province, as /observations shows them — never a unit or a person.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const election = await feedElection(request);
  // 34 newsrooms polling: counted at most every few seconds per process.
  const stats = await cached(`incident-statistics:${election.id}`, PUBLIC_STATISTICS_TTL_MS, () =>
    incidentStatistics(election.id),
  );
  return cacheable(request, JSON.stringify({ election: election.slug, ...stats }));
}
