// Coupon codes, states and the claim message: shared by the browser and the server.

export type CouponState = "available" | "claimed" | "redeemed" | "expired" | "upcoming";

export function couponState(status: string, validFrom: Date, validUntil: Date, now = new Date()): CouponState {
  if (status === "redeemed") return "redeemed";
  if (now > validUntil) return "expired";
  if (status === "claimed") return "claimed";
  return now < validFrom ? "upcoming" : "available";
}

/** "ab12 cd34-ef56" → "AB12-CD34-EF56"; null when it cannot be one of our codes. */
export function normaliseCode(input: string): string | null {
  const hex = input.toUpperCase().replace(/[^0-9A-F]/g, "");
  return hex.length === 12 ? `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8)}` : null;
}

/** What the holder signs to prove they control the address. */
export const claimMessage = (code: string, address: string) =>
  `Claim coupon ${code} to ${address}\nขอรับคูปอง ${code} เข้ากระเป๋า ${address}`;
