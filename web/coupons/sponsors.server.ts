// Sponsors and their offers. The platform admin creates a sponsor and appoints its first
// staff member; from then on the sponsor's staff manage their own offers and colleagues.
import { z } from "zod";
import { db } from "../db/db.server.ts";
import { UserError } from "../errors.ts";
import { sendSms } from "../messaging/sms.server.ts";
import { tFor } from "../i18n/i18n.ts";
import { organisationSchema } from "../organisations/organisations.server.ts";
import { baseUrl } from "../organisations/organisations.server.ts";
import { requirePermission } from "../accounts/guards.server.ts";
import type { SessionUser } from "../accounts/session.server.ts";
import { parseBaht } from "../donations/money.ts";
import { COUPON_RULES } from "./rules.ts";

export const sponsorSchema = organisationSchema; // same slug and name rules

export async function createSponsor(input: z.output<typeof sponsorSchema>) {
  if (await db().sponsor.findUnique({ where: { slug: input.slug } })) throw new UserError(409, "organisations.errors.slugTaken");
  return db().sponsor.create({ data: input });
}

export const listSponsors = () =>
  db().sponsor.findMany({ orderBy: { nameTh: "asc" }, include: { staff: { include: { user: { select: { phone: true } } } }, _count: { select: { offers: true } } } });

/** Makes the holder of `phone` staff of the sponsor (an account is made if needed) and
 *  tells them by SMS. Idempotent. */
export async function appointSponsorStaff(sponsorId: string, phone: string, grantedById: string) {
  const sponsor = await db().sponsor.findUniqueOrThrow({ where: { id: sponsorId } });
  const user = await db().user.upsert({ where: { phone }, create: { phone }, update: {} });
  if (await db().roleGrant.findFirst({ where: { userId: user.id, role: "sponsor", sponsorId } })) return { created: false };
  await db().roleGrant.create({ data: { userId: user.id, role: "sponsor", sponsorId, grantedById } });
  await sendSms(phone, tFor("th")("coupons.appointedSms", { name: sponsor.nameTh, url: `${baseUrl()}/sponsor/${sponsor.slug}` }));
  return { created: true };
}

/** The sponsor at /sponsor/<slug>, for one of its staff (or the platform admin); 404 otherwise. */
export async function requireSponsor(request: Request, slug: string | undefined, permission: "coupons:manage" | "coupons:redeem") {
  const sponsor = slug ? await db().sponsor.findUnique({ where: { slug } }) : null;
  if (!sponsor) throw new Response("Not found / ไม่พบผู้สนับสนุน", { status: 404 });
  const user = await requirePermission(request, permission, { sponsorId: sponsor.id });
  return { sponsor, user };
}

export const sponsorsOf = (user: SessionUser) =>
  db().sponsor.findMany({ where: { id: { in: user.roles.flatMap((r) => (r.role === "sponsor" && r.sponsorId ? [r.sponsorId] : [])) } }, orderBy: { nameTh: "asc" } });

const dateTime = (message: string) => z.string().trim().refine((v) => !Number.isNaN(Date.parse(v)), message).transform((v) => new Date(v));

export const offerSchema = z
  .object({
    titleTh: z.string().trim().min(2, "coupons.errors.title").max(120, "coupons.errors.title"),
    titleEn: z.string().trim().min(2, "coupons.errors.title").max(120, "coupons.errors.title"),
    descriptionTh: z.string().trim().max(1000, "coupons.errors.description").default(""),
    descriptionEn: z.string().trim().max(1000, "coupons.errors.description").default(""),
    value: z.string().transform((v, ctx) => parseBaht(v) ?? (ctx.addIssue({ code: "custom", message: "coupons.errors.value" }), z.NEVER)),
    stock: z.coerce.number({ message: "coupons.errors.stock" }).int("coupons.errors.stock").min(1, "coupons.errors.stock").max(1_000_000, "coupons.errors.stock"),
    validFrom: dateTime("coupons.errors.validity"),
    validUntil: dateTime("coupons.errors.validity"),
    whereTh: z.string().trim().min(2, "coupons.errors.where").max(300, "coupons.errors.where"),
    whereEn: z.string().trim().min(2, "coupons.errors.where").max(300, "coupons.errors.where"),
    rule: z.enum(COUPON_RULES, { message: "coupons.errors.rule" }),
    ruleMin: z.string().default(""),
  })
  .transform((v, ctx) => {
    if (v.validUntil <= v.validFrom) ctx.addIssue({ code: "custom", path: ["validUntil"], message: "coupons.errors.validity" });
    const ruleMinSatang = v.rule === "donor_min" ? parseBaht(v.ruleMin) : null;
    if (v.rule === "donor_min" && !ruleMinSatang) ctx.addIssue({ code: "custom", path: ["ruleMin"], message: "coupons.errors.ruleMin" });
    const { value, ruleMin: _r, ...rest } = v;
    return { ...rest, valueSatang: value, ruleMinSatang };
  });

export async function createOffer(sponsorId: string, input: z.output<typeof offerSchema>, imageKey: string | null) {
  return db().couponOffer.create({ data: { sponsorId, ...input, imageKey } });
}

/** The sponsor's offers with how many were granted and redeemed. */
export async function offersOf(sponsorId: string) {
  const offers = await db().couponOffer.findMany({ where: { sponsorId }, orderBy: { createdAt: "desc" } });
  const counts = await db().coupon.groupBy({ by: ["offerId", "status"], where: { offerId: { in: offers.map((o) => o.id) } }, _count: true });
  return offers.map((o) => {
    const of = (status?: string) => counts.filter((c) => c.offerId === o.id && (!status || c.status === status)).reduce((s, c) => s + c._count, 0);
    return { ...o, validFrom: o.validFrom.toISOString(), validUntil: o.validUntil.toISOString(), createdAt: o.createdAt.toISOString(), granted: of(), redeemed: of("redeemed"), claimed: of("claimed") };
  });
}
