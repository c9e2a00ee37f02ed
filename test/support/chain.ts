// A local chain for the tests and benchmarks that anchor: a Hardhat node on `port`, the
// contracts deployed to it, and this process's configuration pointed at it (before the
// platform's modules read it).
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { deployContracts, HARDHAT_DEV_KEY, startLocalChain } from "../../scripts/lib/chain.ts";

export async function anchoringChain(port: number, label: string, env: Record<string, string> = {}) {
  const chain = await startLocalChain(port);
  const deployment = await deployContracts({
    rpcUrl: chain.rpcUrl,
    privateKey: HARDHAT_DEV_KEY,
    confirmations: 1,
    dataDir: await mkdtemp(path.join(tmpdir(), `${label}-`)),
  });
  Object.assign(process.env, {
    RPC_URL: chain.rpcUrl,
    DEPLOYER_PRIVATE_KEY: HARDHAT_DEV_KEY,
    ANCHOR_CONTRACT_ADDRESS: deployment.anchor,
    ...env,
  });
  return { chain, deployment };
}
