import { randomBytes } from "node:crypto";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { describe, expect, it } from "vitest";
import { buildEvidenceTree, LEAF_ENCODING, type EvidenceLeaf } from "../../web/evidence/merkle.ts";

const leaf = (i: number): EvidenceLeaf => [
  `0x${randomBytes(32).toString("hex")}`,
  `10-0${i % 9}-10010${i % 7}-00${i % 10}`,
  i % 2 ? "board" : "form",
  1_773_482_400 + i * 7,
];

describe("evidence Merkle trees", () => {
  for (const n of [1, 2, 3, 7, 64, 257]) {
    it(`match @openzeppelin/merkle-tree's standard tree for ${n} leaves: same root, proofs it accepts`, async () => {
      const leaves = Array.from({ length: n }, (_, i) => leaf(i));
      const ours = await buildEvidenceTree(leaves);
      const theirs = StandardMerkleTree.of(leaves, [...LEAF_ENCODING]);
      expect(ours.root).toBe(theirs.root);
      leaves.forEach((l, i) => {
        expect(ours.proofs[i]).toEqual(theirs.getProof(l));
        expect(StandardMerkleTree.verify(ours.root, [...LEAF_ENCODING], l, ours.proofs[i]!)).toBe(true);
      });
    });
  }

  it("encodes Thai text and long strings the same way", async () => {
    const leaves: EvidenceLeaf[] = [
      [`0x${"ab".repeat(32)}`, "หน่วย-".repeat(20), "board", 1],
      [`0x${"cd".repeat(32)}`, "10-01-100101-001", "form", 2 ** 40],
    ];
    expect((await buildEvidenceTree(leaves)).root).toBe(StandardMerkleTree.of(leaves, [...LEAF_ENCODING]).root);
  });

  it("gives a changed leaf no valid proof", async () => {
    const leaves = Array.from({ length: 10 }, (_, i) => leaf(i));
    const { root, proofs } = await buildEvidenceTree(leaves);
    const changed: EvidenceLeaf = [...leaves[3]!];
    changed[0] = changed[0].slice(0, -1) + (changed[0].endsWith("0") ? "1" : "0");
    expect(StandardMerkleTree.verify(root, [...LEAF_ENCODING], changed, proofs[3]!)).toBe(false);
    expect(StandardMerkleTree.verify(root, [...LEAF_ENCODING], leaves[3]!, proofs[4]!)).toBe(false);
  });
});
