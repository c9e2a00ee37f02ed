// What the audit page and the proof bundles publish: each photo's leaf, proof, batch and
// the batch's transaction. Everything an auditor needs to check a photo without us.
import { db } from "../db/db.server.ts";
import { getConfig } from "../config/config.server.ts";
import type { AnchorBatch, TallyPhoto } from "../generated/prisma/client.ts";
import { photoAnchorState } from "./anchoring.server.ts";
import { LEAF_ENCODING, leafOf } from "./merkle.ts";
import { anchorContractAddress } from "./chain.server.ts";
import { BUNDLE_FORMAT, type EvidenceBundle } from "./bundle.ts";

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The chain a browser or a command line reads anchors from. */
export function publicChain() {
  const config = getConfig();
  return { rpcUrl: config.PUBLIC_RPC_URL ?? config.RPC_URL ?? null, contract: anchorContractAddress() };
}

function batchJson(b: AnchorBatch) {
  return {
    seq: b.seq,
    kind: b.kind,
    root: b.root,
    leafCount: b.leafCount,
    chainId: b.chainId,
    contract: b.contract,
    status: b.status,
    transaction: b.txHash,
    blockNumber: b.blockNumber,
    blockTime: b.blockTime?.toISOString() ?? null,
  };
}

function leafJson(p: TallyPhoto) {
  const [sha256, unit, kind, submittedAt] = leafOf(p);
  return { sha256, unit, kind, submittedAt, submittedAtIso: p.createdAt.toISOString(), proof: p.anchorProof };
}

/** A photo by its SHA-256 (64 hex digits), with its anchoring; null when never submitted. */
export async function evidenceOf(sha256: string) {
  const photo = await db().tallyPhoto.findUnique({ where: { sha256 }, include: { anchorBatch: true } });
  if (!photo) return null;
  const state = photoAnchorState(photo.anchorBatch);
  const batch = photo.anchorBatch && state !== "pending" ? photo.anchorBatch : null;
  // The photo's own one-leaf bundle: what the browser checks, exactly as a downloaded one.
  const bundle: EvidenceBundle | null = batch && {
    format: BUNDLE_FORMAT,
    scope: { batch: batch.seq },
    chainId: batch.chainId,
    contract: batch.contract,
    leafEncoding: [...LEAF_ENCODING],
    createdAt: new Date().toISOString(),
    batches: [{ ...batchJson(batch), leaves: [leafJson(photo)] }],
  };
  return {
    ...leafJson(photo),
    ballot: photo.ballot,
    photoId: photo.id,
    state,
    leafEncoding: LEAF_ENCODING,
    batch: batch && batchJson(batch),
    bundle,
    chain: publicChain(),
  };
}
export type Evidence = NonNullable<Awaited<ReturnType<typeof evidenceOf>>>;

/** A proof bundle: one batch whole, or one constituency's photos across batches
 *  (their proofs lead to the full batches' roots). Only batches in a block. */
export async function evidenceBundle(
  scope: { batchSeq: number } | { constituencyId: string },
): Promise<EvidenceBundle | null> {
  const where =
    "batchSeq" in scope
      ? { seq: scope.batchSeq }
      : { photos: { some: { unitCode: { startsWith: `${scope.constituencyId}-` } } } };
  const batches = await db().anchorBatch.findMany({
    where: { ...where, status: { in: ["mined", "confirmed"] } },
    include: {
      photos: {
        where: "constituencyId" in scope ? { unitCode: { startsWith: `${scope.constituencyId}-` } } : {},
        orderBy: { createdAt: "asc" },
      },
    },
    orderBy: { seq: "asc" },
  });
  if (!batches.length) return null;
  return {
    format: BUNDLE_FORMAT,
    scope: "batchSeq" in scope ? { batch: scope.batchSeq } : { constituency: scope.constituencyId },
    chainId: batches[0]!.chainId,
    contract: batches[0]!.contract,
    leafEncoding: [...LEAF_ENCODING],
    createdAt: new Date().toISOString(),
    batches: batches.map((b) => ({ ...batchJson(b), leaves: b.photos.map(leafJson) })),
  };
}

/** The latest batches, for the audit page. */
export async function recentBatches(take = 20) {
  const batches = await db().anchorBatch.findMany({ orderBy: { seq: "desc" }, take });
  const pending = await db().tallyPhoto.count({
    where: { OR: [{ anchorBatchId: null }, { anchorBatch: { status: { in: ["built", "sent"] } } }] },
  });
  return { pending, batches: batches.map(batchJson) };
}
