import type { LoaderFunctionArgs } from "@remix-run/node";
import { correctionsLog } from "../results/feed.server.ts";
import { cacheable, feedElection, requireReleased } from "../http/feed.server.ts";

// The public corrections log (no key: anyone may check what was corrected or withdrawn).
export async function loader({ request }: LoaderFunctionArgs) {
  await requireReleased();
  const election = await feedElection(request);
  return cacheable(
    request,
    JSON.stringify({ election: election.slug, test: election.rehearsal, ...(await correctionsLog(election.id)) }),
  );
}
