import type { LoaderFunctionArgs } from "@remix-run/node";
import { changesAfter } from "../results/feed.server.ts";
import { feedElection, json, requireOutlet } from "../http/feed.server.ts";
import { isRowNumber } from "../ids.ts";

// Every verification, correction and withdrawal in order; poll with ?after=<last seq>.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const after = Number(new URL(request.url).searchParams.get("after") ?? 0);
  if (!isRowNumber(after)) return json({ error: "bad_after" }, 400);
  const election = await feedElection(request);
  const changes = await changesAfter(election.id, after);
  return json({ changes });
}
