import type { LoaderFunctionArgs } from "@remix-run/node";
import { eventStream } from "../http/feed.server.ts";
import { publicVersion } from "../http/page-cache.server.ts";

// What the public pages listen to (ui/follow.tsx): a `version` event each time what they
// show moves — the release, a verified change, the realtime count's fold — on which a page
// asks for its data again (from the page cache). No data here, nothing personal: anyone
// may listen, before the release too (the pages then still say "embargoed").
export async function loader({ request }: LoaderFunctionArgs) {
  let last = "";
  return eventStream(request, 500, async () => {
    const version = await publicVersion();
    if (version === last) return [];
    last = version;
    return [{ event: "version", data: { version } }];
  });
}
