// npm start: the whole platform on one machine. Anything configured (DATABASE_URL,
// RPC_URL, …) is used as it is; anything not configured starts embedded.
import "./lib/node-guard.ts";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, statSync, readdirSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { getConfig, ConfigError, type Config } from "../web/config/config.server.ts";
import { openDatabase, portIsOpen } from "./lib/database.ts";
import { deployMigrations, projectRoot } from "./lib/migrations.ts";
import { RestartPolicy, SupervisorRecord } from "./lib/supervisor.ts";
import { ethers } from "ethers";
import {
  startLocalChain,
  deployContracts,
  keptDeployment,
  HARDHAT_DEV_KEY,
  HARDHAT_DEV_KEY_2,
  waitForRpc,
} from "./lib/chain.ts";
import { StripeStandin } from "./lib/stripe-standin.ts";
import { serviceArgs, stopProcess, webServiceOptions } from "./lib/processes.ts";
import { installSecrets } from "../web/accounts/secrets.server.ts";

const t0 = Date.now();
const say = (line: string) => console.log(`[start] ${line}`);
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

let config: Config;
try {
  config = getConfig();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
const dataDir = path.resolve(projectRoot, config.DATA_DIR);
await mkdir(dataDir, { recursive: true });

// Ctrl-C in a terminal sends SIGINT to the whole foreground process group at once. The
// web, worker, chain and database processes each run in a group of their own, out of its
// reach, so that this process stops them in order: web and worker first (they finish
// their requests and jobs and close their connections), then the chain, the payments
// stand-in and the database last. A second Ctrl-C stops everything at once (ADR 0018).
interface Stoppable {
  name: string;
  stop(): Promise<void>;
  stopNow(): void;
}
const services: Stoppable[] = []; // in start order; stopped in reverse
const children: Supervised[] = []; // web and worker, stopped first, together
const webProcesses: (Supervised & { port: number })[] = [];
let rolling = false;
const restartOf = new Map<string, () => Promise<ChildProcess>>();
const watchOf = new Map<string, (child: ChildProcess) => void>();
const supervision = new SupervisorRecord(path.join(dataDir, "supervisor.json"));
let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  const started = Date.now();
  say("stopping… (Ctrl-C again to stop at once)");
  // SIGINT: stop now, no other process to hand requests over to (SIGTERM, in a rolling
  // restart, lets a web process hand over first).
  await Promise.all(children.map((child) => stopProcess(child.current, { signal: "SIGINT", graceMs: 8_000 })));
  for (const service of [...services].reverse()) {
    await service
      .stop()
      .catch((e: unknown) =>
        console.error(`[start] ${service.name} did not stop cleanly: ${e instanceof Error ? e.message : e}`),
      );
  }
  say(
    `stopped in ${((Date.now() - started) / 1000).toFixed(1)} s; the data is kept in ${path.relative(projectRoot, dataDir) || dataDir}/`,
  );
  process.exit(code);
}
function stopNow() {
  say("stopping at once");
  for (const child of children) child.current.kill("SIGKILL");
  for (const service of services) service.stopNow();
  process.exit(130);
}
function onSignal() {
  if (stopping) stopNow();
  else void shutdown(0);
}
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);
process.on("SIGHUP", onSignal);

try {
  if (await portIsOpen(config.PORT)) throw new Error(`port ${config.PORT} is already in use (set PORT to use another)`);

  // This install's secrets, made once and kept with the data (unless configured).
  const secrets = installSecrets(dataDir);

  // 1. Database
  const database = await openDatabase((line) => process.env.DEBUG_POSTGRES && console.log(`[postgres] ${line}`), {
    own: true,
  });
  services.push({ name: "database", stop: database.stop, stopNow: database.stopNow });
  say(`${database.embedded ? "embedded PostgreSQL" : "PostgreSQL"} ready (${elapsed()})`);
  // The embedded server, started again if it dies (the web app answers 503 meanwhile).
  const embeddedServer = database.supervised?.server();
  if (database.supervised && embeddedServer) supervise("database", embeddedServer, database.supervised.restart);
  const applied = await deployMigrations(database.url);
  say(applied.length ? `applied ${applied.length} migration(s)` : "database schema up to date");
  process.env.DATABASE_URL = database.url;
  const { seedDemo, DEMO_ACCOUNTS } = await import("../prisma/seed.ts");
  await seedDemo(database.url);
  say(`demo data ready (${elapsed()})`);

  // 2. Chain and contracts
  let rpcUrl = config.RPC_URL;
  let anchorAddress = config.ANCHOR_CONTRACT_ADDRESS;
  let couponsAddress = config.COUPONS_CONTRACT_ADDRESS;
  const couponOperatorKey =
    config.COUPON_OPERATOR_PRIVATE_KEY ?? (config.RPC_URL ? config.DEPLOYER_PRIVATE_KEY : HARDHAT_DEV_KEY_2);
  if (!existsSync(path.join(projectRoot, "artifacts/contracts/Coupons.sol/Coupons.json"))) {
    await run(["node_modules/hardhat/dist/src/cli.js", "compile", "--quiet"]);
  }
  if (!rpcUrl) {
    // The local chain keeps its state in DATA_DIR/chain (anvil, where it runs), and is
    // started again with that state if it dies.
    const startChain = () => startLocalChain(config.CHAIN_PORT, () => {}, { stateDir: path.join(dataDir, "chain") });
    let chain = await startChain();
    services.push({ name: "chain", stop: () => chain.stop(), stopNow: () => chain.stopNow() });
    supervise("chain", chain.process, async () => {
      chain = await startChain();
      return chain.process;
    });
    rpcUrl = chain.rpcUrl;
    say(
      chain.persistent
        ? `local EVM chain (anvil, its state kept in ${path.relative(projectRoot, dataDir)}/chain) at ${rpcUrl} (${elapsed()})`
        : `local EVM chain (Hardhat node, starts empty) at ${rpcUrl} (${elapsed()})`,
    );
  } else {
    await waitForRpc(rpcUrl, 15_000);
  }
  // Contracts a kept chain still holds are used again, not deployed anew.
  const kept = !anchorAddress && !config.RPC_URL ? await keptDeployment(rpcUrl, dataDir) : null;
  if (kept) {
    anchorAddress = kept.anchor;
    couponsAddress = kept.coupons;
    say(`EvidenceAnchor at ${anchorAddress}, Coupons at ${couponsAddress}: kept on the chain since ${kept.deployedAt}`);
  }
  if (!anchorAddress) {
    const deployment = await deployContracts({
      rpcUrl,
      privateKey: config.DEPLOYER_PRIVATE_KEY ?? HARDHAT_DEV_KEY,
      couponOperator: new ethers.Wallet(couponOperatorKey ?? HARDHAT_DEV_KEY).address,
      confirmations: config.RPC_URL ? config.CHAIN_CONFIRMATIONS : 1,
      dataDir,
    });
    anchorAddress = deployment.anchor;
    couponsAddress = deployment.coupons;
    say(`EvidenceAnchor deployed at ${anchorAddress}, Coupons at ${couponsAddress}, on chain ${deployment.chainId}`);
  }

  // 3. Payments: Stripe when configured, else the demo stand-in (same SDK calls, same
  //    signed webhooks, a demo checkout page instead of Stripe's).
  const payments: Record<string, string> = {};
  if (!config.STRIPE_SECRET_KEY) {
    payments.STRIPE_SECRET_KEY = `sk_test_demo${randomBytes(12).toString("hex")}`;
    payments.STRIPE_WEBHOOK_SECRET = `whsec_demo${randomBytes(16).toString("hex")}`;
    const standin = new StripeStandin({
      secretKey: payments.STRIPE_SECRET_KEY,
      webhookSecret: payments.STRIPE_WEBHOOK_SECRET,
      deliverTo: `http://127.0.0.1:${config.PORT}/webhooks/stripe`,
      checkoutBase: "", // the demo checkout page is on the web app itself: a relative URL
    });
    payments.STRIPE_API_BASE = await standin.start();
    payments.PAYMENTS_DEMO = "true";
    // The demo's receipts name a clearly fictional issuer, unless one is configured (README: Receipts).
    const demoIssuer: Record<string, string> = {
      RECEIPT_ORG_NAME: "มูลนิธินับคะแนนอิสระ (ตัวอย่าง) / Independent Count Foundation (demo)",
      RECEIPT_ORG_ADDRESS: "99 ถนนตัวอย่าง แขวงตัวอย่าง เขตตัวอย่าง กรุงเทพฯ 10000 (ตัวอย่าง)",
      RECEIPT_ORG_TAX_ID: "0999999999999",
      RECEIPT_SIGNATORY: "นางสาวตัวอย่าง ใจดี, เหรัญญิก (ตัวอย่าง)",
    };
    for (const [key, value] of Object.entries(demoIssuer)) if (!process.env[key]) payments[key] = value;
    services.push({ name: "payments stand-in", stop: () => standin.stop(), stopNow: () => {} });
    say(`demo payments: a local Stripe stand-in at ${payments.STRIPE_API_BASE}`);
  }

  // 4. Web build (when missing or older than the sources)
  if (buildIsStale()) {
    say("building the web app…");
    await run(["node_modules/@remix-run/dev/dist/cli.js", "vite:build"]);
  }

  // 5. Worker and web processes
  const env = {
    ...process.env,
    DATABASE_URL: database.url,
    RPC_URL: rpcUrl,
    ANCHOR_CONTRACT_ADDRESS: anchorAddress,
    ...(couponsAddress ? { COUPONS_CONTRACT_ADDRESS: couponsAddress } : {}),
    ...(couponOperatorKey ? { COUPON_OPERATOR_PRIVATE_KEY: couponOperatorKey } : {}),
    DEPLOYER_PRIVATE_KEY: config.DEPLOYER_PRIVATE_KEY ?? HARDHAT_DEV_KEY,
    SESSION_SECRET: config.SESSION_SECRET ?? secrets.SESSION_SECRET,
    NATIONAL_ID_KEY: config.NATIONAL_ID_KEY ?? secrets.NATIONAL_ID_KEY,
    // Production mode, demo parts included: no stack trace reaches a browser (issue 17).
    // Cookies are marked Secure once the platform is served over HTTPS.
    NODE_ENV: process.env.NODE_ENV === "development" ? ("development" as const) : ("production" as const),
    SECURE_COOKIES: String(config.SECURE_COOKIES ?? config.PUBLIC_BASE_URL?.startsWith("https:") ?? false),
    ...payments,
  };
  // One of each by default; more with WORKERS and WEB_PROCESSES (web i on PORT + i, named
  // web, web-2, web-3…), each supervised on its own.
  const numbered = (name: string, i: number) => (i === 0 ? name : `${name}-${i + 1}`);
  for (let i = 0; i < config.WORKERS; i++)
    children.push(launch(numbered("worker", i), serviceArgs("jobs/worker.ts"), env));
  for (let i = 0; i < config.WEB_PROCESSES; i++) {
    const web = launch(numbered("web", i), serviceArgs("web/server.ts", webServiceOptions(config)), {
      ...env,
      PORT: String(config.PORT + i),
    });
    webProcesses.push(Object.assign(web, { port: config.PORT + i }));
    children.push(web);
  }
  for (const web of webProcesses) await waitForHttp(`http://127.0.0.1:${web.port}/healthz`, 60_000);
  // SIGUSR2: the web processes restarted one at a time, each serving again before the
  // next goes (a new build, a new configuration), while the others carry the load.
  process.on("SIGUSR2", () => void rollingRestart());

  console.log(`
  ┌──────────────────────────────────────────────────────────────
  │ Platform running (ready in ${elapsed()})
  │   web app      http://localhost:${config.PORT}${config.WEB_PROCESSES > 1 ? ` (and ${config.WEB_PROCESSES - 1} more web processes on the next ports)` : ""}${config.WORKERS > 1 ? `, ${config.WORKERS} workers` : ""}
  │   health       http://localhost:${config.PORT}/healthz   metrics /metrics
  │   database     ${database.embedded ? `embedded PostgreSQL, data in ${path.relative(projectRoot, dataDir)}/postgres` : "DATABASE_URL"} (${redact(database.url)})
  │   chain        ${config.RPC_URL ? "RPC_URL" : "local Hardhat node"} ${rpcUrl}, EvidenceAnchor ${anchorAddress}
  │   worker       pg-boss queues in the same database
  │   payments     ${payments.PAYMENTS_DEMO ? `demo mode (no real money): http://localhost:${config.PORT}/donate` : "Stripe (STRIPE_SECRET_KEY)"}
  │   SMS/e-mail   ${config.SMS_PROVIDER === "outbox" ? `development outbox: http://localhost:${config.PORT}/dev/outbox` : config.SMS_PROVIDER}
  │ Demo sign-in (codes arrive in the outbox):
${DEMO_ACCOUNTS.map((a) => `  │   0${a.phone.slice(3)}  ${a.role}`).join("\n")}
  │ Ctrl-C stops everything.
  └──────────────────────────────────────────────────────────────`);
} catch (error) {
  // Interrupted while starting: the shutdown under way says what happens.
  if (!stopping) {
    console.error(`[start] failed: ${error instanceof Error ? error.message : error}`);
    await shutdown(1);
  }
}

/** Starts a Node service (the web process, the worker) and keeps it running. */
function launch(name: string, args: string[], env: NodeJS.ProcessEnv): Supervised {
  const start = () => {
    // Its own process group (see shutdown), and an IPC channel whose end tells it that
    // this process has gone, however it went.
    const child = spawn(process.execPath, args, {
      cwd: projectRoot,
      env: { ...env, SERVICE_NAME: name },
      detached: true,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    child.channel?.unref();
    return child;
  };
  return supervise(name, start(), async () => start());
}

interface Supervised {
  name: string;
  /** The process running now (replaced at each restart). */
  current: ChildProcess;
  /** Set while the supervisor itself restarts it (a rolling restart): not a crash. */
  replacing?: boolean;
}

/** Restarts the web processes one at a time: each stops gracefully (its requests
 *  answered, new connections refused, so the load balancer sends them to the others),
 *  is started again, and serves before the next one goes. */
async function rollingRestart() {
  if (rolling || stopping) return;
  rolling = true;
  const started = Date.now();
  say(`rolling restart of ${webProcesses.length} web process(es)…`);
  try {
    for (const web of webProcesses) {
      if (stopping) return;
      const old = web.current;
      const handle = children.find((c) => c.name === web.name)!;
      handle.replacing = true;
      await stopProcess(old, { signal: "SIGTERM", graceMs: 10_000 });
      const replacement = await restartOf.get(web.name)!();
      handle.replacing = false;
      watchOf.get(web.name)!(replacement);
      await waitForHttp(`http://127.0.0.1:${web.port}/healthz`, 60_000);
      say(`${web.name} restarted (pid ${replacement.pid})`);
    }
    say(`rolling restart done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    rolling = false;
  }
}

/** Keeps a process running: one that dies is started again after a pause that grows with
 *  each crash (scripts/lib/supervisor.ts), one at a time, the others untouched; a start
 *  that fails counts as a crash; a crash loop stops the platform with one line. Each
 *  restart is logged and recorded (DATA_DIR/supervisor.json: /healthz, /metrics). */
function supervise(name: string, child: ChildProcess, start: () => Promise<ChildProcess>): Supervised {
  const policy = new RestartPolicy();
  const handle: Supervised = { name, current: child };
  const crashed = (how: string) => {
    if (stopping || handle.replacing) return;
    const next = policy.next();
    if ("giveUp" in next) {
      console.error(`[start] ${name} crashed ${next.crashes} times within a minute: stopping the platform`);
      supervision.update(name, { pid: null, lastExit: how });
      void shutdown(1);
      return;
    }
    console.error(
      `[start] ${name} exited (${how}); starting it again in ${(next.delayMs / 1000).toFixed(1)} s (restart ${policy.restarts})`,
    );
    supervision.update(name, { pid: null, lastExit: how, restarts: policy.restarts });
    setTimeout(() => {
      if (stopping) return;
      start().then(
        (replacement) => {
          if (stopping) return void replacement.kill("SIGTERM");
          watch(replacement);
          supervision.update(name, { lastRestartAt: new Date().toISOString() });
          say(`${name} running again (pid ${replacement.pid})`);
        },
        (error: unknown) => crashed(`start failed: ${error instanceof Error ? error.message : error}`),
      );
    }, next.delayMs);
  };
  const watch = (process: ChildProcess) => {
    handle.current = process;
    supervision.update(name, { pid: process.pid ?? null });
    process.once("exit", (code, signal) => crashed(String(signal ?? code)));
  };
  watch(child);
  restartOf.set(name, start);
  watchOf.set(name, (replacement) => {
    watch(replacement);
    supervision.update(name, { lastRestartAt: new Date().toISOString() });
  });
  return handle;
}

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: projectRoot, stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(" ")} exited with ${code}`))));
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "generated") continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsStale(): boolean {
  const built = path.join(projectRoot, "build/server/index.js");
  if (!existsSync(built)) return true;
  // The app's sources, its static files, and what builds them (the pages' own scripts, the
  // service worker, vite's configuration).
  const sources = ["web", "public", "vite.config.ts", "scripts/lib/page-scripts.ts", "scripts/lib/service-worker.ts"];
  const newest = Math.max(
    ...sources.map((source) => {
      const full = path.join(projectRoot, source);
      return statSync(full).isDirectory() ? newestMtime(full) : statSync(full).mtimeMs;
    }),
  );
  return newest > statSync(built).mtimeMs;
}

async function waitForHttp(url: string, timeoutMs: number) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

function redact(url: string) {
  return url.replace(/\/\/([^:/]+):[^@]+@/, "//$1:***@");
}
