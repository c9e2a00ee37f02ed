// Issuing coupons on the local chain (a Hardhat node, automining): 100,000 coupons over
// 20 offers, minted by the real coupon worker in batches to the custody address. Prints
// total gas and gas per coupon; in the same run, the gas of minting one coupon per
// transaction (a sample of the same contract call), and the ratio (target ≤ 0.3).
// `--size N` changes the number of coupons.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { ethers } from "ethers";
import { deployContracts, HARDHAT_DEV_KEY, HARDHAT_DEV_KEY_2, startLocalChain } from "../../scripts/lib/chain.ts";
import { benchSize, scratchDatabase, seconds } from "./lib.ts";

const COUPONS = benchSize() ?? 100_000;
const OFFERS = 20;
const SINGLE_SAMPLE = 50;

const database = await scratchDatabase("coupons");
const chain = await startLocalChain(Number(process.env.BENCH_CHAIN_PORT ?? 8670));
const operator = new ethers.Wallet(HARDHAT_DEV_KEY_2);
const deployment = await deployContracts({
  rpcUrl: chain.rpcUrl,
  privateKey: HARDHAT_DEV_KEY,
  couponOperator: operator.address,
  confirmations: 1,
  dataDir: await mkdtemp(path.join(tmpdir(), "bench-coupons-")),
});
Object.assign(process.env, {
  DATABASE_URL: database.url,
  RPC_URL: chain.rpcUrl,
  DEPLOYER_PRIVATE_KEY: HARDHAT_DEV_KEY,
  COUPON_OPERATOR_PRIVATE_KEY: HARDHAT_DEV_KEY_2,
  COUPONS_CONTRACT_ADDRESS: deployment.coupons,
  CHAIN_CONFIRMATIONS: "1",
  LOG_LEVEL: "warn",
});
const { couponTick } = await import("../../web/coupons/issuing.server.ts");
const { COUPONS_ABI } = await import("../../web/coupons/contract.ts");
const couponsInterface = new ethers.Interface(COUPONS_ABI);
const { closeDb } = await import("../../web/db/db.server.ts");
const client = new pg.Client({ connectionString: database.url });
await client.connect();

// 20 offers (stock above what is issued, so the single-mint sample fits) and their coupons.
const { rows: sponsor } = await client.query<{ id: string }>(
  `INSERT INTO "Sponsor" (id, slug, "nameTh", "nameEn") VALUES (gen_random_uuid(), 'bench', 'bench', 'bench') RETURNING id`,
);
const perOffer = Math.ceil(COUPONS / OFFERS);
const { rows: offers } = await client.query<{ id: string; tokenId: number }>(
  `INSERT INTO "CouponOffer" (id, "sponsorId", "titleTh", "titleEn", "descriptionTh", "descriptionEn", "valueSatang", stock, "validFrom", "validUntil", "whereTh", "whereEn", rule)
   SELECT gen_random_uuid(), $1, 'o' || i, 'o' || i, '', '', 5000, $2, now() - interval '1 day', now() + interval '30 days', 'x', 'x', 'donor_min' FROM generate_series(1, $3) i
   RETURNING id, "tokenId"`,
  [sponsor[0]!.id, perOffer + SINGLE_SAMPLE, OFFERS],
);
await client.query(
  `INSERT INTO "Coupon" (id, "offerId", code, "holderPhone")
   SELECT gen_random_uuid(), ($1::uuid[])[1 + (i % $2)], upper(substr(md5(i::text), 1, 4) || '-' || substr(md5(i::text), 5, 4) || '-' || substr(md5(i::text), 9, 4)), '+6690' || lpad(i::text, 7, '0')
     FROM generate_series(0, $3 - 1) i`,
  [offers.map((o) => o.id), OFFERS, COUPONS],
);
console.log(`${COUPONS} coupons over ${OFFERS} offers waiting`);

const t = performance.now();
let ticks = 0;
for (;;) {
  ticks++;
  const report = await couponTick(new Date(), { grant: false });
  const open = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "CouponChainOp" WHERE status <> 'confirmed'`,
  );
  const unminted = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Coupon" WHERE "mintOpId" IS NULL`,
  );
  if (!report.sent && !report.confirmed && open.rows[0]!.n === 0 && unminted.rows[0]!.n === 0) break;
  if (ticks > 10_000) throw new Error("the coupon worker did not finish");
}
const took = seconds(performance.now() - t);
const { rows: ops } = await client.query<{ kind: string; n: number; gas: string; items: number }>(
  `SELECT kind, count(*)::int AS n, SUM("gasUsed")::text AS gas, SUM(items)::int AS items FROM "CouponChainOp" GROUP BY kind`,
);
const issue = ops.find((o) => o.kind === "issue")!;
const define = ops.find((o) => o.kind === "define")!;
const issueGas = Number(issue.gas);

// On-chain check: the custody holds every coupon of every offer.
const provider = new ethers.JsonRpcProvider(chain.rpcUrl, undefined, { cacheTimeout: -1 });
const wallet = new ethers.NonceManager(new ethers.Wallet(HARDHAT_DEV_KEY_2, provider));
const contract = new ethers.Contract(
  deployment.coupons,
  ["function balanceOf(address, uint256) view returns (uint256)"],
  provider,
);
let onChain = 0n;
for (const o of offers) onChain += (await contract.balanceOf!(operator.address, o.tokenId)) as bigint;

// The baseline, same contract, same run: one coupon per transaction.
const single: number[] = [];
for (let i = 0; i < SINGLE_SAMPLE; i++) {
  const data = couponsInterface.encodeFunctionData("issue", [
    ethers.id(`single-${i}`),
    operator.address,
    [offers[i % OFFERS]!.tokenId],
    [1],
  ]);
  const receipt = await (await wallet.sendTransaction({ to: deployment.coupons, data })).wait();
  single.push(Number(receipt!.gasUsed));
}
const singleGas = Math.round(single.reduce((a, b) => a + b, 0) / single.length);
const perCoupon = issueGas / COUPONS;

provider.destroy();
await client.end();
await closeDb();
await chain.stop();
await database.drop();

const figures = {
  bench: "coupons",
  coupons: COUPONS,
  offers: OFFERS,
  seconds: took,
  ticks,
  issueTransactions: issue.n,
  issueGas,
  gasPerCoupon: Math.round(perCoupon * 10) / 10,
  defineTransactions: define.n,
  defineGas: Number(define.gas),
  gasPerCouponWithDefines: Math.round(((issueGas + Number(define.gas)) / COUPONS) * 10) / 10,
  singleMintGas: singleGas,
  ratio: Math.round((perCoupon / singleGas) * 10000) / 10000,
  target: 0.3,
  custodyBalance: Number(onChain),
  exact: Number(onChain) === COUPONS,
};
console.log(
  `${COUPONS} coupons minted in ${issue.n} transactions (${took} s): ${figures.gasPerCoupon} gas per coupon vs ${singleGas} for one per transaction → ratio ${figures.ratio} (target ≤ 0.3); custody holds ${onChain}`,
);
console.log(JSON.stringify(figures));
process.exit(figures.exact ? 0 : 1);
