import { expect } from "chai";
import type { BaseContract, ContractRunner, ContractTransactionResponse } from "ethers";
import { network } from "hardhat";

const { ethers } = await network.create();

type Coupons = Omit<BaseContract, "connect"> & {
  defineOffer(id: number, stock: number): Promise<ContractTransactionResponse>;
  issue(opId: string, to: string, ids: number[], amounts: number[]): Promise<ContractTransactionResponse>;
  deliver(opId: string, to: string, ids: number[], amounts: number[]): Promise<ContractTransactionResponse>;
  redeem(opId: string, holders: string[], ids: number[], amounts: number[]): Promise<ContractTransactionResponse>;
  pause(): Promise<ContractTransactionResponse>;
  unpause(): Promise<ContractTransactionResponse>;
  balanceOf(account: string, id: number): Promise<bigint>;
  minted(id: number): Promise<bigint>;
  maxSupply(id: number): Promise<bigint>;
  operationDone(opId: string): Promise<boolean>;
  supportsInterface(id: string): Promise<boolean>;
  connect(runner: ContractRunner): Coupons;
};

describe("Coupons", () => {
  async function deploy() {
    const [admin, operator, holder, stranger] = await ethers.getSigners();
    const contract = (await ethers.deployContract("Coupons", [
      admin!.address,
      operator!.address,
      "https://example.org/coupons/{id}.json",
    ])) as unknown as Coupons;
    const op = contract.connect(operator!);
    await (await op.defineOffer(1, 3)).wait();
    await (await op.defineOffer(2, 100)).wait();
    return { contract, op, admin: admin!, operator: operator!, holder: holder!, stranger: stranger! };
  }
  const opId = (label: string) => ethers.id(label);

  it("mints several offers to the custody in one call, with the stock limit of each id enforced", async () => {
    const { contract, op, operator } = await deploy();
    const tx = await op.issue(opId("mint-1"), operator.address, [1, 2], [2, 50]);
    await expect(tx)
      .to.emit(contract, "TransferBatch")
      .withArgs(operator.address, ethers.ZeroAddress, operator.address, [1n, 2n], [2n, 50n]);
    await expect(tx).to.emit(contract, "OperationDone").withArgs(opId("mint-1"));
    expect(await contract.balanceOf(operator.address, 1)).to.equal(2n);
    expect(await contract.minted(1)).to.equal(2n);
    await expect(op.issue(opId("mint-2"), operator.address, [1], [2]))
      .to.be.revertedWithCustomError(contract, "StockExceeded")
      .withArgs(1n, 2n, 1n);
    await expect(op.issue(opId("mint-3"), operator.address, [7], [1]))
      .to.be.revertedWithCustomError(contract, "UnknownOffer")
      .withArgs(7n);
    await expect(op.issue(opId("mint-4"), operator.address, [1, 2], [1])).to.be.revertedWithCustomError(
      contract,
      "LengthMismatch",
    );
  });

  it("carries out an operation id once: a resent mint changes nothing", async () => {
    const { contract, op, operator } = await deploy();
    await (await op.issue(opId("mint-1"), operator.address, [2], [10])).wait();
    await expect(op.issue(opId("mint-1"), operator.address, [2], [10]))
      .to.be.revertedWithCustomError(contract, "OperationAlreadyDone")
      .withArgs(opId("mint-1"));
    expect(await contract.balanceOf(operator.address, 2)).to.equal(10n);
    expect(await contract.operationDone(opId("mint-1"))).to.equal(true);
  });

  it("defines an offer once, with a stock of at least one", async () => {
    const { contract, op } = await deploy();
    await expect(op.defineOffer(1, 10)).to.be.revertedWithCustomError(contract, "OfferAlreadyDefined").withArgs(1n);
    await expect(op.defineOffer(9, 0)).to.be.revertedWithCustomError(contract, "InvalidStock");
    await expect(op.defineOffer(9, 5)).to.emit(contract, "OfferDefined").withArgs(9n, 5n);
  });

  it("delivers a claimed coupon to the holder's wallet, and redeeming burns it with an event; burned stock is not minted again", async () => {
    const { contract, op, operator, holder } = await deploy();
    await (await op.issue(opId("mint"), operator.address, [1], [3])).wait();
    await (await op.deliver(opId("claim"), holder.address, [1], [1])).wait();
    expect(await contract.balanceOf(holder.address, 1)).to.equal(1n);
    const tx = await op.redeem(opId("redeem"), [holder.address, operator.address], [1, 1], [1, 1]);
    await expect(tx).to.emit(contract, "Redeemed").withArgs(opId("redeem"), holder.address, 1n, 1n);
    expect(await contract.balanceOf(holder.address, 1)).to.equal(0n);
    expect(await contract.balanceOf(operator.address, 1)).to.equal(1n);
    await expect(op.issue(opId("mint-again"), operator.address, [1], [1])).to.be.revertedWithCustomError(
      contract,
      "StockExceeded",
    );
    await expect(op.redeem(opId("redeem-2"), [holder.address], [1], [1])).to.be.revertedWithCustomError(
      contract,
      "ERC1155InsufficientBalance",
    );
  });

  it("lets only its roles issue, deliver and redeem", async () => {
    const { contract, stranger } = await deploy();
    const as = contract.connect(stranger);
    await expect(as.defineOffer(5, 1)).to.be.revertedWithCustomError(contract, "AccessControlUnauthorizedAccount");
    await expect(as.issue(opId("x"), stranger.address, [1], [1])).to.be.revertedWithCustomError(
      contract,
      "AccessControlUnauthorizedAccount",
    );
    await expect(as.redeem(opId("y"), [stranger.address], [1], [1])).to.be.revertedWithCustomError(
      contract,
      "AccessControlUnauthorizedAccount",
    );
    await expect(as.pause()).to.be.revertedWithCustomError(contract, "AccessControlUnauthorizedAccount");
  });

  it("pauses every mint, transfer and burn", async () => {
    const { contract, op, operator, holder, admin } = await deploy();
    await (await op.issue(opId("mint"), operator.address, [2], [5])).wait();
    await (await contract.connect(admin).pause()).wait();
    await expect(op.issue(opId("mint-2"), operator.address, [2], [1])).to.be.revertedWithCustomError(
      contract,
      "EnforcedPause",
    );
    await expect(op.deliver(opId("claim"), holder.address, [2], [1])).to.be.revertedWithCustomError(
      contract,
      "EnforcedPause",
    );
    await expect(op.redeem(opId("burn"), [operator.address], [2], [1])).to.be.revertedWithCustomError(
      contract,
      "EnforcedPause",
    );
    await (await contract.connect(admin).unpause()).wait();
    await (await op.deliver(opId("claim"), holder.address, [2], [1])).wait();
    expect(await contract.balanceOf(holder.address, 2)).to.equal(1n);
  });

  it("reports ERC-1155 and AccessControl interfaces", async () => {
    const { contract } = await deploy();
    expect(await contract.supportsInterface("0xd9b67a26")).to.equal(true); // ERC-1155
    expect(await contract.supportsInterface("0x7965db0b")).to.equal(true); // AccessControl
  });
});
