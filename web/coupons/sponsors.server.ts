// Sponsors and their offers. The platform admin creates a sponsor and appoints its first
// staff member; from then on the sponsor's staff manage their own offers and colleagues.
import { z } from "zod";
import { db } from "../db/db.server.ts";
import { UserError } from "../errors.ts";
import { appointByPhone } from "../accounts/appoint.server.ts";
import { tFor } from "../i18n/i18n.ts";
import { baseUrl, organisationSchema } from "../organisations/organisations.server.ts";
import { parseBaht } from "../donations/money.ts";
import { COUPON_RULES } from "./rules.ts";
import { saveStream, remove } from "../storage/storage.server.ts";
import { typeSniffer } from "../storage/sniff.server.ts";
import { textOf, type FormParts } from "../storage/form-parts.ts";
import { sniffImage } from "../tally/photos.server.ts";
import { isUuid } from "../ids.ts";

export const sponsorSchema = organisationSchema; // same slug and name rules

export async function createSponsor(input: z.output<typeof sponsorSchema>) {
  if (await db().sponsor.findUnique({ where: { slug: input.slug } }))
    throw new UserError(409, "organisations.errors.slugTaken");
  return db().sponsor.create({ data: input });
}

export const listSponsors = () =>
  db().sponsor.findMany({
    orderBy: { nameTh: "asc" },
    include: { staff: { include: { user: { select: { phone: true } } } }, _count: { select: { offers: true } } },
  });

/** Makes the holder of `phone` staff of the sponsor (an account is made if needed) and
 *  tells them by SMS. Idempotent. */
export async function appointSponsorStaff(sponsorId: string, phone: string, grantedById: string) {
  const sponsor = await db().sponsor.findUniqueOrThrow({ where: { id: sponsorId } });
  const sms = tFor("th")("coupons.appointedSms", { name: sponsor.nameTh, url: `${baseUrl()}/sponsor/${sponsor.slug}` });
  return appointByPhone(phone, { role: "sponsor", sponsorId }, grantedById, sms);
}

/** The sponsor at /sponsor/<slug>, or null. */
export function sponsorBySlug(slug: string) {
  return db().sponsor.findUnique({ where: { slug } });
}

const dateTime = (message: string) =>
  z
    .string()
    .trim()
    .refine((v) => !Number.isNaN(Date.parse(v)), message)
    .transform((v) => new Date(v));

export const offerSchema = z
  .object({
    titleTh: z.string().trim().min(2, "coupons.errors.title").max(120, "coupons.errors.title"),
    titleEn: z.string().trim().min(2, "coupons.errors.title").max(120, "coupons.errors.title"),
    descriptionTh: z.string().trim().max(1000, "coupons.errors.description").default(""),
    descriptionEn: z.string().trim().max(1000, "coupons.errors.description").default(""),
    value: z
      .string()
      .transform(
        (v, ctx) => parseBaht(v) ?? (ctx.addIssue({ code: "custom", message: "coupons.errors.value" }), z.NEVER),
      ),
    stock: z.coerce
      .number({ message: "coupons.errors.stock" })
      .int("coupons.errors.stock")
      .min(1, "coupons.errors.stock")
      .max(1_000_000, "coupons.errors.stock"),
    validFrom: dateTime("coupons.errors.validity"),
    validUntil: dateTime("coupons.errors.validity"),
    whereTh: z.string().trim().min(2, "coupons.errors.where").max(300, "coupons.errors.where"),
    whereEn: z.string().trim().min(2, "coupons.errors.where").max(300, "coupons.errors.where"),
    rule: z.enum(COUPON_RULES, { message: "coupons.errors.rule" }),
    ruleMin: z.string().default(""),
  })
  .transform((v, ctx) => {
    if (v.validUntil <= v.validFrom)
      ctx.addIssue({ code: "custom", path: ["validUntil"], message: "coupons.errors.validity" });
    const ruleMinSatang = v.rule === "donor_min" ? parseBaht(v.ruleMin) : null;
    if (v.rule === "donor_min" && !ruleMinSatang)
      ctx.addIssue({ code: "custom", path: ["ruleMin"], message: "coupons.errors.ruleMin" });
    const { value, ruleMin: _r, ...rest } = v;
    return { ...rest, valueSatang: value, ruleMinSatang };
  });

export async function createOffer(sponsorId: string, input: z.output<typeof offerSchema>, imageKey: string | null) {
  return db().couponOffer.create({ data: { sponsorId, ...input, imageKey } });
}

/** The sponsor's offers with how many were granted and redeemed. */
export async function offersOf(sponsorId: string) {
  const offers = await db().couponOffer.findMany({ where: { sponsorId }, orderBy: { createdAt: "desc" } });
  const counts = await db().coupon.groupBy({
    by: ["offerId", "status"],
    where: { offerId: { in: offers.map((o) => o.id) } },
    _count: true,
  });
  return offers.map((o) => {
    const of = (status?: string) =>
      counts.filter((c) => c.offerId === o.id && (!status || c.status === status)).reduce((s, c) => s + c._count, 0);
    return {
      ...o,
      validFrom: o.validFrom.toISOString(),
      validUntil: o.validUntil.toISOString(),
      createdAt: o.createdAt.toISOString(),
      granted: of(),
      redeemed: of("redeemed"),
      claimed: of("claimed"),
    };
  });
}

const IMAGE_MAX_BYTES = 5 * 1024 * 1024;

/** The new-offer form (multipart: fields, then an optional image). Nothing is kept when
 *  anything is wrong; the typed values come back with the first problem. */
export async function receiveOffer(parts: FormParts | null, sponsorId: string) {
  const fields: Record<string, string> = {};
  let image: string | null = null;
  try {
    if (!parts) throw new UserError(400, "upload.missing");
    for await (const part of parts) {
      const { name, filename, data } = part;
      if (name === "image") {
        if (!filename) continue;
        const sniffer = typeSniffer(
          (head) => {
            const t = sniffImage(head);
            return t && t !== "image/heic" ? t : null;
          },
          () => new UserError(415, "coupons.errors.image"),
        );
        image = (await saveStream("offer-images", data, IMAGE_MAX_BYTES, { through: sniffer.stream })).key;
        continue;
      }
      if (filename) continue;
      fields[name] = await textOf(part, 4000, () => new UserError(400, "coupons.errors.description"));
    }
    const parsed = offerSchema.safeParse({
      ...fields,
      validFrom: bangkokTime(fields.validFrom),
      validUntil: bangkokTime(fields.validUntil, true),
    });
    if (!parsed.success) throw new UserError(400, parsed.error.issues[0]!.message);
    return await createOffer(sponsorId, parsed.data, image);
  } catch (error) {
    if (image) await remove(image).catch(() => {});
    if (error instanceof UserError) return { refused: error, typed: fields };
    throw error;
  }
}

/** A date from the form (YYYY-MM-DD, Thailand's time): the start or the end of that day. */
function bangkokTime(day: string | undefined, endOfDay = false) {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return day ?? "";
  return `${day}T${endOfDay ? "23:59:59" : "00:00:00"}+07:00`;
}

export async function offerImage(offerId: string) {
  const offer = isUuid(offerId)
    ? await db().couponOffer.findUnique({ where: { id: offerId }, select: { imageKey: true } })
    : null;
  return offer?.imageKey ?? null;
}
