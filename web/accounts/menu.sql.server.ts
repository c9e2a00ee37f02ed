// The menu's one raw read (ADR 0021): whether a phone has given or received anything, in
// one round trip for both (root.tsx shows "my donations" and "my coupons" only then).
import { db } from "../db/db.server.ts";

export async function givenOrReceived(phone: string) {
  const [mine] = await db().$queryRaw<{ donated: boolean; coupons: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM "Donation" WHERE phone = ${phone}) AS donated,
           EXISTS (SELECT 1 FROM "Coupon" WHERE "holderPhone" = ${phone}) AS coupons`;
  return { donated: mine?.donated ?? false, coupons: mine?.coupons ?? false };
}
