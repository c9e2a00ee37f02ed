// The local EVM chain used when RPC_URL is not set (a Hardhat node on 127.0.0.1), and the
// deployment of the project's contracts to whichever chain is configured.
import { spawn, type ChildProcess } from "node:child_process";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
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
  process: ChildProcess;
  /** Whether it keeps its state across restarts (anvil with a state directory). */
  persistent: boolean;
  stop(): Promise<void>;
  /** At once (a second Ctrl-C). */
  stopNow(): void;
}

/** Anvil (Foundry's node, from the npm registry's @foundry-rs/anvil-linux-amd64), where
 *  this machine can run it: the chain that keeps its state (issue 41). */
export function anvilBinary(): string | null {
  if (process.platform !== "linux" || process.arch !== "x64") return null;
  try {
    return require.resolve("@foundry-rs/anvil-linux-amd64/bin/anvil");
  } catch {
    return null;
  }
}

/** A local chain on 127.0.0.1. With `stateDir` (npm start) it is anvil keeping its state
 *  there — written every second and on exit, loaded at start — so blocks, receipts,
 *  contracts and nonces survive a restart or a crash (at most the last second is lost).
 *  Without it (the tests), or where anvil cannot run, a Hardhat node that starts empty. */
export async function startLocalChain(
  port: number,
  log: (line: string) => void = () => {},
  opts: { stateDir?: string } = {},
): Promise<LocalChain> {
  const anvil = opts.stateDir ? anvilBinary() : null;
  const cli = path.join(path.dirname(require.resolve("hardhat/package.json")), "dist/src/cli.js");
  const exitWithParent = pathToFileURL(path.join(projectRoot, "scripts/lib/exit-with-parent.mjs")).href;
  if (anvil) {
    await mkdir(opts.stateDir!, { recursive: true });
    await stopLeftoverAnvil(path.join(opts.stateDir!, "anvil.pid"));
  }
  // A process group of its own, out of Ctrl-C's reach (the caller stops it after the web
  // and worker processes that use it); a Hardhat node exits with its parent through the
  // IPC channel, anvil when the supervisor stops it (or through its process group).
  const child: ChildProcess = anvil
    ? spawn(
        anvil,
        ["--host", "127.0.0.1", "--port", String(port), "--state", opts.stateDir!, "--state-interval", "1"],
        { cwd: projectRoot, detached: true, stdio: ["ignore", "pipe", "pipe"] },
      )
    : spawn(
        process.execPath,
        ["--import", exitWithParent, cli, "node", "--hostname", "127.0.0.1", "--port", String(port)],
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
  if (anvil) await writeFile(path.join(opts.stateDir!, "anvil.pid"), `${child.pid}\n`);
  const rpcUrl = `http://127.0.0.1:${port}`;
  await waitForRpc(rpcUrl, 30_000, () => child.exitCode !== null);
  return {
    rpcUrl,
    pid: child.pid!,
    process: child,
    persistent: !!anvil,
    // anvil writes its state on SIGINT/SIGTERM before it exits.
    stop: () => stopProcess(child, { signal: "SIGINT", graceMs: 5000 }),
    stopNow: () => void child.kill("SIGKILL"),
  };
}

/** The contracts recorded in DATA_DIR/contracts.json, when the chain still has their code
 *  (a chain that kept its state): deployed once, not again at every start. */
export async function keptDeployment(rpcUrl: string, dataDir: string): Promise<Deployment | null> {
  const file = path.join(dataDir, "contracts.json");
  if (!existsSync(file)) return null;
  const kept = JSON.parse(await readFile(file, "utf8")) as Deployment;
  const provider = new ethers.JsonRpcProvider(rpcUrl);
  try {
    const { chainId } = await provider.getNetwork();
    if (Number(chainId) !== kept.chainId) return null;
    const codes = await Promise.all([provider.getCode(kept.anchor), provider.getCode(kept.coupons)]);
    return codes.every((code) => code !== "0x") ? kept : null;
  } finally {
    provider.destroy();
  }
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

/** An anvil that a start killed at once left running (it does not exit with its parent):
 *  stopped politely — it writes its state — before a new one loads that state. */
async function stopLeftoverAnvil(pidFile: string) {
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, "utf8")).trim());
  const command = (() => {
    try {
      return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
    } catch {
      return null;
    }
  })();
  if (!pid || command !== "anvil") return;
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 50; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  process.kill(pid, "SIGKILL");
}
