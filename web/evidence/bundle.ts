// The proof bundle's shape and its checks, shared by the audit page (in the browser) and
// the command-line verifier: they use only the bundle, the official Merkle library and a
// chain node — nothing of ours.
import { readAnchor } from "./contract.ts";

export const BUNDLE_FORMAT = "election-evidence-bundle/1";
export const LEAF_TYPES = ["bytes32", "string", "string", "uint256"];

export interface BundleLeaf {
  sha256: string; // 0x + 64 hex
  unit: string;
  kind: string;
  submittedAt: number; // unix seconds
  submittedAtIso: string;
  proof: string[];
}

export interface BundleBatch {
  seq: number;
  root: string;
  leafCount: number;
  chainId: number;
  contract: string;
  status: string;
  transaction: string | null;
  blockNumber: number | null;
  blockTime: string | null;
  leaves: BundleLeaf[];
}

export interface EvidenceBundle {
  format: string;
  scope: { batch: number } | { constituency: string };
  chainId: number;
  contract: string;
  leafEncoding: string[];
  createdAt: string;
  batches: BundleBatch[];
}

export type Check =
  | { ok: true; leaf: BundleLeaf; batch: BundleBatch; anchoredAt: Date; blockNumber: number }
  | {
      ok: false;
      reason: string;
      code: "badHash" | "badBundle" | "notInBundle" | "badProof" | "wrongChain" | "notAnchored" | "rpc";
    };

/** Is the photo with this SHA-256 in the bundle, does its proof lead to the batch root,
 *  and does the chain hold that root (same chain, same contract)? */
export async function checkAgainstBundle(
  sha256: string,
  bundle: EvidenceBundle,
  rpcUrl: string,
  fetcher: typeof fetch = fetch,
): Promise<Check> {
  const hash = sha256.toLowerCase().replace(/^0x/, "");
  if (!/^[0-9a-f]{64}$/.test(hash)) return { ok: false, code: "badHash", reason: "a SHA-256 is 64 hexadecimal digits" };
  if (bundle?.format !== BUNDLE_FORMAT || !Array.isArray(bundle.batches))
    return { ok: false, code: "badBundle", reason: `not a ${BUNDLE_FORMAT} file` };
  // Loaded when a photo is checked, in the browser as on the server (ADR 0029).
  const { StandardMerkleTree } = await import("@openzeppelin/merkle-tree");
  for (const batch of bundle.batches) {
    const leaf = batch.leaves?.find((l) => l.sha256?.toLowerCase() === `0x${hash}`);
    if (!leaf) continue;
    let valid: boolean;
    try {
      valid = StandardMerkleTree.verify(
        batch.root,
        LEAF_TYPES,
        [leaf.sha256, leaf.unit, leaf.kind, leaf.submittedAt],
        leaf.proof,
      );
    } catch {
      valid = false;
    }
    if (!valid)
      return {
        ok: false,
        code: "badProof",
        reason: `the proof does not lead from this photo to batch ${batch.seq}'s root ${batch.root}`,
      };
    let anchor;
    try {
      anchor = await readAnchor(rpcUrl, batch.contract, batch.root, fetcher);
    } catch (error) {
      return { ok: false, code: "rpc", reason: `the chain at ${rpcUrl} did not answer: ${(error as Error).message}` };
    }
    if (anchor.chainId !== batch.chainId || anchor.chainId !== bundle.chainId) {
      return {
        ok: false,
        code: "wrongChain",
        reason: `the bundle is for chain ${bundle.chainId}, the node at ${rpcUrl} serves chain ${anchor.chainId}`,
      };
    }
    if (!anchor.timestamp)
      return {
        ok: false,
        code: "notAnchored",
        reason: `contract ${batch.contract} on chain ${anchor.chainId} has no record of root ${batch.root}`,
      };
    return { ok: true, leaf, batch, anchoredAt: new Date(anchor.timestamp * 1000), blockNumber: anchor.blockNumber };
  }
  return {
    ok: false,
    code: "notInBundle",
    reason: "no photo with this SHA-256 is in the bundle (a single changed byte changes the hash)",
  };
}
