// Public result pages: after the war room's release for everyone; before it, a preview
// for the war room and platform admins, and an "embargoed" notice for the rest.
import { getSessionUser } from "./guards.server.ts";
import { can } from "../accounts/permissions.ts";
import { releasedAt } from "../results/feed.server.ts";

export async function publicAccess(request: Request) {
  const released = await releasedAt();
  if (released) return { show: true, preview: false };
  const user = await getSessionUser(request);
  const staff = can(user, "warroom:verify");
  return { show: staff, preview: staff };
}
