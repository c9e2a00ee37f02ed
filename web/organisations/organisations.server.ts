// Partner organisations: created by a platform admin, each with org admins, its own
// sign-up link and QR code.
import { qrSvg } from "../qr-code.server.ts";
import { z } from "zod";
import { db } from "../db/db.server.ts";
import { getConfig } from "../config/config.server.ts";
import { normaliseThaiMobile } from "../accounts/phone.ts";
import { appointByPhone } from "../accounts/appoint.server.ts";
import { tFor } from "../i18n/i18n.ts";
import { UserError } from "../errors.ts";
import { ORGANISATION_ROLES, type OrganisationRole } from "./organisation-roles.ts";

export const organisationSchema = z.object({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/, "organisations.errors.slug")
    .refine((s) => s !== "independent", "organisations.errors.slug"),
  nameTh: z.string().trim().min(2, "organisations.errors.nameTh").max(150, "organisations.errors.nameTh"),
  nameEn: z.string().trim().min(2, "organisations.errors.nameEn").max(150, "organisations.errors.nameEn"),
});

export const appointSchema = z.object({
  phone: z
    .string()
    .transform(
      (v, ctx) =>
        normaliseThaiMobile(v) ?? (ctx.addIssue({ code: "custom", message: "organisations.errors.phone" }), z.NEVER),
    ),
});

export async function listOrganisations() {
  const [orgs, counts] = await Promise.all([
    db().organisation.findMany({
      orderBy: { nameTh: "asc" },
      include: {
        roles: {
          where: { role: { in: [...ORGANISATION_ROLES] } },
          include: { user: { select: { id: true, phone: true, displayName: true } } },
        },
      },
    }),
    db().affiliation.groupBy({ by: ["organisationId"], _count: true }),
  ]);
  const volunteers = new Map(counts.map((c) => [c.organisationId, c._count]));
  return orgs.map((o) => ({ ...o, volunteers: volunteers.get(o.id) ?? 0 }));
}

export async function createOrganisation(input: z.output<typeof organisationSchema>) {
  const taken = await db().organisation.findUnique({ where: { slug: input.slug } });
  if (taken) throw new UserError(409, "organisations.errors.slugTaken");
  return db().organisation.create({ data: input });
}

/** Every organisation's slug and names, for the sign-up form's choice (public). */
export function organisationChoices() {
  return db().organisation.findMany({ orderBy: { nameTh: "asc" }, select: { slug: true, nameTh: true, nameEn: true } });
}

export function organisationBySlug(slug: string) {
  return db().organisation.findUnique({ where: { slug } });
}

/** Gives the holder of `phone` a role in the organisation (creating their account if
 *  needed, so they can sign in with a code) and tells them by SMS where to go. Idempotent. */
export async function appointInOrganisation(
  organisationId: string,
  phone: string,
  role: OrganisationRole,
  grantedById: string,
) {
  const org = await db().organisation.findUnique({ where: { id: organisationId } });
  if (!org) throw new UserError(404, "form.notFound");
  const sms = tFor("th")(role === "org_admin" ? "organisations.appointedSms" : "organisations.factCheckerSms", {
    name: org.nameTh,
    url: role === "org_admin" ? `${baseUrl()}/org/${org.slug}/roster` : `${baseUrl()}/desk`,
  });
  return appointByPhone(phone, { role, organisationId }, grantedById, sms);
}

/** Makes the holder of `phone` an admin of the organisation. */
export const appointOrgAdmin = (organisationId: string, phone: string, grantedById: string) =>
  appointInOrganisation(organisationId, phone, "org_admin", grantedById);

/** How many of the organisation's volunteers may be placed on polling units (null: no limit). */
export async function setUnitQuota(organisationId: string, quota: number | null) {
  const { count } = await db().organisation.updateMany({ where: { id: organisationId }, data: { unitQuota: quota } });
  if (!count) throw new UserError(404, "form.notFound");
}

/** Takes a role in the organisation back. */
export async function revokeInOrganisation(organisationId: string, userId: string, role: OrganisationRole) {
  await db().roleGrant.deleteMany({ where: { userId, role, organisationId } });
}

/** The organisations a user administers (for the navigation). */
export async function administeredOrganisations(userId: string) {
  const grants = await db().roleGrant.findMany({
    where: { userId, role: "org_admin" },
    include: { organisation: true },
  });
  return grants.flatMap((g) =>
    g.organisation ? [{ slug: g.organisation.slug, nameTh: g.organisation.nameTh, nameEn: g.organisation.nameEn }] : [],
  );
}

export function baseUrl() {
  const config = getConfig();
  return (config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, "");
}

export function signupUrl(slug: string) {
  return `${baseUrl()}/join/${slug}`;
}

/** The sign-up link as an SVG QR code, for posters and chat groups. */
export function signupQrSvg(slug: string) {
  return qrSvg(signupUrl(slug), 2);
}
