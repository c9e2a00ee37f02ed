import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../http/guards.server.ts";
import { eventStream } from "../http/feed.server.ts";
import { requestElection } from "../http/election-param.server.ts";
import { boardContest, builtVersion, currentVersion } from "../command/board.server.ts";

// Server-sent events for the command centre's screens, checked every 500 ms: with a
// contest, the version of its latest board built (the screen reloads and gets that board
// at once); without, the version of the data (pages that read it directly: a
// constituency's units, the late units).
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "command:read");
  const election = await requestElection(request);
  const asked = new URL(request.url).searchParams.get("contest");
  const { ballot } = asked ? await boardContest(election.id, asked) : { ballot: null };
  let last = "";
  return eventStream(request, 500, async () => {
    const version = ballot ? await builtVersion(election, ballot) : await currentVersion(election.id);
    if (version === last) return [];
    last = version;
    return [{ event: "version", data: version }];
  });
}
