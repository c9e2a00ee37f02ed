// The local EVM chain used when RPC_URL is not set (a Hardhat node on 127.0.0.1), and the
// deployment of the project's contracts to whichever chain is configured.
import { spawn, type ChildProcess } from "node:child_process";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { ethers } from "ethers";
import { projectRoot } from "./migrations.ts";
import { stopProcess } from "./processes.ts";

const require = createRequire(import.meta.url);

/** Hardhat's first well-known development account: local chains only, never real funds. */
export const HARDHAT_DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
/** Hardhat's second development account: the coupons worker's on local chains (its own
 *  nonces, apart from the anchoring account's). */
export const HARDHAT_DEV_KEY_2 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

export interface LocalChain {
  rpcUrl: string;
  pid: number;
  stop(): Promise<void>;
  /** At once (a second Ctrl-C). */
  stopNow(): void;
}

export async function startLocalChain(port: number, log: (line: string) => void = () => {}): Promise<LocalChain> {
  const cli = path.join(path.dirname(require.resolve("hardhat/package.json")), "dist/src/cli.js");
  // A process group of its own, out of Ctrl-C's reach (the caller stops it after the web
  // and worker processes that use it); it exits with its parent through the IPC channel.
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--import",
      pathToFileURL(path.join(projectRoot, "scripts/lib/exit-with-parent.mjs")).href,
      cli,
      "node",
      "--hostname",
      "127.0.0.1",
      "--port",
      String(port),
    ],
    {
      cwd: projectRoot,
      detached: true,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" },
    },
  );
  child.channel?.unref();
  child.stdout!.on("data", (d: Buffer) => log(d.toString().trim()));
  child.stderr!.on("data", (d: Buffer) => log(d.toString().trim()));
  const rpcUrl = `http://127.0.0.1:${port}`;
  await waitForRpc(rpcUrl, 30_000, () => child.exitCode !== null);
  return {
    rpcUrl,
    pid: child.pid!,
    stop: () => stopProcess(child, { signal: "SIGINT", graceMs: 5000 }),
    stopNow: () => void child.kill("SIGKILL"),
  };
}

export async function waitForRpc(rpcUrl: string, timeoutMs: number, failed: () => boolean = () => false) {
  const started = Date.now();
  for (;;) {
    if (failed()) throw new Error(`the chain process exited before ${rpcUrl} answered`);
    try {
      const res = await fetch(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
        signal: AbortSignal.timeout(1000),
      });
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() - started > timeoutMs) throw new Error(`no answer from ${rpcUrl} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function artifact(name: string) {
  const file = path.join(projectRoot, "artifacts/contracts", `${name}.sol`, `${name}.json`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run contracts:compile\``);
  return JSON.parse(await readFile(file, "utf8")) as { abi: ethers.InterfaceAbi; bytecode: string };
}

export interface Deployment {
  chainId: number;
  anchor: string;
  coupons: string;
  deployedAt: string;
}

/** Deploys the contracts (waiting for `confirmations`) and records the addresses in
 *  DATA_DIR/contracts.json, where the app reads them when no address is configured. */
export async function deployContracts(opts: {
  rpcUrl: string;
  privateKey: string;
  couponOperator?: string;
  confirmations: number;
  dataDir: string;
}): Promise<Deployment> {
  const provider = new ethers.JsonRpcProvider(opts.rpcUrl);
  const wallet = new ethers.NonceManager(new ethers.Wallet(opts.privateKey, provider));
  const address = await wallet.getAddress();
  const { chainId } = await provider.getNetwork();
  const anchorArtifact = await artifact("EvidenceAnchor");
  const factory = new ethers.ContractFactory(anchorArtifact.abi, anchorArtifact.bytecode, wallet);
  const anchor = await factory.deploy(address, address);
  await anchor.deploymentTransaction()!.wait(opts.confirmations);
  const couponsArtifact = await artifact("Coupons");
  const coupons = await new ethers.ContractFactory(couponsArtifact.abi, couponsArtifact.bytecode, wallet).deploy(
    address,
    opts.couponOperator ?? address,
    "",
  );
  await coupons.deploymentTransaction()!.wait(opts.confirmations);
  const deployment: Deployment = {
    chainId: Number(chainId),
    anchor: await anchor.getAddress(),
    coupons: await coupons.getAddress(),
    deployedAt: new Date().toISOString(),
  };
  await mkdir(opts.dataDir, { recursive: true });
  await writeFile(path.join(opts.dataDir, "contracts.json"), JSON.stringify(deployment, null, 2) + "\n");
  provider.destroy();
  return deployment;
}
