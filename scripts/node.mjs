// The project's Node.js, in the style of Gradle's `gradlew`: every npm script runs its
// command through this file, so `npm start` and `npm test` work on a machine whose own
// Node is too old (ADR 0018).
//
//   node scripts/node.mjs <command> [args…]   run <command> with the project's Node first on PATH
//   node scripts/node.mjs --preinstall        refuse a plain `npm install` under a too-old Node
//
// 1. Node: the machine's own when it is new enough (package.json "engines"), else the
//    version in .nvmrc, installed once from the npm registry (the `node` package) into
//    .tools/ — nothing outside the project changes.
// 2. Dependencies: `npm install` run by that Node whenever package.json's dependencies or
//    package-lock.json changed since the last install, or an install made by another
//    Node left out Hardhat's native package (npm on Node 20 skips it).
// 3. The command, with that Node first on PATH (and as $NODE), so every `node`, every
//    `#!/usr/bin/env node` and every process.execPath below it is the project's Node.
//
// Plain JavaScript with no dependencies: it must run on whatever Node the machine has.
// Whatever goes wrong is said in one line with what to run, never a stack trace.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const toolsDir = process.env.PROJECT_TOOLS_DIR
  ? path.resolve(process.env.PROJECT_TOOLS_DIR)
  : path.join(root, ".tools");
const say = (line) => console.error(`[node] ${line}`);

class Refusal extends Error {}

/** "22.13" from ">=22.13" (package.json engines). */
export function minimumNode(engines) {
  const match = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(String(engines ?? "").trim());
  if (!match) throw new Refusal(`package.json "engines.node" must read ">=X.Y" (it reads ${JSON.stringify(engines)})`);
  return match[1];
}

/** True when version a ≥ version b ("22.23.3" ≥ "22.13"). */
export function atLeast(a, b) {
  const pa = a.replace(/^v/, "").split(".").map(Number);
  const pb = b.replace(/^v/, "").split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

const manifest = readJson(path.join(root, "package.json"));
const minimum = minimumNode(manifest.engines?.node);
const pinned = readFileSync(path.join(root, ".nvmrc"), "utf8").trim().replace(/^v/, "");
const localNodeDir = path.join(toolsDir, `node-${pinned}`);
const localNode = path.join(localNodeDir, "node_modules", "node", "bin", "node");

/** npm's own CLI script, to run under the project's Node (the machine's npm is a script too). */
function npmCli() {
  const candidates = [
    process.env.npm_execpath,
    path.join(path.dirname(process.execPath), "..", "lib", "node_modules", "npm", "bin", "npm-cli.js"),
  ];
  for (const file of candidates) if (file && /npm-cli\.js$/.test(file) && existsSync(file)) return file;
  const found = spawnSync("npm", ["root", "-g"], { encoding: "utf8" });
  const global = found.status === 0 ? path.join(found.stdout.trim(), "npm", "bin", "npm-cli.js") : "";
  if (global && existsSync(global)) return global;
  throw new Refusal(
    "npm is not on PATH: install Node.js with npm (e.g. `apt-get install nodejs npm`), then run `npm start`",
  );
}

/** The Node binary to run the project with, installing the pinned one when needed. */
function projectNode() {
  if (atLeast(process.versions.node, minimum)) return process.execPath;
  if (existsSync(localNode)) return localNode;
  if (process.env.PROJECT_NODE_BOOTSTRAP === "off") {
    throw new Refusal(
      `Node.js ${process.versions.node} is too old for this project (it needs ≥ ${minimum}): run \`npm start\` or \`npm test\` (they install Node.js ${pinned} into .tools/), or install Node.js ${pinned}`,
    );
  }
  say(
    `Node.js ${process.versions.node} is older than this project needs (≥ ${minimum}): installing Node.js ${pinned} from the npm registry into ${path.relative(root, localNodeDir) || localNodeDir} (once, ~45 MB)…`,
  );
  const started = Date.now();
  mkdirSync(toolsDir, { recursive: true });
  // Into a folder of its own, renamed into place when complete: an interrupted download
  // leaves nothing that looks installed, and two first runs at once do not collide.
  const partial = `${localNodeDir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  writeFileSync(
    path.join(partial, "package.json"),
    JSON.stringify({ private: true, description: "Node.js for this project, installed by scripts/node.mjs" }) + "\n",
  );
  const install = spawnSync(
    process.execPath,
    [npmCli(), "install", "--no-audit", "--no-fund", "--no-save", "--loglevel=error", `node@${pinned}`],
    {
      cwd: partial,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, npm_config_prefix: partial },
    },
  );
  const binary = path.join(partial, "node_modules", "node", "bin", "node");
  const check =
    install.status === 0 && existsSync(binary) ? spawnSync(binary, ["--version"], { encoding: "utf8" }) : null;
  if (!check || check.status !== 0 || !atLeast(check.stdout.trim(), minimum)) {
    rmSync(partial, { recursive: true, force: true });
    throw new Refusal(
      `could not install Node.js ${pinned} from the npm registry (is it reachable?): install Node.js ≥ ${minimum} yourself, or run \`npm start\` again`,
    );
  }
  try {
    renameSync(partial, localNodeDir);
  } catch {
    rmSync(partial, { recursive: true, force: true }); // another first run won the race
  }
  say(`Node.js ${check.stdout.trim()} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return localNode;
}

/** What an install depends on: the declared dependencies and the lockfile. */
function dependencyFingerprint() {
  const pkg = readJson(path.join(root, "package.json"));
  const declared = JSON.stringify([pkg.dependencies, pkg.devDependencies, pkg.optionalDependencies, pkg.overrides]);
  const lockFile = path.join(root, "package-lock.json");
  const lock = existsSync(lockFile) ? readFileSync(lockFile) : "";
  return createHash("sha256").update(declared).update(lock).digest("hex");
}

/** Hardhat's native EDR package for this platform (npm under an old Node drops it). */
export function hardhatNativeMissing(nodeModules) {
  const scope = path.join(nodeModules, "@nomicfoundation");
  if (!existsSync(path.join(scope, "edr"))) return false; // not installed at all: npm install's business
  const prefix = `edr-${process.platform}-${process.arch}`;
  return !readdirSync(scope).some((name) => name.startsWith(prefix));
}

const stampFile = path.join(root, "node_modules", ".project-install.json");

const HARDHAT_NATIVE_MISSING = `Hardhat's native package (@nomicfoundation/edr-${process.platform}-${process.arch}-…) is missing: run \`npm start\` (it reinstalls with Node.js ${pinned})`;

function dependenciesCurrent(node) {
  if (!existsSync(stampFile)) return false;
  let stamp;
  try {
    stamp = readJson(stampFile);
  } catch {
    return false;
  }
  return (
    stamp.fingerprint === dependencyFingerprint() &&
    atLeast(stamp.node, minimum) &&
    !hardhatNativeMissing(path.join(root, "node_modules")) &&
    existsSync(node)
  );
}

/** A lock folder, so that two commands started at once do not both run npm install. */
function withInstallLock(work) {
  mkdirSync(toolsDir, { recursive: true });
  const lock = path.join(toolsDir, "install.lock");
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, "pid"), String(process.pid));
      break;
    } catch {
      let holder = 0;
      try {
        holder = Number(readFileSync(path.join(lock, "pid"), "utf8"));
      } catch {
        /* being written */
      }
      const alive =
        holder > 0 &&
        (() => {
          try {
            process.kill(holder, 0);
            return true;
          } catch {
            return false;
          }
        })();
      const young = existsSync(lock) && Date.now() - statSync(lock).mtimeMs < 5000;
      if (!alive && !young) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline)
        throw new Refusal(`another install (pid ${holder}) holds ${lock}: wait for it, or remove that folder`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function installDependencies(node, env) {
  if (dependenciesCurrent(node)) return;
  withInstallLock(() => {
    if (dependenciesCurrent(node)) return; // done by the command that held the lock
    const first = !existsSync(path.join(root, "node_modules"));
    say(
      first
        ? "installing dependencies (first run: ~1 min)…"
        : "dependencies changed, or were installed by another Node: npm install…",
    );
    const started = Date.now();
    const result = spawnSync(node, [npmCli(), "install", "--no-audit", "--no-fund"], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...env, PROJECT_NODE_INSTALLING: "1" },
    });
    if (result.status !== 0)
      throw new Refusal("npm install failed (see above): fix what it names, then run the command again");
    if (hardhatNativeMissing(path.join(root, "node_modules"))) {
      throw new Refusal(
        `Hardhat's native package (@nomicfoundation/edr-${process.platform}-${process.arch}-…) is missing after npm install: run \`rm -rf node_modules && npm start\``,
      );
    }
    const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim().replace(/^v/, "");
    writeFileSync(
      stampFile,
      JSON.stringify({ fingerprint: dependencyFingerprint(), node: version, at: new Date().toISOString() }, null, 2) +
        "\n",
    );
    say(`dependencies ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
}

/** For entry points and tool configs (`import "./lib/node-guard.ts"`): under a Node that
 *  is too old, or (for Hardhat) without its native package, one line and exit 1 — before
 *  anything fails deeper down with a stack trace. */
export function requireProjectNode({ hardhat = false } = {}) {
  let problem = null;
  if (!atLeast(process.versions.node, minimum)) {
    problem = `Node.js ${process.versions.node} is too old for this project (it needs ≥ ${minimum}): run it through npm (\`npm start\`, \`npm test\`, \`npm run <script>\`), which brings Node.js ${pinned} for the project`;
  } else if (hardhat && hardhatNativeMissing(path.join(root, "node_modules"))) {
    problem = HARDHAT_NATIVE_MISSING;
  }
  if (!problem) return;
  say(problem);
  process.exit(1);
}

function run(args) {
  if (args[0] === "--preinstall") {
    // npm runs a project's preinstall after placing its dependencies: by then an old
    // Node's npm has already left out Hardhat's native package. Say so, and what to run.
    if (!atLeast(process.versions.node, minimum) && !process.env.PROJECT_NODE_INSTALLING) {
      throw new Refusal(
        `npm install ran on Node.js ${process.versions.node}, too old for this project (it needs ≥ ${minimum}): run \`npm start\` or \`npm test\` instead — they install Node.js ${pinned} for the project and install the dependencies with it`,
      );
    }
    return Promise.resolve(0);
  }
  if (args.length === 0) throw new Refusal("usage: node scripts/node.mjs <command> [args…]");
  const node = projectNode();
  const nodeDir = path.dirname(node);
  const env = {
    ...process.env,
    PATH: [nodeDir, path.join(root, "node_modules", ".bin"), process.env.PATH ?? ""].join(path.delimiter),
    NODE: node,
    npm_node_execpath: node,
  };
  // Inside `npm install` (its postinstall) the dependencies are being installed already.
  if (!process.env.PROJECT_NODE_INSTALLING && !process.env.npm_lifecycle_event?.endsWith("install"))
    installDependencies(node, env);
  else if (hardhatNativeMissing(path.join(root, "node_modules")) && /hardhat/.test(args.join(" "))) {
    throw new Refusal(HARDHAT_NATIVE_MISSING);
  }

  const [command, ...rest] = args;
  const child = spawn(command === "node" ? node : command, rest, { cwd: process.cwd(), env, stdio: "inherit" });
  // Ctrl-C reaches the whole process group, the command included: it decides how to stop
  // (npm start stops the platform in order). This process only waits for it; a signal
  // sent to this process alone is passed on.
  process.on("SIGINT", () => {});
  for (const signal of ["SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => {
    child.on("error", (error) => {
      say(
        error.code === "ENOENT"
          ? `${command}: command not found (run \`npm start\` once to install the dependencies)`
          : `${command}: ${error.message}`,
      );
      resolve(127);
    });
    child.on("exit", (code, signal) => {
      if (signal) {
        process.removeAllListeners(signal);
        process.kill(process.pid, signal);
      }
      resolve(code ?? 1);
    });
  });
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    process.exitCode = await run(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    say(error.message);
    process.exitCode = 1;
  }
}
