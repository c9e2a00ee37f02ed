// Merkle trees of count-photo evidence, exactly as @openzeppelin/merkle-tree's
// StandardMerkleTree builds them (standard-v1: leaf = keccak256(keccak256(abi.encode(values))),
// leaves sorted, pairs hashed sorted), so that an auditor checks our proofs with that
// library alone. Built here because the library takes ~17 s for 100,000 leaves (its ABI
// encoder and JS keccak); this takes well under a second (hash-wasm's keccak, our one
// fixed leaf shape). test/unit/merkle.test.ts holds the two to the same roots and proofs.
import { createKeccak, type IHasher } from "hash-wasm";

/** What a leaf holds: the photo's SHA-256, its unit, its kind and its submission time
 *  (unix seconds) — all of it printed on the public unit page, so anyone can rebuild it. */
export const LEAF_ENCODING = ["bytes32", "string", "string", "uint256"] as const;
export type EvidenceLeaf = [sha256: string, unitCode: string, kind: string, submittedAt: number];

let keccak: IHasher | undefined;
async function hasher() {
  keccak ??= await createKeccak(256);
  return keccak;
}

function hash(h: IHasher, ...parts: Uint8Array[]): Uint8Array {
  h.init();
  for (const p of parts) h.update(p);
  return h.digest("binary");
}

const utf8 = new TextEncoder();
const ceil32 = (n: number) => Math.ceil(n / 32) * 32;

/** abi.encode(bytes32, string, string, uint256). */
function encodeLeaf([sha256, unitCode, kind, submittedAt]: EvidenceLeaf): Uint8Array {
  const a = utf8.encode(unitCode);
  const b = utf8.encode(kind);
  const out = new Uint8Array(4 * 32 + 32 + ceil32(a.length) + 32 + ceil32(b.length));
  const view = new DataView(out.buffer);
  out.set(hexBytes(sha256, 32), 0);
  view.setUint32(32 + 28, 128);
  view.setUint32(64 + 28, 128 + 32 + ceil32(a.length));
  const t = BigInt(submittedAt);
  view.setBigUint64(96 + 24, t);
  view.setUint32(128 + 28, a.length);
  out.set(a, 160);
  const second = 160 + ceil32(a.length);
  view.setUint32(second + 28, b.length);
  out.set(b, second + 32);
  return out;
}

export function hexBytes(hex: string, length: number): Uint8Array {
  const clean = hex.startsWith("0x") ? hex.slice(2) : hex;
  if (clean.length !== length * 2 || !/^[0-9a-fA-F]*$/.test(clean)) throw new Error(`expected ${length} bytes of hex`);
  return Uint8Array.from(Buffer.from(clean, "hex"));
}

const toHex = (b: Uint8Array) => "0x" + Buffer.from(b).toString("hex");

function compare(a: Uint8Array, b: Uint8Array) {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

export interface EvidenceTree {
  root: string;
  /** Proofs in the order of the leaves given. */
  proofs: string[][];
}

/** The standard tree of `leaves` (at least one): its root and each leaf's proof. */
export async function buildEvidenceTree(leaves: EvidenceLeaf[]): Promise<EvidenceTree> {
  if (!leaves.length) throw new Error("a tree needs at least one leaf");
  const h = await hasher();
  const hashed = leaves.map((leaf, index) => ({ index, hash: hash(h, hash(h, encodeLeaf(leaf))) }));
  hashed.sort((x, y) => compare(x.hash, y.hash));
  const n = hashed.length;
  const tree = new Array<Uint8Array>(2 * n - 1);
  const position = new Array<number>(n); // input index → place in the tree
  hashed.forEach((leaf, i) => {
    tree[tree.length - 1 - i] = leaf.hash;
    position[leaf.index] = tree.length - 1 - i;
  });
  for (let i = tree.length - 1 - n; i >= 0; i--) {
    const [l, r] = [tree[2 * i + 1]!, tree[2 * i + 2]!];
    tree[i] = compare(l, r) <= 0 ? hash(h, l, r) : hash(h, r, l);
  }
  const hex = tree.map(toHex);
  const proofs = position.map((start) => {
    const proof: string[] = [];
    for (let j = start; j > 0; j = Math.floor((j - 1) / 2)) proof.push(hex[j % 2 === 1 ? j + 1 : j - 1]!);
    return proof;
  });
  return { root: hex[0]!, proofs };
}

/** A photo's leaf from what the database and the public pages show. */
export function leafOf(photo: { sha256: string; unitCode: string; kind: string; createdAt: Date }): EvidenceLeaf {
  return [`0x${photo.sha256}`, photo.unitCode, photo.kind, Math.floor(photo.createdAt.getTime() / 1000)];
}
