import { requireUser, type SessionUser } from "./session.server.ts";
import { can, type Permission, type Scope } from "./permissions.ts";

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
