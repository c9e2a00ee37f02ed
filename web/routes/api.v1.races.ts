import type { LoaderFunctionArgs } from "@remix-run/node";
import { racesAfter } from "../results/races.server.ts";
import { cacheable, feedElection, json, requireOutlet } from "../http/feed.server.ts";
import { isRowNumber } from "../ids.ts";

// The races that changed after a cursor (none: every race), with the `next` cursor to ask
// with: as AP's `nextrequest`. Following `next` from the start keeps a copy equal to a
// full answer.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const query = new URL(request.url).searchParams;
  const after = query.has("after") ? Number(query.get("after")) : null;
  if (after !== null && !isRowNumber(after))
    return json({ error: "bad_after", message: "after: the change number of a `next` link" }, 400);
  const election = await feedElection(request);
  // No call before the boxes close (issue 39's blackout).
  const { asOfChange, races } = await racesAfter(election.id, after, {
    calls: Date.now() >= election.closesAt.getTime(),
  });
  const slug = query.get("election");
  return cacheable(
    request,
    JSON.stringify({
      election: election.slug,
      test: election.rehearsal,
      asOfChange,
      next: `/api/v1/races?after=${asOfChange}${slug ? `&election=${encodeURIComponent(slug)}` : ""}`,
      races,
    }),
  );
}
