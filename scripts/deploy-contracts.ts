// npm run contracts:deploy — deploy the contracts to the chain at RPC_URL with
// DEPLOYER_PRIVATE_KEY, waiting CHAIN_CONFIRMATIONS blocks; writes DATA_DIR/contracts.json.
import path from "node:path";
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
    confirmations: config.CHAIN_CONFIRMATIONS,
    dataDir: path.resolve(projectRoot, config.DATA_DIR),
  });
  console.log(`EvidenceAnchor deployed at ${deployment.anchor} on chain ${deployment.chainId}`);
  console.log(`Set ANCHOR_CONTRACT_ADDRESS=${deployment.anchor} for the app.`);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
