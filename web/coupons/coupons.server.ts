// A holder's coupons, redemption at the sponsor's counter, and claims to a wallet.
import { qrSvg } from "../qr-code.server.ts";
import { chainLibrary } from "../evidence/chain.server.ts";
import { db } from "../db/db.server.ts";
import { UserError } from "../errors.ts";
import { maskPhone } from "../accounts/phone.ts";
import { claimMessage, couponState, normaliseCode } from "./codes.ts";
import { claimIfAvailable, redeemIfValid } from "./coupons.sql.server.ts";
import { isUuid } from "../ids.ts";

export { claimMessage, couponState, normaliseCode };

export async function couponsOfPhone(phone: string) {
  const coupons = await db().coupon.findMany({
    where: { holderPhone: phone },
    include: { offer: { include: { sponsor: true } }, events: { orderBy: { createdAt: "asc" } } },
    orderBy: { createdAt: "desc" },
  });
  const ops = await db().couponChainOp.findMany({
    where: { id: { in: coupons.flatMap((c) => [c.mintOpId, c.claimOpId].filter((x): x is string => !!x)) } },
    select: { id: true, status: true },
  });
  const confirmed = new Set(ops.filter((o) => o.status === "confirmed").map((o) => o.id));
  return Promise.all(
    coupons.map(async (c) => ({
      id: c.id,
      code: c.code,
      state: couponState(c.status, c.offer.validFrom, c.offer.validUntil),
      claimedTo: c.claimedTo,
      onChain:
        c.claimOpId && confirmed.has(c.claimOpId)
          ? "wallet"
          : c.mintOpId && confirmed.has(c.mintOpId)
            ? "custody"
            : "pending",
      qr: await qrSvg(c.code),
      offer: {
        titleTh: c.offer.titleTh,
        titleEn: c.offer.titleEn,
        descriptionTh: c.offer.descriptionTh,
        descriptionEn: c.offer.descriptionEn,
        valueSatang: c.offer.valueSatang,
        validFrom: c.offer.validFrom.toISOString(),
        validUntil: c.offer.validUntil.toISOString(),
        whereTh: c.offer.whereTh,
        whereEn: c.offer.whereEn,
        sponsorTh: c.offer.sponsor.nameTh,
        sponsorEn: c.offer.sponsor.nameEn,
        image: c.offer.imageKey ? `/coupons/images/${c.offer.id}` : null,
      },
      history: c.events.map((e) => ({ kind: e.kind, at: e.createdAt.toISOString() })),
    })),
  );
}

/** The coupon behind a code, as the sponsor's staff see it before confirming. */
export async function previewCoupon(input: string, sponsorId: string) {
  const code = normaliseCode(input);
  const coupon = code ? await db().coupon.findUnique({ where: { code }, include: { offer: true } }) : null;
  if (!coupon) throw new UserError(404, "coupons.errors.notFound");
  if (coupon.offer.sponsorId !== sponsorId) throw new UserError(403, "coupons.errors.otherSponsor");
  return {
    code: coupon.code,
    state: couponState(coupon.status, coupon.offer.validFrom, coupon.offer.validUntil),
    holder: maskPhone(coupon.holderPhone),
    titleTh: coupon.offer.titleTh,
    titleEn: coupon.offer.titleEn,
    valueSatang: coupon.offer.valueSatang,
    validUntil: coupon.offer.validUntil.toISOString(),
    redeemedAt: coupon.redeemedAt?.toISOString() ?? null,
  };
}

/** Redeems a coupon at the sponsor's counter: exactly once, whatever the concurrency (one
 *  conditional UPDATE decides). Refusals say why. */
export async function redeemCoupon(input: string, sponsorId: string, userId: string, now = new Date()) {
  const code = normaliseCode(input);
  if (!code) throw new UserError(404, "coupons.errors.notFound");
  const couponId = await redeemIfValid(code, sponsorId, userId, now);
  if (couponId) return { redeemed: true, couponId };
  const seen = await previewCoupon(code, sponsorId); // 404 / 403 for unknown and other sponsors' codes
  if (seen.state === "redeemed") throw new UserError(409, "coupons.errors.alreadyRedeemed");
  if (seen.state === "expired") throw new UserError(422, "coupons.errors.expired");
  if (seen.state === "upcoming") throw new UserError(422, "coupons.errors.notYetValid");
  throw new UserError(409, "coupons.errors.alreadyRedeemed");
}

/** Moves a coupon to the holder's own wallet once they proved control of the address by
 *  signing claimMessage(code, address). The transfer happens on-chain through the worker. */
export async function claimCoupon(
  holderPhone: string,
  couponId: string,
  addressInput: string,
  signature: string,
  actorId: string,
) {
  const coupon = isUuid(couponId)
    ? await db().coupon.findUnique({ where: { id: couponId }, include: { offer: true } })
    : null;
  if (!coupon || coupon.holderPhone !== holderPhone) throw new UserError(404, "coupons.errors.notFound");
  const state = couponState(coupon.status, coupon.offer.validFrom, coupon.offer.validUntil);
  if (state === "expired") throw new UserError(422, "coupons.errors.expired");
  if (state !== "available" && state !== "upcoming") throw new UserError(409, "coupons.errors.notClaimable");
  const ethers = await chainLibrary();
  if (!ethers.isAddress(addressInput.trim()) || BigInt(addressInput.trim()) === 0n)
    throw new UserError(400, "coupons.errors.address");
  const address = ethers.getAddress(addressInput.trim());
  let signer: string;
  try {
    signer = ethers.verifyMessage(claimMessage(coupon.code, address), signature.trim());
  } catch {
    throw new UserError(400, "coupons.errors.signature");
  }
  if (signer !== address) throw new UserError(400, "coupons.errors.signature");
  if (!(await claimIfAvailable(coupon.id, address, actorId))) throw new UserError(409, "coupons.errors.notClaimable");
  return { address };
}
