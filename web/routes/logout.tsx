import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { destroySession } from "../accounts/session.server.ts";
import { getSessionUser } from "../http/guards.server.ts";
import { releaseAllClaims } from "../command/queue.server.ts";

export async function action({ request }: ActionFunctionArgs) {
  // Signing out lets go of the work queue's items the operator held (issue 37).
  const user = await getSessionUser(request);
  if (user) await releaseAllClaims(user.id);
  return redirect("/", { headers: { "Set-Cookie": await destroySession(request.headers.get("cookie")) } });
}

export const loader = () => redirect("/");
