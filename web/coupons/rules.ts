// Who an offer is for (shared by the sponsor's form and the server).
export const COUPON_RULES = ["donor_min", "verified_entry", "shift_checked_in", "constituency_head"] as const;
export type CouponRuleName = (typeof COUPON_RULES)[number];
