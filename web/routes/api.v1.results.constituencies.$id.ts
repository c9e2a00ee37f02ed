import type { LoaderFunctionArgs } from "@remix-run/node";
import { cacheable, feedElection, json, requireOutlet } from "../http/feed.server.ts";
import { constituencyJson } from "../results/api.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const election = await feedElection(request);
  const body = /^\d{2}-\d{2}$/.test(params.id ?? "") ? await constituencyJson(params.id!, election.slug) : null;
  if (!body) return json({ error: "not_found" }, 404);
  return cacheable(request, JSON.stringify(body));
}
