// The anchoring contract on the configured chain: RPC_URL, DEPLOYER_PRIVATE_KEY, and the
// contract at ANCHOR_CONTRACT_ADDRESS or in DATA_DIR/contracts.json (written by the deploy).
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import type { ethers } from "ethers";
import { getConfig, ConfigError } from "../config/config.server.ts";
import { ANCHOR_ABI } from "./contract.ts";

export interface AnchorChain {
  provider: ethers.JsonRpcProvider;
  wallet: ethers.Wallet;
  contract: ethers.Contract;
  address: string;
  chainId: number;
}

let current: { key: string; chain: Promise<AnchorChain> } | undefined;

/** Where a contract is: its configured address, else the deploy's record in DATA_DIR/contracts.json. */
export function deployedAddress(name: "anchor" | "coupons", configured: string | undefined): string | null {
  if (configured) return configured;
  const file = path.resolve(getConfig().DATA_DIR, "contracts.json");
  if (!existsSync(file)) return null;
  return (JSON.parse(readFileSync(file, "utf8")) as Record<string, string | undefined>)[name] ?? null;
}

export const anchorContractAddress = () => deployedAddress("anchor", getConfig().ANCHOR_CONTRACT_ADDRESS);

export function chainConfigured() {
  const config = getConfig();
  return !!(config.RPC_URL && config.DEPLOYER_PRIVATE_KEY && anchorContractAddress());
}

/** ethers, loaded when the chain is first used, not with the web process: it is ~30 MB
 *  of memory that a request for a results page never needs (ADR 0029). */
export const chainLibrary = async () => (await import("ethers")).ethers;

/** Calls time out (RPC_TIMEOUT_MS): an unreachable node must not hang the worker. */
export async function rpcProvider(url: string) {
  const ethers = await chainLibrary();
  const request = new ethers.FetchRequest(url);
  request.timeout = getConfig().RPC_TIMEOUT_MS;
  // No response cache: the machine asks again within milliseconds and must see the change.
  return new ethers.JsonRpcProvider(request, undefined, { staticNetwork: true, batchMaxCount: 1, cacheTimeout: -1 });
}

export function anchorChain(): Promise<AnchorChain> {
  const config = getConfig();
  const address = anchorContractAddress();
  if (!config.RPC_URL) throw new ConfigError("RPC_URL", "is required to anchor evidence", undefined);
  if (!config.DEPLOYER_PRIVATE_KEY)
    throw new ConfigError("DEPLOYER_PRIVATE_KEY", "is required to anchor evidence", undefined);
  if (!address)
    throw new ConfigError(
      "ANCHOR_CONTRACT_ADDRESS",
      "is required (or DATA_DIR/contracts.json from a deploy)",
      undefined,
    );
  const key = `${config.RPC_URL}|${address}`;
  if (current?.key !== key) {
    const chain = (async () => {
      const ethers = await chainLibrary();
      const provider = await rpcProvider(config.RPC_URL!);
      const { chainId } = await provider.getNetwork();
      const wallet = new ethers.Wallet(config.DEPLOYER_PRIVATE_KEY!, provider);
      return {
        provider,
        wallet,
        contract: new ethers.Contract(address, ANCHOR_ABI, wallet),
        address,
        chainId: Number(chainId),
      };
    })();
    chain.catch(() => (current = undefined));
    current = { key, chain };
  }
  return current.chain;
}

/** Forgets the connection (tests point the app at another chain). */
export function resetAnchorChain() {
  current = undefined;
}
