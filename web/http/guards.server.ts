// The route kit's guards, one style for every route: each returns what the route needs or
// throws the Response that ends the request (a redirect to sign-in, a 403, a 404). A
// route reads as a list of preconditions, then the work.
import { redirect } from "@remix-run/node";
import { sessionUserFromCookie, type SessionUser } from "../accounts/session.server.ts";
import { can, type Permission, type Scope } from "../accounts/permissions.ts";
import { organisationBySlug } from "../organisations/organisations.server.ts";
import { sponsorBySlug } from "../coupons/sponsors.server.ts";

/** The signed-in user of the request, or null. */
export function getSessionUser(request: Request): Promise<SessionUser | null> {
  return sessionUserFromCookie(request.headers.get("cookie"));
}

/** The signed-in user, or a redirect to sign-in that comes back here. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

/** The signed-in user holding `permission` for `scope`, or a 403 Response. */
export async function requirePermission(
  request: Request,
  permission: Permission,
  scope: Scope = {},
): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!can(user, permission, scope)) {
    throw new Response("Forbidden / ไม่มีสิทธิ์เข้าถึง", { status: 403 });
  }
  return user;
}

/** Ends the request with `status` (404 by default) unless `condition` holds. */
export function invariantResponse(condition: unknown, message = "Not found / ไม่พบ", status = 404): asserts condition {
  if (!condition) throw new Response(message, { status });
}

/** The organisation named in the URL and the signed-in user holding `permission` in it:
 *  404 for an unknown organisation, 403 for anyone without the permission there. */
export async function requireOrganisationPermission(
  request: Request,
  slug: string | undefined,
  permission: Permission,
) {
  const organisation = slug ? await organisationBySlug(slug) : null;
  invariantResponse(organisation, "Not found / ไม่พบ");
  const user = await requirePermission(request, permission, { organisationId: organisation.id });
  return { user, organisation };
}

/** The sponsor at /sponsor/<slug>, for one of its staff (or the platform admin); 404 otherwise. */
export async function requireSponsor(
  request: Request,
  slug: string | undefined,
  permission: "coupons:manage" | "coupons:redeem",
) {
  const sponsor = slug ? await sponsorBySlug(slug) : null;
  invariantResponse(sponsor, "Not found / ไม่พบผู้สนับสนุน");
  const user = await requirePermission(request, permission, { sponsorId: sponsor.id });
  return { sponsor, user };
}
