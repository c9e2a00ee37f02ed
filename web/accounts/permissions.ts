// The one permission table. Every loader and action asks `can` (or `requirePermission`)
// with the scope of what it touches; a role held for another organisation or
// constituency does not count.
import type { Role } from "../generated/prisma/enums.ts";

export interface Scope {
  organisationId?: string | null;
  constituencyId?: string | null;
  sponsorId?: string | null;
}

export interface HasRoles {
  roles: { role: Role; organisationId: string | null; constituencyId: string | null; sponsorId?: string | null }[];
}

export const PERMISSIONS = {
  "geography:import": ["platform_admin"],
  "geography:read": ["platform_admin", "org_admin", "constituency_head", "war_room_operator"],
  "organisations:manage": ["platform_admin"],
  "roles:grant": ["platform_admin"],
  "roster:read": ["platform_admin", "org_admin"],
  "roster:manage": ["platform_admin", "org_admin"],
  "constituency:manage": ["platform_admin", "constituency_head"],
  "assignment:run": ["platform_admin"],
  "assignment:override_freeze": ["platform_admin"],
  "coverage:read": ["platform_admin", "org_admin", "constituency_head", "war_room_operator"],
  "warroom:manage": ["platform_admin", "war_room_operator"],
  "warroom:verify": ["platform_admin", "war_room_operator"],
  // The command centre (issue 37): the board, the late units and their calls, a reserve
  // put in on the night — everywhere for the war room, in their constituency for a head.
  "command:read": ["platform_admin", "war_room_operator", "constituency_head"],
  "command:act": ["platform_admin", "war_room_operator", "constituency_head"],
  "outbox:read": ["platform_admin"],
  "audit:read": ["platform_admin"],
  "finance:manage": ["platform_admin", "finance_admin"],
  "sponsors:manage": ["platform_admin"],
  "coupons:manage": ["platform_admin", "sponsor"],
  "coupons:redeem": ["platform_admin", "sponsor"],
  // The rumour desk (issue 42): partner organisations' fact-checkers, and the war room.
  "rumours:manage": ["platform_admin", "fact_checker", "war_room_operator"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Roles whose grant is only valid inside its organisation / constituency. */
const SCOPED_BY: Partial<Record<Role, keyof Scope>> = {
  org_admin: "organisationId",
  constituency_head: "constituencyId",
  sponsor: "sponsorId",
};

export function can(user: HasRoles | null, permission: Permission, scope: Scope = {}): boolean {
  if (!user) return false;
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return user.roles.some((grant) => {
    if (!allowed.includes(grant.role)) return false;
    const key = SCOPED_BY[grant.role];
    if (!key) return true;
    const wanted = scope[key];
    // A scoped role acts only inside its scope; asked without a scope it may list its own.
    return wanted === undefined || wanted === (grant[key] ?? null);
  });
}

/** The constituencies a user heads (their constituency_head grants). */
export function headedConstituencies(user: HasRoles): string[] {
  return user.roles.flatMap((r) => (r.role === "constituency_head" && r.constituencyId ? [r.constituencyId] : []));
}

export function hasRole(user: HasRoles | null, role: Role): boolean {
  return !!user?.roles.some((g) => g.role === role);
}
