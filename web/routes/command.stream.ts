import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../http/guards.server.ts";
import { eventStream } from "../http/feed.server.ts";
import { requestElection } from "../http/election-param.server.ts";
import { currentVersion } from "../command/board.server.ts";

// Server-sent events for the command centre's screens: the board's version whenever it
// changes (checked every 500 ms against a version shared by every screen of the process),
// so that each screen reloads its data within about a second of a change.
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "command:read");
  const election = await requestElection(request);
  let last = "";
  return eventStream(request, 500, async () => {
    const version = await currentVersion(election.id);
    if (version === last) return [];
    last = version;
    return [{ event: "version", data: version }];
  });
}
