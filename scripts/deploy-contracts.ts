// npm run contracts:deploy — deploy the contracts to the chain at RPC_URL with
// DEPLOYER_PRIVATE_KEY, waiting CHAIN_CONFIRMATIONS blocks; writes DATA_DIR/contracts.json.
import "./lib/node-guard.ts";
import path from "node:path";
import { ethers } from "ethers";
import { getConfig, ConfigError } from "../web/config/config.server.ts";
import { deployContracts } from "./lib/chain.ts";
import { projectRoot } from "./lib/migrations.ts";

try {
  const config = getConfig();
  if (!config.RPC_URL) throw new ConfigError("RPC_URL", "is required to deploy", undefined);
  if (!config.DEPLOYER_PRIVATE_KEY) throw new ConfigError("DEPLOYER_PRIVATE_KEY", "is required to deploy", undefined);
  const deployment = await deployContracts({
    rpcUrl: config.RPC_URL,
    privateKey: config.DEPLOYER_PRIVATE_KEY,
    // The coupons worker's account (its own nonces); the deployer's when not configured.
    couponOperator: new ethers.Wallet(config.COUPON_OPERATOR_PRIVATE_KEY ?? config.DEPLOYER_PRIVATE_KEY).address,
    confirmations: config.CHAIN_CONFIRMATIONS,
    dataDir: path.resolve(projectRoot, config.DATA_DIR),
  });
  console.log(`EvidenceAnchor deployed at ${deployment.anchor} on chain ${deployment.chainId}`);
  console.log(`Coupons deployed at ${deployment.coupons}`);
  console.log(
    `Set ANCHOR_CONTRACT_ADDRESS=${deployment.anchor} and COUPONS_CONTRACT_ADDRESS=${deployment.coupons} for the app.`,
  );
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
