// Startup, as a newcomer meets it and as a developer does every day:
//  1. a fresh clone of this commit, `npm start` with only the machine's own Node on PATH
//     (Node 20 on this machine kind) and an empty npm cache: the README's first command,
//     which installs Node 22 into .tools/, the dependencies, builds the web app, initialises
//     the database, seeds, starts the chain and deploys — to the first 200 from /healthz;
//     then Ctrl-C, and `npm start` again in that clone (existing data directory);
//  2. in this working tree, with the web build made beforehand: an empty data directory,
//     then the existing one (the figures this benchmark has always printed).
// Each start is stopped with Ctrl-C as a terminal sends it (SIGINT to the process group).
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "../../scripts/lib/migrations.ts";
import { seconds } from "./lib.ts";

const PORT = 3200;
const baseEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(PORT),
    EMBEDDED_PG_PORT: "54359",
    CHAIN_PORT: "8565",
    LOG_LEVEL: "warn",
  };
  for (const key of Object.keys(env)) if (/^(npm_|VITEST|NODE$)/.test(key)) delete env[key];
  for (const key of [
    "DATABASE_URL",
    "RPC_URL",
    "ANCHOR_CONTRACT_ADDRESS",
    "COUPONS_CONTRACT_ADDRESS",
    "STRIPE_SECRET_KEY",
  ])
    delete env[key];
  return env;
};

interface Timed {
  seconds: number;
  stopSeconds: number;
  stopCode: number | null;
  log: string;
}

async function timedStart(
  label: string,
  cwd: string,
  command: string[],
  env: NodeJS.ProcessEnv,
  limitSeconds: number,
): Promise<Timed> {
  const t = performance.now();
  const child = spawn(command[0]!, command.slice(1), { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d: Buffer) => (log += d));
  child.stderr.on("data", (d: Buffer) => (log += d));
  let ms = -1;
  for (let i = 0; i < limitSeconds * 20 && child.exitCode === null; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${PORT}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) {
        ms = performance.now() - t;
        break;
      }
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const stopped = performance.now();
  const stopCode = await new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once("exit", (code) => resolve(code));
    process.kill(-child.pid!, "SIGINT");
  });
  const stopSeconds = seconds(performance.now() - stopped);
  console.log(
    `${label}: first 200 from /healthz after ${seconds(ms)} s; Ctrl-C stopped it in ${stopSeconds} s (exit ${stopCode})`,
  );
  if (ms < 0) throw new Error(`${label}: /healthz never answered:\n${log}`);
  return { seconds: seconds(ms), stopSeconds, stopCode, log };
}

/** A Node older than the project's minimum on this machine (the newcomer's), if any. */
function machineNode(): { dir: string; version: string } {
  for (const dir of ["/usr/bin", "/usr/local/bin"]) {
    const file = path.join(dir, "node");
    if (!existsSync(file)) continue;
    const version = spawnSync(file, ["--version"], { encoding: "utf8" }).stdout.trim();
    if (version) return { dir, version };
  }
  return { dir: path.dirname(process.execPath), version: process.version };
}

const phase = (log: string, re: RegExp) => Number(re.exec(log)?.[1] ?? NaN);

// 1. The newcomer: a fresh clone, the machine's own Node, an empty npm cache.
const machine = machineNode();
const scratch = await mkdtemp(path.join(os.tmpdir(), "startup-bench-"));
const clone = path.join(scratch, "project");
spawnSync("git", ["clone", "--quiet", projectRoot, clone], { stdio: "inherit" });
const newcomerEnv = {
  ...baseEnv(),
  PATH: `${machine.dir}:/usr/bin:/bin`,
  npm_config_cache: path.join(scratch, "npm-cache"),
};
console.log(`fresh clone in ${clone}; machine's Node ${machine.version}; empty npm cache`);
const first = await timedStart("fresh clone, first `npm start`", clone, ["npm", "start"], newcomerEnv, 900);
const again = await timedStart(
  "fresh clone, `npm start` again (existing data directory)",
  clone,
  ["npm", "start"],
  newcomerEnv,
  300,
);
const nodeInstallSeconds = phase(first.log, /Node\.js v[\d.]+ ready in ([\d.]+) s/);
const dependenciesSeconds = phase(first.log, /dependencies ready in ([\d.]+) s/);
const firstPhases = {
  nodeInstallSeconds,
  dependenciesSeconds,
  // The rest: web build, database initialised, migrations, seed, chain, deployment.
  platformSeconds: Math.round((first.seconds - (nodeInstallSeconds || 0) - (dependenciesSeconds || 0)) * 100) / 100,
};
console.log(`first command's phases: ${JSON.stringify(firstPhases)}`);
await rm(scratch, { recursive: true, force: true });

// 2. This working tree, the build made beforehand.
const treeEnv = { ...baseEnv(), DATA_DIR: ".data/bench-start" };
spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "vite:build"], {
  cwd: projectRoot,
  stdio: "ignore",
});
await rm(path.join(projectRoot, ".data/bench-start"), { recursive: true, force: true });
const startScript = [process.execPath, "--disable-warning=ExperimentalWarning", "--import", "tsx", "scripts/start.ts"];
const fresh = await timedStart("working tree, empty data directory", projectRoot, startScript, treeEnv, 300);
const existing = await timedStart("working tree, existing data directory", projectRoot, startScript, treeEnv, 300);

console.log(
  JSON.stringify({
    bench: "startup",
    machineNode: machine.version,
    freshCloneFirstCommandSeconds: first.seconds,
    ...firstPhases,
    freshCloneExistingDataDirSeconds: again.seconds,
    freshDataDirSeconds: fresh.seconds,
    existingDataDirSeconds: existing.seconds,
    stopSeconds: Math.max(first.stopSeconds, again.stopSeconds, fresh.stopSeconds, existing.stopSeconds),
    stopExitCodes: [first.stopCode, again.stopCode, fresh.stopCode, existing.stopCode],
  }),
);
process.exit(0);
