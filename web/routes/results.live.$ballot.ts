import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicAccess } from "../http/public-results.server.ts";
import { getSessionUser } from "../http/guards.server.ts";
import { can } from "../accounts/permissions.ts";
import { requestElection } from "../http/election-param.server.ts";
import { json } from "../http/feed.server.ts";
import { provisionalArea, provisionalContest } from "../live/provisional.server.ts";
import { BALLOT_KEY } from "../tally/tally-rules.ts";

// The provisional figures the public results pages refresh every two seconds
// (?area=<code>: one area; else the contest), under the same release as the pages — and,
// before it, for a constituency head their own constituency (their review page shows it).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ballot = params.ballot ?? "";
  const area = new URL(request.url).searchParams.get("area");
  if (!BALLOT_KEY.test(ballot) || (area !== null && area.length > 40)) return json({ error: "not_found" }, 404);
  const access = await publicAccess(request);
  const head =
    !access.show &&
    area !== null &&
    can(await getSessionUser(request), "constituency:manage", { constituencyId: area });
  if (!access.show && !head) return json({ error: "embargoed" }, 403);
  const election = await requestElection(request);
  const body = area ? await provisionalArea(election.id, ballot, area) : await provisionalContest(election.id, ballot);
  if (!body) return json({ error: "not_found" }, 404);
  return new Response(JSON.stringify(body), {
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "public, max-age=2" },
  });
}
