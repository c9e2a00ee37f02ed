import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, type Permission } from "../../web/accounts/permissions.ts";
import type { Role } from "../../web/generated/prisma/enums.ts";

const user = (role: Role, scope: { organisationId?: string; constituencyId?: string } = {}) => ({
  roles: [{ role, organisationId: scope.organisationId ?? null, constituencyId: scope.constituencyId ?? null }],
});

describe("permissions", () => {
  it("denies everything to anonymous users", () => {
    for (const p of Object.keys(PERMISSIONS) as Permission[]) expect(can(null, p)).toBe(false);
  });

  it("lets the platform admin do everything", () => {
    for (const p of Object.keys(PERMISSIONS) as Permission[])
      expect(can(user("platform_admin"), p, { organisationId: "x" })).toBe(true);
  });

  it("keeps an organisation admin inside their organisation", () => {
    const admin = user("org_admin", { organisationId: "org-a" });
    expect(can(admin, "roster:read", { organisationId: "org-a" })).toBe(true);
    expect(can(admin, "roster:read", { organisationId: "org-b" })).toBe(false);
    expect(can(admin, "roster:manage", { organisationId: null })).toBe(false);
    expect(can(admin, "geography:import")).toBe(false);
  });

  it("keeps a constituency head inside their constituency", () => {
    const head = user("constituency_head", { constituencyId: "10-01" });
    expect(can(head, "constituency:manage", { constituencyId: "10-01" })).toBe(true);
    expect(can(head, "constituency:manage", { constituencyId: "10-02" })).toBe(false);
    expect(can(head, "roster:read", { organisationId: "org-a" })).toBe(false);
  });

  it("gives volunteers, donors, sponsors and media no staff permission (sponsors: their coupons only)", () => {
    for (const role of ["volunteer", "donor", "sponsor", "media"] as Role[]) {
      for (const p of Object.keys(PERMISSIONS) as Permission[])
        expect(can(user(role), p)).toBe(role === "sponsor" && p.startsWith("coupons:"));
    }
  });
});
