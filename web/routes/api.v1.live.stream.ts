import type { LoaderFunctionArgs } from "@remix-run/node";
import { eventStream, feedElection, requireOutlet } from "../http/feed.server.ts";
import { provisionalContest } from "../live/provisional.server.ts";
import { electionContests } from "../elections/contests.server.ts";

// Server-sent events of the realtime count (ADR 0027), apart from the verified stream
// (/api/v1/stream): every two seconds, each contest whose provisional figures changed, as
// one `provisional` event (the same body as /api/v1/live/contests/<key>).
export async function loader({ request }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const election = await feedElection(request);
  const last = new Map<string, string>();
  return eventStream(request, 2_000, async () => {
    const events = [];
    for (const c of await electionContests(election.id)) {
      const p = await provisionalContest(election.id, c.key);
      if (!p) continue;
      const { refreshedAt: _at, ...figures } = p;
      const seen = JSON.stringify(figures);
      if (last.get(c.key) === seen) continue;
      last.set(c.key, seen);
      events.push({ event: "provisional", data: { election: election.slug, ...p } });
    }
    return events;
  });
}
