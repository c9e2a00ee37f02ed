// Coupons' SQL, in one place (ADR 0021; granting is grants.sql.server.ts): redeeming and
// claiming decided by one conditional statement each (exactly once under any
// concurrency), and the chain outbox's reads and writes. Rows are typed here.
import type pg from "pg";
import { pool } from "../db/db.server.ts";
import type { CouponChainOp, Prisma } from "../generated/prisma/client.ts";

type Tx = Prisma.TransactionClient;
type OpColumn = "mintOpId" | "claimOpId" | "burnOpId";

/** Redeems the sponsor's coupon with `code` if it is redeemable now, with its history
 *  event; its id, or null when nothing was redeemed. */
export async function redeemIfValid(code: string, sponsorId: string, userId: string, now: Date) {
  const { rows } = await pool().query<{ couponId: string }>(
    `WITH done AS (
       UPDATE "Coupon" c SET status = 'redeemed', "redeemedAt" = $4::timestamp, "redeemedById" = $3::uuid
         FROM "CouponOffer" o
        WHERE o.id = c."offerId" AND c.code = $1 AND o."sponsorId" = $2::uuid AND c.status IN ('available', 'claimed')
          AND $4::timestamp BETWEEN o."validFrom" AND o."validUntil"
       RETURNING c.id)
     INSERT INTO "CouponEvent" (id, "couponId", kind, "actorId") SELECT gen_random_uuid(), id, 'redeemed', $3::uuid FROM done RETURNING "couponId"`,
    [code, sponsorId, userId, now.toISOString()],
  );
  return rows[0]?.couponId ?? null;
}

/** Marks an available coupon as claimed to `address`, with its history event; false
 *  when it was no longer available. */
export async function claimIfAvailable(couponId: string, address: string, actorId: string) {
  const { rowCount } = await pool().query(
    `WITH done AS (UPDATE "Coupon" SET status = 'claimed', "claimedTo" = $2 WHERE id = $1 AND status = 'available' RETURNING id)
     INSERT INTO "CouponEvent" (id, "couponId", kind, "actorId", detail) SELECT gen_random_uuid(), id, 'claim_requested', $3::uuid, $2 FROM done`,
    [couponId, address, actorId],
  );
  return (rowCount ?? 0) > 0;
}

/** Once per coupon: the event of a confirmed operation for each of its coupons (an
 *  operation confirmed again, by a worker that lost track, adds no history). */
export async function recordOpEvents(tx: Tx, column: OpColumn, opId: string, event: string, detail: string) {
  await tx.$executeRawUnsafe(
    `INSERT INTO "CouponEvent" (id, "couponId", kind, detail) SELECT gen_random_uuid(), c.id, $2, $3 FROM "Coupon" c
      WHERE c."${column}" = $1::uuid AND NOT EXISTS (SELECT 1 FROM "CouponEvent" e WHERE e."couponId" = c.id AND e.kind = $2)`,
    opId,
    event,
    detail,
  );
}

export async function insertChainOp(
  client: pg.PoolClient,
  op: { id: string; kind: CouponChainOp["kind"]; contract: string; opId: string; data: string; items: number },
) {
  await client.query(
    `INSERT INTO "CouponChainOp" (id, kind, contract, "opId", data, items, "txHashes", "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, '{}', now())`,
    [op.id, op.kind, op.contract, op.opId, op.data, op.items],
  );
}

// Coupons whose offer is defined on-chain (its define operation confirmed).
const DEFINED = `JOIN "CouponOffer" o ON o.id = c."offerId" JOIN "CouponChainOp" d ON d.id = o."defineOpId" AND d.status = 'confirmed'`;
const CONFIRMED = (column: OpColumn) =>
  `EXISTS (SELECT 1 FROM "CouponChainOp" m WHERE m.id = c."${column}" AND m.status = 'confirmed')`;

/** The oldest offer not yet defined on-chain, locked. */
export async function offerToDefine(client: pg.PoolClient) {
  const { rows } = await client.query<{ id: string; tokenId: number; stock: number }>(
    `SELECT id, "tokenId", stock FROM "CouponOffer" WHERE "defineOpId" IS NULL ORDER BY "createdAt" LIMIT 1 FOR UPDATE`,
  );
  return rows[0] ?? null;
}

export async function attachOfferOp(client: pg.PoolClient, offerId: string, op: string) {
  await client.query(`UPDATE "CouponOffer" SET "defineOpId" = $2 WHERE id = $1`, [offerId, op]);
}

/** Coupons of defined offers not yet minted, oldest first, locked (others skip them). */
export async function couponsToMint(client: pg.PoolClient, limit: number) {
  const { rows } = await client.query<{ id: string; tokenId: number }>(
    `SELECT c.id, o."tokenId" FROM "Coupon" c ${DEFINED} WHERE c."mintOpId" IS NULL ORDER BY c."createdAt" LIMIT $1 FOR UPDATE OF c SKIP LOCKED`,
    [limit],
  );
  return rows;
}

/** Minted coupons claimed to one wallet (the oldest claim's), not yet delivered, locked. */
export async function couponsToDeliver(client: pg.PoolClient) {
  const { rows } = await client.query<{ id: string; tokenId: number; claimedTo: string }>(
    `SELECT c.id, o."tokenId", c."claimedTo" FROM "Coupon" c JOIN "CouponOffer" o ON o.id = c."offerId"
      WHERE c."claimedTo" IS NOT NULL AND c."claimOpId" IS NULL AND ${CONFIRMED("mintOpId")}
        AND c."claimedTo" = (SELECT c2."claimedTo" FROM "Coupon" c2 WHERE c2."claimedTo" IS NOT NULL AND c2."claimOpId" IS NULL ORDER BY c2."createdAt" LIMIT 1)
      LIMIT 100 FOR UPDATE OF c`,
  );
  return rows;
}

/** Redeemed coupons whose mint (and delivery, if claimed) is confirmed, not yet burned, locked. */
export async function couponsToBurn(client: pg.PoolClient) {
  const { rows } = await client.query<{ id: string; tokenId: number; holder: string | null }>(
    `SELECT c.id, o."tokenId", c."claimedTo" AS holder FROM "Coupon" c JOIN "CouponOffer" o ON o.id = c."offerId"
      WHERE c.status = 'redeemed' AND c."burnOpId" IS NULL AND ${CONFIRMED("mintOpId")} AND (c."claimedTo" IS NULL OR ${CONFIRMED("claimOpId")})
      ORDER BY c."redeemedAt" LIMIT 2000 FOR UPDATE OF c`,
  );
  return rows;
}

/** The coupons an operation carries: their mint, claim or burn points to it. */
export async function attachCouponOp(client: pg.PoolClient, column: OpColumn, coupons: { id: string }[], op: string) {
  await client.query(`UPDATE "Coupon" SET "${column}" = $2 WHERE id = ANY($1::uuid[])`, [coupons.map((c) => c.id), op]);
}
