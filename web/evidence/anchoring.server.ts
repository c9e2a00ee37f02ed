// Anchoring count photos on-chain. Every ANCHOR_INTERVAL_SECONDS (or as soon as
// ANCHOR_BATCH_PHOTOS wait) the photos not yet anchored become one batch: a Merkle tree of
// their leaves (merkle.ts), one transaction with its root, each photo's proof kept.
//
// A batch's life is a state machine kept in the database, so a worker killed at any point
// resumes where it stopped, and the contract itself refuses a root twice:
//   built     tree and proofs stored, no transaction yet        → sign, store, broadcast
//   sent      the signed transaction is stored before it is broadcast; until it is mined it
//             is re-broadcast when dropped, re-signed with a higher fee when stuck
//             (same nonce: one replaces the other), re-signed with a new nonce when that
//             nonce went to something else
//   mined     in a block                                          → CHAIN_CONFIRMATIONS deep
//   confirmed deep enough; still checked for a while: a reorg that removes the transaction
//             sends the batch back to "sent", and it is anchored again.
// One batch is built or in flight at a time (one account, one nonce sequence).
import type { ethers } from "ethers";
import { db, inTransaction } from "../db/db.server.ts";
import { attachProofs, batchIsDue, insertBatch, takeWaitingPhotos } from "./evidence.sql.server.ts";
import { getConfig } from "../config/config.server.ts";
import { runExclusiveLoop } from "../jobs/exclusive-loop.server.ts";
import { logger } from "../observability/logger.server.ts";
import type { AnchorBatch } from "../generated/prisma/client.ts";
import { anchorChain, chainLibrary, type AnchorChain } from "./chain.server.ts";
import { buildEvidenceTree, type EvidenceLeaf } from "./merkle.ts";

/** Most leaves in one batch (a tree of 100,000 builds in well under a second). */
const MAX_LEAVES = 100_000;
/** Blocks behind the head within which a confirmed batch is still checked for a reorg. */
const REORG_WINDOW = 64;
const FEE_BUMP_PERCENT = 125n;

export interface AnchorSettings {
  intervalSeconds: number;
  batchPhotos: number;
  confirmations: number;
  stuckSeconds: number;
}

export function anchorSettings(): AnchorSettings {
  const c = getConfig();
  return {
    intervalSeconds: c.ANCHOR_INTERVAL_SECONDS,
    batchPhotos: c.ANCHOR_BATCH_PHOTOS,
    confirmations: Math.max(1, c.CHAIN_CONFIRMATIONS),
    stuckSeconds: c.ANCHOR_STUCK_SECONDS,
  };
}

export interface TickReport {
  built: number;
  sent: number;
  mined: number;
  confirmed: number;
  reanchored: number;
  bumped: number;
}

/** One step of the machine for every open batch, then a new batch when one is due.
 *  Call it every few seconds from one worker (runAnchoring holds a lock for that). */
export async function anchorTick(settings: AnchorSettings = anchorSettings(), now = new Date()): Promise<TickReport> {
  const chain = await anchorChain();
  const report: TickReport = { built: 0, sent: 0, mined: 0, confirmed: 0, reanchored: 0, bumped: 0 };
  const head = Number(await chain.provider.send("eth_blockNumber", [])); // (getBlockNumber caches for a while)
  // A reorg that drops an older block replaces every block after it: when the newest
  // confirmed batch's block is still there, so are the older ones (one call, not one per batch).
  const newest = await db().anchorBatch.findFirst({
    where: { status: "confirmed", blockNumber: { gte: head - REORG_WINDOW } },
    orderBy: { blockNumber: "desc" },
  });
  const block =
    newest &&
    ((await chain.provider.send("eth_getBlockByNumber", [
      (await chainLibrary()).toQuantity(newest.blockNumber!),
      false,
    ])) as {
      hash: string;
    } | null);
  const reorged = !!newest && block?.hash !== newest.blockHash;
  const open = await db().anchorBatch.findMany({
    where: {
      OR: [
        { status: { in: ["built", "sent", "mined"] } },
        ...(reorged ? [{ status: "confirmed" as const, blockNumber: { gte: head - REORG_WINDOW } }] : []),
      ],
    },
    orderBy: { seq: "asc" },
  });
  for (const batch of open) {
    try {
      await step(chain, batch, head, settings, now, report);
    } catch (error) {
      await db().anchorBatch.update({
        where: { id: batch.id },
        data: { lastError: String((error as Error).message ?? error).slice(0, 500) },
      });
      throw error;
    }
  }
  const inFlight = await db().anchorBatch.count({ where: { status: { in: ["built", "sent"] } } });
  if (!inFlight) {
    const batch = await buildBatch(chain, settings, now);
    if (batch) {
      report.built++;
      await send(chain, batch, now);
      report.sent++;
    }
  }
  return report;
}

async function step(
  chain: AnchorChain,
  batch: AnchorBatch,
  head: number,
  settings: AnchorSettings,
  now: Date,
  report: TickReport,
) {
  if (batch.status === "built") {
    await send(chain, batch, now);
    report.sent++;
    return;
  }
  if (batch.status === "sent") {
    const found = await findInclusion(chain, batch);
    if (found) {
      await markMined(chain, batch, found);
      report.mined++;
      return;
    }
    // Not in a block. Dropped, stuck, or its nonce taken by another transaction?
    const known = batch.txHash ? await chain.provider.getTransaction(batch.txHash) : null;
    const nextNonce = await chain.provider.getTransactionCount(chain.wallet.address, "latest");
    if (batch.nonce !== null && nextNonce > batch.nonce) {
      // Our nonce is used, and not by this batch's transactions: sign again with a new one.
      if (!known || known.blockNumber !== null) {
        await send(chain, batch, now, { freshNonce: true });
        report.sent++;
      }
      return;
    }
    if (!known) {
      await broadcast(chain, batch.rawTx!); // dropped from the pool: the same bytes again
      return;
    }
    if (batch.sentAt && now.getTime() - batch.sentAt.getTime() > settings.stuckSeconds * 1000) {
      await send(chain, batch, now, { bump: true });
      report.bumped++;
    }
    return;
  }
  // mined or confirmed: is it still there, and deep enough?
  const receipt = batch.txHash ? await chain.provider.getTransactionReceipt(batch.txHash) : null;
  if (!receipt || receipt.blockHash !== batch.blockHash) {
    const found = await findInclusion(chain, batch);
    if (found) return void (await markMined(chain, batch, found));
    logger.warn({ batch: batch.seq, root: batch.root }, "anchor transaction gone after a reorg: anchoring again");
    await db().anchorBatch.update({
      where: { id: batch.id },
      data: { status: "sent", blockNumber: null, blockHash: null, blockTime: null, confirmedAt: null, sentAt: now },
    });
    report.reanchored++;
    return;
  }
  if (batch.status === "mined" && head - receipt.blockNumber + 1 >= settings.confirmations) {
    await db().anchorBatch.update({ where: { id: batch.id }, data: { status: "confirmed", confirmedAt: now } });
    report.confirmed++;
  }
}

interface Inclusion {
  txHash: string;
  blockNumber: number;
  blockHash: string;
  gasUsed: bigint;
}

/** The block holding this batch's root: a receipt of one of its transactions, or else the
 *  contract's own record (a transaction we lost track of, e.g. a crash after broadcast). */
async function findInclusion(chain: AnchorChain, batch: AnchorBatch): Promise<Inclusion | null> {
  for (const hash of [...batch.txHashes].reverse()) {
    const receipt = await chain.provider.getTransactionReceipt(hash);
    if (receipt?.status === 1)
      return { txHash: hash, blockNumber: receipt.blockNumber, blockHash: receipt.blockHash, gasUsed: receipt.gasUsed };
  }
  const [timestamp, blockNumber] = (await chain.contract.anchorOf!(batch.root)) as [bigint, bigint, bigint];
  if (timestamp === 0n) return null;
  const logs = await chain.contract.queryFilter(
    chain.contract.filters.RootAnchored!(batch.root),
    Number(blockNumber),
    Number(blockNumber),
  );
  const log = logs[0];
  if (!log) return null;
  const receipt = await chain.provider.getTransactionReceipt(log.transactionHash);
  return {
    txHash: log.transactionHash,
    blockNumber: log.blockNumber,
    blockHash: log.blockHash,
    gasUsed: receipt?.gasUsed ?? 0n,
  };
}

async function markMined(chain: AnchorChain, batch: AnchorBatch, found: Inclusion) {
  const block = await chain.provider.getBlock(found.blockNumber);
  await db().anchorBatch.update({
    where: { id: batch.id },
    data: {
      status: "mined",
      txHash: found.txHash,
      blockNumber: found.blockNumber,
      blockHash: found.blockHash,
      blockTime: new Date(Number(block!.timestamp) * 1000),
      gasUsed: found.gasUsed,
      lastError: null,
    },
  });
}

/** Takes the waiting photos (oldest first) into a new batch, when one is due. */
async function buildBatch(chain: AnchorChain, settings: AnchorSettings, now: Date): Promise<AnchorBatch | null> {
  const batchId = await inTransaction(
    async (client) => {
      if (!(await batchIsDue(client, now, settings))) return null;
      const photos = await takeWaitingPhotos(client, MAX_LEAVES);
      if (!photos.length) return null;
      const tree = await buildEvidenceTree(
        photos.map((p): EvidenceLeaf => [`0x${p.sha256}`, p.unitCode, p.kind, Number(p.submittedAt)]),
      );
      const id = await insertBatch(client, { root: tree.root, leaves: photos.length, chain, at: now });
      await attachProofs(client, id, photos, tree.proofs);
      logger.info({ photos: photos.length, root: tree.root }, "evidence batch built");
      return id;
    },
    (id) => id !== null,
  );
  return batchId ? db().anchorBatch.findUniqueOrThrow({ where: { id: batchId } }) : null;
}

/** Signs the batch's transaction, stores it, then broadcasts it (in that order: a crash
 *  between the two re-broadcasts the same bytes; the contract refuses a root twice). */
async function send(
  chain: AnchorChain,
  batch: AnchorBatch,
  now: Date,
  how: { bump?: boolean; freshNonce?: boolean } = {},
) {
  const { Transaction, keccak256, zeroPadValue } = await chainLibrary();
  const data = chain.contract.interface.encodeFunctionData("anchor", [
    batch.root,
    batch.leafCount,
    zeroPadValue(`0x${batch.id.replace(/-/g, "")}`, 32), // the uuid's 16 bytes as the contract's bytes32
  ]);
  const nonce =
    batch.nonce !== null && !how.freshNonce
      ? batch.nonce
      : await chain.provider.getTransactionCount(chain.wallet.address, "pending");
  const fees = await chain.provider.getFeeData();
  // A replacement keeps the first transaction's gas limit (estimating again would see the
  // root as anchored by the pending original and revert) and raises both its fees.
  const previous = batch.rawTx ? Transaction.from(batch.rawTx) : null;
  let gasLimit = previous?.gasLimit ?? 0n;
  if (!gasLimit) {
    try {
      gasLimit =
        ((await chain.provider.estimateGas({ from: chain.wallet.address, to: chain.address, data })) * 12n) / 10n;
    } catch (error) {
      // Already anchored (RootAlreadyAnchored): one of our earlier transactions made it.
      const found = await findInclusion(chain, batch);
      if (found) return markMined(chain, batch, found);
      throw error;
    }
  }
  const bumped = (current: bigint, before: bigint | null | undefined) =>
    how.bump && before ? bigMax(current, (before * FEE_BUMP_PERCENT) / 100n) : current;
  const tx: ethers.TransactionRequest = { to: chain.address, data, nonce, gasLimit, chainId: chain.chainId };
  let maxFee: bigint;
  if (fees.maxFeePerGas !== null) {
    maxFee = bumped(fees.maxFeePerGas, previous?.maxFeePerGas);
    const tip = bigMin(maxFee, bumped(fees.maxPriorityFeePerGas ?? 1_000_000_000n, previous?.maxPriorityFeePerGas));
    Object.assign(tx, { type: 2, maxFeePerGas: maxFee, maxPriorityFeePerGas: tip });
  } else {
    maxFee = bumped(fees.gasPrice ?? 1_000_000_000n, previous?.gasPrice);
    Object.assign(tx, { type: 0, gasPrice: maxFee });
  }
  const raw = await chain.wallet.signTransaction(tx);
  const hash = keccak256(raw);
  await db().anchorBatch.update({
    where: { id: batch.id },
    data: {
      status: "sent",
      chainId: chain.chainId,
      contract: chain.address,
      nonce,
      rawTx: raw,
      txHash: hash,
      txHashes: { push: hash },
      maxFeePerGas: maxFee,
      sentAt: now,
      attempts: { increment: 1 },
      lastError: null,
    },
  });
  await broadcast(chain, raw);
}

const bigMax = (a: bigint, b: bigint) => (a > b ? a : b);
const bigMin = (a: bigint, b: bigint) => (a < b ? a : b);

async function broadcast(chain: AnchorChain, raw: string) {
  try {
    await chain.provider.broadcastTransaction(raw);
  } catch (error) {
    // Already known, or its nonce already used: the next tick looks at what happened.
    const message = String((error as Error).message ?? error);
    if (!/already known|nonce too low|nonce has already been used|replacement|known transaction/i.test(message))
      throw error;
  }
}

/** The steps on their own, for tests that stop the machine between them (a crash). */
export const anchoringSteps = { buildBatch, send };

/** Each photo's anchoring as the public sees it. */
export type PhotoAnchorState = "pending" | "anchored" | "confirmed";
export function photoAnchorState(batch: Pick<AnchorBatch, "status"> | null): PhotoAnchorState {
  if (!batch || batch.status === "built" || batch.status === "sent") return "pending";
  return batch.status === "confirmed" ? "confirmed" : "anchored";
}

/** The worker's loop: one worker at a time anchors (a PostgreSQL advisory lock held on its
 *  own connection); the others wait to take over. Returns a stop function. */
export function runAnchoring(every = 2_000): () => Promise<void> {
  return runExclusiveLoop("evidence-anchoring", every, async () => {
    const report = await anchorTick();
    if (report.built || report.mined || report.confirmed || report.reanchored || report.bumped)
      logger.info(report, "anchoring");
  });
}
