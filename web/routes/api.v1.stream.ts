import type { LoaderFunctionArgs } from "@remix-run/node";
import { changesAfter } from "../results/feed.server.ts";
import { eventStream, feedElection, requireOutlet } from "../http/feed.server.ts";
import { isRowNumber } from "../ids.ts";

// Server-sent events: each change as it happens (`id` is its seq, so a reconnect with
// Last-Event-ID resumes without a gap). Changes are polled from PostgreSQL every 250 ms.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const election = await feedElection(request);
  const asked = Number(request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after") ?? 0);
  let seq = isRowNumber(asked) ? asked : 0;
  return eventStream(request, 250, async () =>
    (await changesAfter(election.id, seq)).map((c) => {
      seq = c.seq;
      return { id: c.seq, event: c.kind, data: c };
    }),
  );
}
