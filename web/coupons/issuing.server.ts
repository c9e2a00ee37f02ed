// Coupons to the chain: one contract call at a time, each a stored CouponChainOp whose
// operation id the contract accepts once. built → sent → confirmed; a crash, a timeout,
// a dropped or stuck transaction are all handled by sending again (with a fresh nonce and
// a higher fee): a second copy that is mined finds the operation done and reverts, so
// nothing is minted, moved or burned twice, and nothing waiting is lost (it stays in the
// database until its operation is confirmed). The order is: offers defined, coupons
// minted to the custody, claims delivered to wallets, redemptions burned.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { db, inTransaction } from "../db/db.server.ts";
import { getConfig } from "../config/config.server.ts";
import { logger } from "../observability/logger.server.ts";
import { runExclusiveLoop } from "../jobs/exclusive-loop.server.ts";
import type { CouponChainOp } from "../generated/prisma/client.ts";
import { couponChain, type CouponChain } from "./chain.server.ts";
import { chainLibrary } from "../evidence/chain.server.ts";
import { tally } from "./contract.ts";
import { grantCoupons } from "./grants.sql.server.ts";
import {
  attachCouponOp,
  attachOfferOp,
  couponsToBurn,
  couponsToDeliver,
  couponsToMint,
  insertChainOp,
  offerToDefine,
  recordOpEvents,
} from "./coupons.sql.server.ts";

export interface CouponTickReport {
  sent: number;
  confirmed: number;
  minted: number;
  granted: number;
}

/** Moves the coupon operations along; call it every few seconds from one worker. */
export async function couponTick(now = new Date(), opts: { grant?: boolean } = {}): Promise<CouponTickReport> {
  const report: CouponTickReport = { sent: 0, confirmed: 0, minted: 0, granted: 0 };
  if (opts.grant !== false) report.granted = await grantCoupons();
  const chain = await couponChain();
  await forgetReplacedContract(chain);
  await resendLostOps(chain);
  const head = Number(await chain.provider.send("eth_blockNumber", []));
  for (let i = 0; i < 50; i++) {
    const op =
      (await db().couponChainOp.findFirst({ where: { status: { in: ["built", "sent"] } }, orderBy: { seq: "asc" } })) ??
      (await buildNextOp(chain));
    if (!op) break;
    const state = await advance(chain, op, head, now);
    if (state === "sent") report.sent++;
    if (state !== "confirmed") break;
    report.confirmed++;
    if (op.kind === "issue") report.minted += op.items;
  }
  return report;
}

async function isDone(chain: CouponChain, op: CouponChainOp): Promise<boolean> {
  if (op.kind === "define") {
    const [id] = chain.contract.interface.decodeFunctionData("defineOffer", op.data);
    return ((await chain.contract.maxSupply!(id)) as bigint) > 0n;
  }
  return (await chain.contract.operationDone!(op.opId)) as boolean;
}

async function advance(
  chain: CouponChain,
  op: CouponChainOp,
  head: number,
  now: Date,
): Promise<"confirmed" | "mined" | "waiting" | "sent" | "failed"> {
  if (await isDone(chain, op)) {
    let block = op.blockNumber;
    if (block === null) {
      let gasUsed: bigint | null = null;
      for (const hash of op.txHashes) {
        const receipt = await chain.provider.getTransactionReceipt(hash);
        if (receipt?.status === 1) [block, gasUsed] = [receipt.blockNumber, receipt.gasUsed];
      }
      block ??= head; // done by a transaction we lost track of: count from now
      await db().couponChainOp.update({ where: { id: op.id }, data: { blockNumber: block, gasUsed } });
    }
    if (head - block + 1 < Math.max(1, getConfig().CHAIN_CONFIRMATIONS)) return "mined";
    await confirm(op);
    return "confirmed";
  }
  const stuckMs = getConfig().ANCHOR_STUCK_SECONDS * 1000;
  if (op.status === "sent" && op.sentAt && now.getTime() - op.sentAt.getTime() < stuckMs) {
    // A mined transaction that reverted will never do it: send again at once.
    const receipts = await Promise.all(op.txHashes.map((h) => chain.provider.getTransactionReceipt(h)));
    if (!receipts.some((r) => r?.status === 0)) return "waiting";
  }
  return send(chain, op, now);
}

async function send(chain: CouponChain, op: CouponChainOp, now: Date): Promise<"sent" | "failed"> {
  const to = await chain.contract.getAddress();
  let gasLimit: bigint;
  try {
    gasLimit = ((await chain.provider.estimateGas({ from: chain.wallet.address, to, data: op.data })) * 12n) / 10n;
  } catch (error) {
    // It would revert (paused, out of stock…): keep it, say why, try again next tick.
    const reason = describe(error);
    await db().couponChainOp.update({ where: { id: op.id }, data: { lastError: reason, attempts: { increment: 1 } } });
    logger.warn({ op: op.seq, kind: op.kind, reason }, "coupon operation would revert; waiting");
    return "failed";
  }
  const fees = await chain.provider.getFeeData();
  const bump = (v: bigint) => (v * BigInt(Math.round(100 * 1.25 ** Math.min(op.attempts, 10)))) / 100n;
  const nonce = await chain.provider.getTransactionCount(chain.wallet.address, "pending");
  const signed = await chain.wallet.signTransaction({
    type: 2,
    chainId: chain.chainId,
    to,
    data: op.data,
    nonce,
    gasLimit,
    maxFeePerGas: bump(fees.maxFeePerGas ?? 2_000_000_000n),
    maxPriorityFeePerGas: bump(fees.maxPriorityFeePerGas ?? 1_000_000_000n),
  });
  const hash = (await chainLibrary()).keccak256(signed);
  // Recorded before it is broadcast: after a crash the hash is known and looked for.
  await db().couponChainOp.update({
    where: { id: op.id },
    data: { status: "sent", nonce, txHashes: { push: hash }, sentAt: now, attempts: { increment: 1 }, lastError: null },
  });
  try {
    await chain.provider.broadcastTransaction(signed);
  } catch (error) {
    logger.warn({ op: op.seq, err: describe(error) }, "coupon transaction broadcast failed; will resend");
  }
  return "sent";
}

const describe = (error: unknown) =>
  String((error as { shortMessage?: string }).shortMessage ?? (error as Error).message ?? error).slice(0, 300);

async function confirm(op: CouponChainOp) {
  const event = { issue: "minted", deliver: "claimed", redeem: "burned", define: null }[op.kind];
  const column = ({ issue: "mintOpId", deliver: "claimOpId", redeem: "burnOpId", define: null } as const)[op.kind];
  await db().$transaction(async (tx) => {
    await tx.couponChainOp.update({ where: { id: op.id }, data: { status: "confirmed" } });
    // Once per coupon: an operation confirmed again (a worker that lost track) adds no history.
    if (event && column) {
      await recordOpEvents(tx, column, op.id, event, `op ${op.seq}`);
    }
  });
}

/** A chain that lost transactions the database holds as confirmed — a reorg deeper than
 *  the confirmations, a test chain reset under the same addresses — lost the latest ones:
 *  from the newest confirmed operation back, each one the contract does not know as done
 *  is built again, to be sent again under its once-only id (so nothing happens twice),
 *  until one it knows. One call per tick while nothing was lost. */
async function resendLostOps(chain: CouponChain) {
  const address = chain.address.toLowerCase();
  const lost: CouponChainOp[] = [];
  for (let cursor: number | undefined; ;) {
    const batch = await db().couponChainOp.findMany({
      where: { contract: address, status: "confirmed", ...(cursor === undefined ? {} : { seq: { lt: cursor } }) },
      orderBy: { seq: "desc" },
      take: 20,
    });
    for (const op of batch) {
      if (await isDone(chain, op)) return void (lost.length && (await buildAgain(lost)));
      lost.push(op);
    }
    if (batch.length < 20) return void (lost.length && (await buildAgain(lost)));
    cursor = batch.at(-1)!.seq;
  }
}

async function buildAgain(lost: CouponChainOp[]) {
  await db().couponChainOp.updateMany({
    where: { id: { in: lost.map((op) => op.id) } },
    data: { status: "built", blockNumber: null, sentAt: null, lastError: "lost by the chain; sending again" },
  });
  logger.warn(
    { operations: lost.length, from: lost.at(-1)!.seq, to: lost[0]!.seq },
    "coupon operations confirmed before are not on the chain (a reorg or a reset): sending them again",
  );
}

/** The next operation, built from what waits in the database (one transaction). */
async function buildNextOp(chain: CouponChain): Promise<CouponChainOp | null> {
  const op = await inTransaction(
    async (client) =>
      (await buildDefine(client, chain)) ??
      (await buildIssue(client, chain)) ??
      (await buildDeliver(client, chain)) ??
      (await buildRedeem(client, chain)),
  );
  return op ? db().couponChainOp.findUnique({ where: { id: op } }) : null;
}

async function insertOp(
  client: pg.PoolClient,
  chain: CouponChain,
  kind: CouponChainOp["kind"],
  items: number,
  data: (opId: string) => string,
): Promise<string> {
  const id = randomUUID();
  const opId = (await chainLibrary()).id(`coupon-op:${id}`);
  await insertChainOp(client, { id, kind, contract: chain.address.toLowerCase(), opId, data: data(opId), items });
  return id;
}

/** When the contract was replaced (a new deployment; `npm start`'s local chain is new at
 *  every start), what was done on the old one is done again on the new one: offers
 *  defined, coupons minted, claims delivered, redemptions burned. */
async function forgetReplacedContract(chain: CouponChain) {
  const address = chain.address.toLowerCase();
  const stale = await db().couponChainOp.findMany({ where: { contract: { not: address } }, select: { id: true } });
  if (!stale.length) return;
  const ids = stale.map((o) => o.id);
  await db().$transaction([
    db().couponOffer.updateMany({ where: { defineOpId: { in: ids } }, data: { defineOpId: null } }),
    db().coupon.updateMany({ where: { mintOpId: { in: ids } }, data: { mintOpId: null } }),
    db().coupon.updateMany({ where: { claimOpId: { in: ids } }, data: { claimOpId: null } }),
    db().coupon.updateMany({ where: { burnOpId: { in: ids } }, data: { burnOpId: null } }),
    db().couponChainOp.deleteMany({ where: { id: { in: ids } } }),
  ]);
  logger.warn(
    { contract: chain.address, operations: ids.length },
    "coupons contract replaced: its operations will be done again on the new one",
  );
}

async function buildDefine(client: pg.PoolClient, chain: CouponChain) {
  const offer = await offerToDefine(client);
  if (!offer) return null;
  const op = await insertOp(client, chain, "define", 1, () =>
    chain.contract.interface.encodeFunctionData("defineOffer", [offer.tokenId, offer.stock]),
  );
  await attachOfferOp(client, offer.id, op);
  return op;
}

async function buildIssue(client: pg.PoolClient, chain: CouponChain) {
  const rows = await couponsToMint(client, getConfig().COUPON_MINT_BATCH);
  if (!rows.length) return null;
  const counts = tally(rows, (r) => String(r.tokenId));
  const op = await insertOp(client, chain, "issue", rows.length, (opId) =>
    chain.contract.interface.encodeFunctionData("issue", [
      opId,
      chain.wallet.address,
      [...counts.keys()],
      [...counts.values()],
    ]),
  );
  await attachCouponOp(client, "mintOpId", rows, op);
  return op;
}

async function buildDeliver(client: pg.PoolClient, chain: CouponChain) {
  const rows = await couponsToDeliver(client);
  if (!rows.length) return null;
  const counts = tally(rows, (r) => String(r.tokenId));
  const op = await insertOp(client, chain, "deliver", rows.length, (opId) =>
    chain.contract.interface.encodeFunctionData("deliver", [
      opId,
      rows[0]!.claimedTo,
      [...counts.keys()],
      [...counts.values()],
    ]),
  );
  await attachCouponOp(client, "claimOpId", rows, op);
  return op;
}

async function buildRedeem(client: pg.PoolClient, chain: CouponChain) {
  const rows = await couponsToBurn(client);
  if (!rows.length) return null;
  const counts = tally(rows, (r) => `${r.holder ?? chain.wallet.address}|${r.tokenId}`);
  const keys = [...counts.keys()].map((k) => k.split("|") as [string, string]);
  const op = await insertOp(client, chain, "redeem", rows.length, (opId) =>
    chain.contract.interface.encodeFunctionData("redeem", [
      opId,
      keys.map((k) => k[0]),
      keys.map((k) => k[1]),
      [...counts.values()],
    ]),
  );
  await attachCouponOp(client, "burnOpId", rows, op);
  return op;
}

/** The worker's loop: grants and chain operations every COUPON_INTERVAL_SECONDS. */
export function runCouponIssuing(every = getConfig().COUPON_INTERVAL_SECONDS * 1000): () => Promise<void> {
  return runExclusiveLoop("coupon-issuing", every, async () => {
    const report = await couponTick();
    if (report.sent || report.confirmed || report.granted) logger.info(report, "coupons");
  });
}
