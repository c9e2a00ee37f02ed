import type { LoaderFunctionArgs } from "@remix-run/node";
import { cacheable, feedElection, requireOutlet } from "../http/feed.server.ts";
import { nationalJson } from "../results/api.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const election = await feedElection(request);
  return cacheable(request, JSON.stringify(await nationalJson(election.slug)));
}
