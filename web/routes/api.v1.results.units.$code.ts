import type { LoaderFunctionArgs } from "@remix-run/node";
import { cacheable, feedElection, json, requireOutlet } from "../http/feed.server.ts";
import { unitJson } from "../results/api.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOutlet(request);
  if (!/^\d{2}-\d{2}-\d{6}-\d{3}$/.test(params.code ?? "")) return json({ error: "not_found" }, 404);
  const election = await feedElection(request);
  return cacheable(request, JSON.stringify(await unitJson(params.code!, election.slug)));
}
