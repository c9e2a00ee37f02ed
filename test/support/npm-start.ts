// `npm start` as a person runs it in a terminal — a process group of its own, a
// terminal's environment (nothing of the test run's, nothing configured) — and Ctrl-C as
// the terminal sends it. Shared by the start-stop and the cluster tests.
import { spawn } from "node:child_process";
import { projectRoot } from "../../scripts/lib/migrations.ts";

export interface Running {
  pid: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A terminal's environment with `settings`: nothing of this test run's (Vitest's
 *  variables turn off the Remix plugin in vite.config.ts) and nothing configured. */
export function terminalEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "info", ...settings };
  for (const key of Object.keys(env)) if (/^(VITEST|TEST$|NODE_ENV$|npm_)/.test(key)) delete env[key];
  for (const key of [
    "DATABASE_URL",
    "RPC_URL",
    "ANCHOR_CONTRACT_ADDRESS",
    "COUPONS_CONTRACT_ADDRESS",
    "STRIPE_SECRET_KEY",
  ])
    if (!(key in settings)) delete env[key];
  return env;
}

/** `npm start` in a process group of its own, as a terminal would run it. */
export function npmStart(settings: Record<string, string>): Running {
  const env = terminalEnv(settings);
  const child = spawn("npm", ["start"], { cwd: projectRoot, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d));
  child.stderr.on("data", (d: Buffer) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { pid: child.pid!, output: () => output, exited };
}

export async function ready(run: Running) {
  for (let i = 0; i < 1800; i++) {
    if (run.output().includes("Platform running")) return;
    const early = await Promise.race([
      run.exited.then(() => true),
      new Promise<false>((r) => setTimeout(() => r(false), 100)),
    ]);
    if (early) throw new Error(`npm start exited before it was ready:\n${run.output()}`);
  }
  throw new Error(`npm start was not ready after 180 s:\n${run.output()}`);
}

/** Ctrl-C: SIGINT to the whole process group; the time until npm exits. */
export async function ctrlC(run: Running, times = 1) {
  const started = performance.now();
  for (let i = 0; i < times; i++) {
    process.kill(-run.pid, "SIGINT");
    if (i + 1 < times) await new Promise((r) => setTimeout(r, 30));
  }
  const result = await run.exited;
  return { ...result, seconds: (performance.now() - started) / 1000 };
}
