// `npm start` to the first 200 from /healthz: once on an empty data directory (initdb,
// migrations, seed, chain, deploy) and then again on the existing one (the figure the
// issue asks for). The web build is made beforehand so that neither run includes it.
import { spawn, spawnSync } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import { projectRoot } from "../../scripts/lib/migrations.ts";
import { seconds } from "./lib.ts";

const env: NodeJS.ProcessEnv = { ...process.env, PORT: "3200", DATA_DIR: ".data/bench-start", EMBEDDED_PG_PORT: "54359", CHAIN_PORT: "8565", LOG_LEVEL: "warn" };
delete env.DATABASE_URL;
delete env.RPC_URL;

spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "vite:build"], { cwd: projectRoot, stdio: "ignore" });
await rm(path.join(projectRoot, ".data/bench-start"), { recursive: true, force: true });

async function timedStart(label: string) {
  const t = performance.now();
  const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", "--import", "tsx", "scripts/start.ts"], { cwd: projectRoot, env, stdio: "ignore" });
  let ms = -1;
  for (let i = 0; i < 1200 && child.exitCode === null; i++) {
    try {
      const res = await fetch("http://127.0.0.1:3200/healthz", { signal: AbortSignal.timeout(1000) });
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
  await new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGINT");
  });
  console.log(`${label}: first 200 from /healthz after ${seconds(ms)} s; stopped in ${seconds(performance.now() - stopped)} s`);
  if (ms < 0) throw new Error(`${label}: /healthz never answered`);
  return { seconds: seconds(ms), stopSeconds: seconds(performance.now() - stopped) };
}

const fresh = await timedStart("empty data directory");
const existing = await timedStart("existing data directory");
console.log(JSON.stringify({ bench: "startup", freshDataDirSeconds: fresh.seconds, existingDataDirSeconds: existing.seconds, stopSeconds: existing.stopSeconds }));
process.exit(0);
