// A replaced Coupons contract (a new deployment; npm start's local chain is new at every
// start): what was done on the old contract is done again on the new one.
import path from "node:path";
import { ethers } from "ethers";
import { afterAll, expect, it } from "vitest";
import { deployContracts, HARDHAT_DEV_KEY, HARDHAT_DEV_KEY_2, startLocalChain } from "../../scripts/lib/chain.ts";

const chain = await startLocalChain(8990 + Math.floor(Math.random() * 9));
const operator = new ethers.Wallet(HARDHAT_DEV_KEY_2);
// The address is read from DATA_DIR/contracts.json, as after `npm run contracts:deploy`.
const dataDir = path.resolve(process.env.DATA_DIR!);
const deploy = () =>
  deployContracts({
    rpcUrl: chain.rpcUrl,
    privateKey: HARDHAT_DEV_KEY,
    couponOperator: operator.address,
    confirmations: 1,
    dataDir,
  });
const first = await deploy();
Object.assign(process.env, {
  RPC_URL: chain.rpcUrl,
  DEPLOYER_PRIVATE_KEY: HARDHAT_DEV_KEY,
  COUPON_OPERATOR_PRIVATE_KEY: HARDHAT_DEV_KEY_2,
  RPC_TIMEOUT_MS: "2000",
});
afterAll(() => chain.stop());

const { db } = await import("../../web/db/db.server.ts");
const { couponTick } = await import("../../web/coupons/issuing.server.ts");
const { redeemCoupon } = await import("../../web/coupons/coupons.server.ts");
const provider = new ethers.JsonRpcProvider(chain.rpcUrl, undefined, { cacheTimeout: -1 });
const balance = (contract: string, tokenId: number) =>
  new ethers.Contract(contract, ["function balanceOf(address, uint256) view returns (uint256)"], provider).balanceOf!(
    operator.address,
    tokenId,
  ) as Promise<bigint>;
async function settle() {
  for (let i = 0; i < 40; i++) {
    const r = await couponTick(new Date(), { grant: false });
    if (!r.sent && !r.confirmed && !(await db().couponChainOp.count({ where: { status: { not: "confirmed" } } })))
      return;
  }
  throw new Error("did not settle");
}

it("mints, and burns what was redeemed, again on the new contract", async () => {
  const sponsor = await db().sponsor.create({ data: { slug: "s", nameTh: "s", nameEn: "s" } });
  const offer = await db().couponOffer.create({
    data: {
      sponsorId: sponsor.id,
      titleTh: "o",
      titleEn: "o",
      descriptionTh: "",
      descriptionEn: "",
      valueSatang: 100,
      stock: 10,
      rule: "donor_min",
      ruleMinSatang: 1,
      validFrom: new Date(Date.now() - 86_400_000),
      validUntil: new Date(Date.now() + 86_400_000),
      whereTh: "x",
      whereEn: "x",
    },
  });
  for (const [i, code] of ["AAAA-0000-0001", "AAAA-0000-0002", "AAAA-0000-0003"].entries())
    await db().coupon.create({ data: { offerId: offer.id, code, holderPhone: `+6681000000${i}` } });
  await settle();
  expect(await balance(first.coupons, offer.tokenId)).toBe(3n);
  await redeemCoupon("AAAA-0000-0001", sponsor.id, sponsor.id);
  await settle();
  expect(await balance(first.coupons, offer.tokenId)).toBe(2n);

  const second = await deploy(); // contracts.json now names the new contract
  expect(second.coupons).not.toBe(first.coupons);
  await settle();
  expect(await balance(second.coupons, offer.tokenId)).toBe(2n); // 3 minted again, the redeemed one burned again
  const ops = await db().couponChainOp.findMany();
  expect(new Set(ops.map((o) => o.contract))).toEqual(new Set([second.coupons.toLowerCase()]));
  expect(await db().couponEvent.count({ where: { kind: "minted" } })).toBe(3); // history is not doubled
});

it("a chain that loses confirmed transactions (a deep reorg, a reset): they are sent again under their once-only ids, not waited on forever", async () => {
  const offer = await db().couponOffer.findFirstOrThrow();
  const { coupons } = JSON.parse(
    await (await import("node:fs/promises")).readFile(path.join(dataDir, "contracts.json"), "utf8"),
  ) as { coupons: string };
  const before = await balance(coupons, offer.tokenId);
  const snapshot = (await provider.send("evm_snapshot", [])) as string;
  for (const [i, code] of ["AAAA-0000-0004", "AAAA-0000-0005"].entries())
    await db().coupon.create({ data: { offerId: offer.id, code, holderPhone: `+6681000001${i}` } });
  await settle();
  expect(await balance(coupons, offer.tokenId)).toBe(before + 2n);
  const minted = await db().couponEvent.count({ where: { kind: "minted" } });

  // The chain goes back to before the mint: the database still says "confirmed".
  expect(await provider.send("evm_revert", [snapshot])).toBe(true);
  expect(await balance(coupons, offer.tokenId)).toBe(before);
  await settle();
  expect(await balance(coupons, offer.tokenId)).toBe(before + 2n);
  const resent = await db().couponChainOp.findFirstOrThrow({ where: { kind: "issue" }, orderBy: { seq: "desc" } });
  expect(resent.status).toBe("confirmed");
  expect(resent.txHashes.length).toBeGreaterThanOrEqual(2); // the lost transaction and the one sent again
  expect(await db().couponEvent.count({ where: { kind: "minted" } })).toBe(minted); // history not doubled
});
