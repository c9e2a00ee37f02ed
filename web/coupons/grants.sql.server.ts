// Granting, all SQL (ADR 0021): rules turn what people did into coupons: each active offer's rule selects the people
// who qualify (by phone number: donors need no account), and each gets at most one coupon
// of that offer (unique offer × phone), within the offer's stock. Safe to run any number of
// times, from any worker: it only adds what is missing.
import { inTransaction, pool } from "../db/db.server.ts";
import type { CouponRule } from "../generated/prisma/enums.ts";

const ELIGIBLE: Record<CouponRule, string> = {
  // Donated at least the minimum, net of refunds, with the phone number given.
  donor_min: `SELECT d.phone FROM "Donation" d JOIN "LedgerEntry" l ON l."donationId" = d.id AND l.kind IN ('donation', 'refund')
               WHERE d.phone IS NOT NULL GROUP BY d.phone HAVING SUM(l."amountSatang") >= $2`,
  // Sent a count that was verified (their figures are the verified ones).
  verified_entry: `SELECT DISTINCT u.phone FROM "TallyEntry" e
                    JOIN "UnitResult" r ON r."electionId" = e."electionId" AND r."unitCode" = e."unitCode" AND r.ballot = e.ballot AND r.status = 'verified'
                    JOIN "TallyEntry" v ON v.id = r."verifiedEntryId" AND v.fingerprint = e.fingerprint
                    JOIN "User" u ON u.id = e."enteredById" WHERE $2::int IS NOT DISTINCT FROM $2::int`,
  shift_checked_in: `SELECT DISTINCT u.phone FROM "ShiftSignup" s JOIN "Volunteer" vo ON vo.id = s."volunteerId" JOIN "User" u ON u.id = vo."userId"
                      WHERE s.status = 'checked_in' AND $2::int IS NOT DISTINCT FROM $2::int`,
  constituency_head: `SELECT DISTINCT u.phone FROM "RoleGrant" g JOIN "User" u ON u.id = g."userId" WHERE g.role = 'constituency_head' AND $2::int IS NOT DISTINCT FROM $2::int`,
};

/** A code people can read out or type: 12 hex digits from a random UUID, in groups of four. */
const NEW_CODE = `regexp_replace(upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)), '(.{4})(.{4})(.{4})', '\\1-\\2-\\3')`;

/** Grants every coupon now due; returns how many were granted. */
export async function grantCoupons(now = new Date()): Promise<number> {
  const { rows: offers } = await pool().query<{ id: string; rule: CouponRule; ruleMinSatang: number | null }>(
    `SELECT id, rule, "ruleMinSatang" FROM "CouponOffer" WHERE active AND "validUntil" > $1::timestamp ORDER BY "createdAt"`,
    [now.toISOString()],
  );
  let granted = 0;
  for (const offer of offers) {
    granted += await inTransaction(async (client) => {
      // The offer row is locked: two workers granting at once cannot exceed the stock.
      const { rows } = await client.query<{ remaining: number }>(
        `SELECT o.stock - (SELECT count(*)::int FROM "Coupon" c WHERE c."offerId" = o.id) AS remaining FROM "CouponOffer" o WHERE o.id = $1 FOR UPDATE`,
        [offer.id],
      );
      const remaining = rows[0]?.remaining ?? 0;
      if (remaining <= 0) return 0;
      const inserted = await client.query(
        `WITH due AS (
           SELECT e.phone FROM (${ELIGIBLE[offer.rule]}) e
            WHERE NOT EXISTS (SELECT 1 FROM "Coupon" c WHERE c."offerId" = $1 AND c."holderPhone" = e.phone)
            ORDER BY e.phone LIMIT $3
         ), made AS (
           INSERT INTO "Coupon" (id, "offerId", code, "holderPhone") SELECT gen_random_uuid(), $1, ${NEW_CODE}, phone FROM due
           ON CONFLICT DO NOTHING RETURNING id
         )
         INSERT INTO "CouponEvent" (id, "couponId", kind, detail) SELECT gen_random_uuid(), id, 'granted', $4 FROM made`,
        [offer.id, offer.ruleMinSatang ?? 0, remaining, offer.rule],
      );
      return inserted.rowCount ?? 0;
    });
  }
  return granted;
}
