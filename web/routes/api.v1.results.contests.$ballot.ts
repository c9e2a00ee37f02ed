import type { LoaderFunctionArgs } from "@remix-run/node";
import { cacheable, feedElection, json, requireOutlet } from "../http/feed.server.ts";
import { contestCsv, contestJson } from "../results/api.server.ts";
import { BALLOT_KEY } from "../tally/tally-rules.ts";

// One contest of the election (?election=<slug>; none: the current one), by its kind's
// rule; `<key>.csv`: the same as CSV, one row per area and choice.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const election = await feedElection(request);
  const csvOf = /^(.+)\.csv$/.exec(params.ballot ?? "")?.[1];
  if (csvOf !== undefined) {
    const csv = BALLOT_KEY.test(csvOf) ? await contestCsv(csvOf, election.slug) : null;
    if (csv === null) return json({ error: "not_found" }, 404);
    return cacheable(request, csv, "text/csv; charset=utf-8");
  }
  const body = BALLOT_KEY.test(params.ballot ?? "") ? await contestJson(params.ballot!, election.slug) : null;
  if (!body) return json({ error: "not_found" }, 404);
  return cacheable(request, JSON.stringify(body));
}
