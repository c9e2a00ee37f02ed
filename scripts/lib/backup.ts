// Backup and restore of an install (issue 41; ADR 0046): the embedded PostgreSQL as a
// physical base backup taken while it runs (PostgreSQL's own low-level backup API: the
// copy plus the write-ahead log that makes it consistent, as pg_basebackup would write
// it — no pg_dump of the server's version exists on the npm registry or in Debian 12),
// the file store (count photos, imports), the local chain's state, the deployed
// contracts' addresses and the install's secrets (the key that opens the stored files and
// sealed tax IDs: without it a restore cannot read them — keep a backup as safe as them).
import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { chmod, chown, copyFile, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import path from "node:path";
import pg from "pg";

/** What an install keeps under DATA_DIR, besides the database (postgres/). */
const KEPT = ["files", "chain", "contracts.json", "secrets.json"] as const;

/** Kept in a base backup: the cluster's files, not those PostgreSQL remakes at start or
 *  that describe the running server (as pg_basebackup leaves them out). */
const SKIPPED_CONTENTS = new Set([
  "pg_wal",
  "pg_replslot",
  "pg_stat_tmp",
  "pg_dynshmem",
  "pg_notify",
  "pg_serial",
  "pg_snapshots",
  "pg_subtrans",
]);
const SKIPPED_FILES = new Set(["postmaster.pid", "postmaster.opts", "backup_label.old", "tablespace_map.old"]);

export interface BackupManifest {
  createdAt: string;
  /** Where the database's copy becomes consistent (pg_backup_stop's LSN). */
  walEnd: string | null;
  /** The schema's migrations applied when it was taken: a restore needs the same code. */
  migrations: string[];
  /** Every copied file outside the database, with its size and SHA-256. */
  files: { path: string; bytes: number; sha256: string }[];
}

export interface BackupInput {
  dataDir: string;
  /** The election database. */
  databaseUrl: string;
  /** Whether it is the embedded cluster under DATA_DIR/postgres (copied); a configured
   *  DATABASE_URL is backed up with its provider's tools. */
  embedded: boolean;
  out: string;
  log?: (line: string) => void;
}

export async function backup(input: BackupInput): Promise<BackupManifest> {
  const log = input.log ?? (() => {});
  if (existsSync(input.out) && (await readdir(input.out)).length > 0)
    throw new BackupError(`${input.out} is not empty: a backup goes into a new folder`);
  await mkdir(input.out, { recursive: true });
  let walEnd: string | null = null;
  if (input.embedded) {
    walEnd = await baseBackup(
      path.join(input.dataDir, "postgres"),
      input.databaseUrl,
      path.join(input.out, "postgres"),
    );
    log(`database copied, consistent at ${walEnd}`);
  } else log("DATABASE_URL is configured: back that database up with its provider's tools (not copied here)");
  const migrations = await appliedMigrations(input.databaseUrl);
  const files: BackupManifest["files"] = [];
  for (const name of KEPT) {
    const from = path.join(input.dataDir, name);
    if (!existsSync(from)) continue;
    // Not the chain's process id: a restore on this machine would stop the running chain.
    const copied = await copyTree(from, path.join(input.out, name), (relative) => relative !== "anvil.pid");
    if (name === "chain") await copyWhole(path.join(from, "state.json"), path.join(input.out, name, "state.json"));
    for (const file of copied)
      files.push({
        path: path.relative(input.out, file),
        bytes: (await stat(file)).size,
        sha256: await sha256Of(file),
      });
  }
  log(`${files.length} files copied (file store, chain state, contracts, secrets)`);
  const manifest: BackupManifest = { createdAt: new Date().toISOString(), walEnd, migrations, files };
  await writeFile(path.join(input.out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n", { mode: 0o600 });
  return manifest;
}

/** A base backup of a running cluster: pg_backup_start, a copy of its files,
 *  pg_backup_stop, its backup label written into the copy, and the write-ahead log from
 *  the start to the stop — kept from being recycled meanwhile by a temporary replication
 *  slot of the backup's own session. Started from the copy, PostgreSQL replays that log
 *  and is consistent at the returned LSN. */
async function baseBackup(clusterDir: string, clusterUrl: string, out: string): Promise<string> {
  const client = new pg.Client({ connectionString: clusterUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_create_physical_replication_slot($1, true, true)", [`backup_${process.pid}`]);
    await client.query("SELECT pg_backup_start($1, true)", [`election-watch ${new Date().toISOString()}`]);
    await copyTree(clusterDir, out, (relative) => {
      const [top, ...rest] = relative.split(path.sep);
      return !(SKIPPED_FILES.has(relative) || (SKIPPED_CONTENTS.has(top!) && rest.length > 0));
    });
    const { rows } = await client.query<{ lsn: string; labelfile: string; spcmapfile: string }>(
      "SELECT lsn::text, labelfile, spcmapfile FROM pg_backup_stop(false)",
    );
    const stop = rows[0]!;
    await writeFile(path.join(out, "backup_label"), stop.labelfile, { mode: 0o600 });
    if (stop.spcmapfile) await writeFile(path.join(out, "tablespace_map"), stop.spcmapfile, { mode: 0o600 });
    // The log's segments, after the stop (which switched to a new segment): every record
    // from the backup's start is in them.
    const wal = path.join(clusterDir, "pg_wal");
    for (const name of await readdir(wal))
      if (/^[0-9A-F]{24}(\.partial)?$|\.history$/.test(name))
        await copyFile(path.join(wal, name), path.join(out, "pg_wal", name)).catch(ignoreVanished);
    return stop.lsn;
  } finally {
    await client.end(); // the temporary slot goes with the session
  }
}

/** Copies a backup into a data directory that has none of its parts yet. */
export async function restore(input: { from: string; dataDir: string; log?: (line: string) => void }) {
  const log = input.log ?? (() => {});
  const manifestFile = path.join(input.from, "manifest.json");
  if (!existsSync(manifestFile)) throw new BackupError(`${input.from} has no manifest.json: not a backup`);
  const manifest = JSON.parse(await readFile(manifestFile, "utf8")) as BackupManifest;
  for (const name of ["postgres", ...KEPT])
    if (existsSync(path.join(input.dataDir, name)))
      throw new BackupError(
        `${path.join(input.dataDir, name)} exists: restore into a new DATA_DIR (or move the old one away)`,
      );
  for (const file of manifest.files) {
    const sum = await sha256Of(path.join(input.from, file.path)).catch(() => null);
    if (sum !== file.sha256) throw new BackupError(`${file.path} is missing or damaged in the backup`);
  }
  await mkdir(input.dataDir, { recursive: true });
  for (const name of KEPT)
    if (existsSync(path.join(input.from, name)))
      await copyTree(path.join(input.from, name), path.join(input.dataDir, name));
  if (existsSync(path.join(input.from, "postgres"))) {
    const cluster = path.join(input.dataDir, "postgres");
    await copyTree(path.join(input.from, "postgres"), cluster);
    // PostgreSQL refuses a data directory others can read, and runs as `postgres` under root.
    await chmod(cluster, 0o700);
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
      const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
      await chownTree(cluster, uid, gid);
    }
  }
  log(
    `restored the backup of ${manifest.createdAt} (${manifest.files.length} files${manifest.walEnd ? ", the database" : ""}) into ${input.dataDir}`,
  );
  return manifest;
}

export class BackupError extends Error {}

/** The chain writes its state every second: a copy caught mid-write is taken again. */
async function copyWhole(from: string, to: string) {
  for (let attempt = 0; existsSync(from); attempt++) {
    try {
      JSON.parse(await readFile(to, "utf8"));
      return;
    } catch (error) {
      if (attempt >= 10) throw new BackupError(`${from} could not be copied whole: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 200));
      await copyFile(from, to);
    }
  }
}

async function appliedMigrations(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    return rows.map((r) => r.migration_name);
  } finally {
    await client.end();
  }
}

/** Copies a file or a folder, keeping modes; a file that vanishes while it is copied (a
 *  table dropped, a temporary file) is left out. Returns the files written. */
async function copyTree(from: string, to: string, keep: (relative: string) => boolean = () => true) {
  const written: string[] = [];
  const walk = async (relative: string) => {
    const source = path.join(from, relative);
    const target = path.join(to, relative);
    const info = await stat(source).catch(ignoreVanished);
    if (!info) return;
    if (info.isDirectory()) {
      await mkdir(target, { recursive: true, mode: info.mode & 0o777 });
      const names = await readdir(source).catch(ignoreVanished);
      for (const name of (names ?? []).sort()) {
        const child = path.join(relative, name);
        if (keep(child)) await walk(child);
      }
    } else if (info.isFile()) {
      await mkdir(path.dirname(target), { recursive: true });
      if ((await copyFile(source, target).then(() => true, ignoreVanished)) === true) {
        await chmod(target, info.mode & 0o777);
        written.push(target);
      }
    }
  };
  await walk("");
  return written;
}

async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  await chown(dir, uid, gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(child, uid, gid);
    else await chown(child, uid, gid);
  }
}

function ignoreVanished(error: NodeJS.ErrnoException): undefined {
  if (error.code === "ENOENT") return undefined;
  throw error;
}

function sha256Of(file: string) {
  return new Promise<string>((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(file)
      .on("data", (d) => hash.update(d))
      .on("end", () => resolve(hash.digest("hex")))
      .on("error", reject);
  });
}
