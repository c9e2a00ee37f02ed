import { expect } from "chai";
import type { BaseContract, ContractRunner, ContractTransactionResponse } from "ethers";
import { network } from "hardhat";

const { ethers } = await network.create();

/** The contract's ABI as a type (no typechain step needed). */
type EvidenceAnchor = Omit<BaseContract, "connect"> & {
  anchor(root: string, leafCount: number, batchId: string): Promise<ContractTransactionResponse>;
  anchorOf(root: string): Promise<[bigint, bigint, bigint]>;
  connect(runner: ContractRunner): EvidenceAnchor;
};

describe("EvidenceAnchor", () => {
  async function deploy() {
    const [admin, anchorer, stranger] = await ethers.getSigners();
    const contract = (await ethers.deployContract("EvidenceAnchor", [
      admin!.address,
      anchorer!.address,
    ])) as unknown as EvidenceAnchor;
    return { contract, admin: admin!, anchorer: anchorer!, stranger: stranger! };
  }
  const root = ethers.keccak256(ethers.toUtf8Bytes("batch-1"));
  const batchId = ethers.id("batch-1");

  it("anchors a root once, at the block time, with an event", async () => {
    const { contract, anchorer } = await deploy();
    const tx = await contract.connect(anchorer).anchor(root, 3, batchId);
    const receipt = await tx.wait();
    const block = await ethers.provider.getBlock(receipt!.blockNumber);
    await expect(tx).to.emit(contract, "RootAnchored").withArgs(root, 3, batchId, block!.timestamp);
    const [timestamp, blockNumber, leafCount] = await contract.anchorOf(root);
    expect(timestamp).to.equal(BigInt(block!.timestamp));
    expect(blockNumber).to.equal(BigInt(receipt!.blockNumber));
    expect(leafCount).to.equal(3n);
  });

  it("rejects a second anchor of the same root with a custom error", async () => {
    const { contract, anchorer } = await deploy();
    await (await contract.connect(anchorer).anchor(root, 1, batchId)).wait();
    const [first] = await contract.anchorOf(root);
    await expect(contract.connect(anchorer).anchor(root, 1, batchId))
      .to.be.revertedWithCustomError(contract, "RootAlreadyAnchored")
      .withArgs(root, first);
  });

  it("rejects a zero root and an empty tree", async () => {
    const { contract, anchorer } = await deploy();
    await expect(contract.connect(anchorer).anchor(ethers.ZeroHash, 1, batchId)).to.be.revertedWithCustomError(
      contract,
      "InvalidRoot",
    );
    await expect(contract.connect(anchorer).anchor(root, 0, batchId)).to.be.revertedWithCustomError(
      contract,
      "InvalidRoot",
    );
  });

  it("lets only the anchoring role anchor", async () => {
    const { contract, stranger } = await deploy();
    await expect(contract.connect(stranger).anchor(root, 1, batchId)).to.be.revertedWithCustomError(
      contract,
      "AccessControlUnauthorizedAccount",
    );
  });

  it("reads zero for a root never anchored", async () => {
    const { contract } = await deploy();
    const [timestamp, blockNumber, leafCount] = await contract.anchorOf(root);
    expect([timestamp, blockNumber, leafCount]).to.deep.equal([0n, 0n, 0n]);
  });
});
