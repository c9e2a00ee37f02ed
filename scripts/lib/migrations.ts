// Prisma migrations without the native schema engine: Prisma's own WASM schema engine
// (same engine commit as the CLI's binary) driven through the pg driver adapter.
// It reads and writes the standard prisma/migrations/<timestamp>_<name>/migration.sql
// folders and the standard _prisma_migrations table, so the stock CLI can take over
// wherever its binary can be downloaded. See docs/decisions/0003-migrations-wasm-engine.md.
import { readdir, readFile, mkdir, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";

export const projectRoot = path.resolve(import.meta.dirname, "../..");
export const schemaPath = path.join(projectRoot, "prisma/schema.prisma");
export const migrationsDir = path.join(projectRoot, "prisma/migrations");

const emptyFilter = { externalTables: [], externalEnums: [] };

/** Connection fields, given separately: a connectionString would also win over the
 *  shadow database's name, silently diffing against the real database. */
export function pgConfigFromUrl(url: string) {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname),
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, "")),
  };
}

let adapterPatched = false;
const COLUMN_TYPE_CHARACTER = 6; // ColumnTypeEnum.Character in @prisma/driver-adapter-utils
const queryScope = new AsyncLocalStorage<{ charColumns: number[] }>();

/** The pg adapter (1) cannot deserialise the catalog type `"char"` (pg_constraint.contype
 *  and friends) that the schema describer reads as a Rust char, and (2) splits scripts
 *  on every `;`, which breaks `$$` function bodies. Patch both on its queryable class. */
function patchAdapter(adapter: object) {
  if (adapterPatched) return;
  let proto = Object.getPrototypeOf(adapter);
  while (proto && !Object.hasOwn(proto, "performIO")) proto = Object.getPrototypeOf(proto);
  if (!proto) throw new Error("pg adapter layout changed: performIO not found");
  const { performIO, queryRaw } = proto;
  proto.performIO = async function (this: unknown, ...args: unknown[]) {
    const result = await performIO.apply(this, args);
    const scope = queryScope.getStore();
    (result.fields ?? []).forEach((field: { dataTypeID: number }, i: number) => {
      if (field.dataTypeID !== 18) return;
      field.dataTypeID = 25; // read as text, then typed as a character below
      scope?.charColumns.push(i);
    });
    return result;
  };
  proto.queryRaw = async function (this: unknown, ...args: unknown[]) {
    const scope = { charColumns: [] as number[] };
    const result = await queryScope.run(scope, () => queryRaw.apply(this, args));
    for (const i of scope.charColumns) result.columnTypes[i] = COLUMN_TYPE_CHARACTER;
    return result;
  };
  // executeScript may be defined on the adapter's own class, above the queryable one.
  let scriptProto = Object.getPrototypeOf(adapter);
  while (scriptProto && !Object.hasOwn(scriptProto, "executeScript")) scriptProto = Object.getPrototypeOf(scriptProto);
  (scriptProto ?? proto).executeScript = async function (
    this: { client: { query(q: string): Promise<unknown> }; onError(e: unknown): never },
    script: string,
  ) {
    try {
      await this.client.query(script);
    } catch (error) {
      this.onError(error);
    }
  };
  adapterPatched = true;
}

class PatchedPrismaPg extends PrismaPg {
  /** Connections the engine opened; it never closes them itself. */
  readonly opened: { dispose(): Promise<void> }[] = [];

  override async connect() {
    const adapter = await super.connect();
    patchAdapter(adapter);
    this.opened.push(adapter);
    return adapter;
  }
  /** The stock version drops the shadow database before closing its own pool, which
   *  Postgres refuses ("being accessed by other users"): close first, then drop. */
  override async connectToShadowDb() {
    const main = await this.connect();
    const database = `prisma_migrate_shadow_db_${randomUUID().replaceAll("-", "")}`;
    await main.executeScript(`CREATE DATABASE "${database}"`);
    const pool = new pg.Pool({ ...(this as unknown as { config: pg.PoolConfig }).config, database });
    const shadow = await new PrismaPg(pool).connect();
    patchAdapter(shadow);
    shadow.dispose = async () => {
      await pool.end();
      await main.executeScript(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await main.dispose();
    };
    return shadow;
  }
}

interface OpenEngine {
  engine: SchemaEngine;
  close(): Promise<void>;
}

async function openEngine(databaseUrl: string): Promise<OpenEngine> {
  const { SchemaEngine } = await import("@prisma/schema-engine-wasm");
  const schema = await readFile(schemaPath, "utf8");
  const log = (line: string) => {
    if (process.env.MIGRATE_DEBUG) console.error("[schema-engine]", line);
  };
  const adapters = new PatchedPrismaPg(pgConfigFromUrl(databaseUrl));
  const engine = await SchemaEngine.new(
    { datamodels: [[schemaPath, schema]] },
    log,
    bindMigrationAwareSqlAdapterFactory(adapters),
  );
  return {
    engine,
    async close() {
      engine.free();
      await Promise.all(adapters.opened.map((a) => a.dispose().catch(() => {})));
    },
  };
}

export async function loadMigrations(dir = migrationsDir): Promise<MigrationList> {
  const entries = existsSync(dir) ? await readdir(dir, { withFileTypes: true }) : [];
  const folders = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const lockPath = path.join(dir, "migration_lock.toml");
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? await readFile(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      folders.map(async (name) => {
        const file = path.join(dir, name, "migration.sql");
        const content = existsSync(file)
          ? { tag: "ok" as const, value: await readFile(file, "utf8") }
          : { tag: "error" as const, value: `${file} is missing` };
        return { path: name, migrationFile: { path: "migration.sql", content } };
      }),
    ),
  };
}

/** Applies pending migrations, then the SQL functions; returns the names applied. A test
 *  of a migration passes the folders up to the one before it, and no functions. */
export async function deployMigrations(
  databaseUrl: string,
  options: { migrations?: string; functions?: string | null } = {},
): Promise<string[]> {
  const { engine, close } = await openEngine(databaseUrl);
  try {
    const out = await engine.applyMigrations({
      migrationsList: await loadMigrations(options.migrations ?? migrationsDir),
      filters: emptyFilter,
    });
    if (options.functions !== null) await applyFunctions(databaseUrl, options.functions ?? functionsDir);
    return out.appliedMigrationNames;
  } finally {
    await close();
  }
}

export const functionsDir = path.join(projectRoot, "prisma/functions");

/** The SQL functions' current definitions (prisma/functions/<name>.sql, one function a
 *  file, `CREATE OR REPLACE`), applied after the migrations on every deploy, in one
 *  transaction. Prisma's schema does not know functions; the migrations that first
 *  created them stay as history, and these files are where a reader finds them. */
export async function applyFunctions(databaseUrl: string, dir = functionsDir): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const files = (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  const client = new pg.Client(pgConfigFromUrl(databaseUrl));
  await client.connect();
  try {
    await client.query("BEGIN");
    for (const file of files) await client.query(await readFile(path.join(dir, file), "utf8"));
    await client.query("COMMIT");
    return files.map((f) => f.replace(/\.sql$/, ""));
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

/** Drops everything in the database's public schema, then applies all migrations.
 *  (The engine's own reset takes ~10 s here; dropping the schema takes milliseconds.) */
export async function resetDatabase(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client(pgConfigFromUrl(databaseUrl));
  await client.connect();
  try {
    await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
  } finally {
    await client.end();
  }
  return deployMigrations(databaseUrl);
}

/** SQL that takes the migrations folder to schema.prisma ("" when they agree).
 *  The migrations are replayed into a temporary shadow database. */
export async function pendingSchemaChange(
  databaseUrl: string,
  schemaFile = schemaPath,
  dir = migrationsDir,
): Promise<string> {
  const { engine, close } = await openEngine(databaseUrl);
  try {
    const schema = await readFile(schemaFile, "utf8");
    const migrations = await loadMigrations(dir);
    const result = await engine.diff({
      from: migrations.migrationDirectories.length ? { tag: "migrations", ...migrations } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: schemaFile, content: schema }] },
      script: true,
      exitCode: null,
      filters: emptyFilter,
    });
    const sql = (result.stdout ?? "").trim();
    return sql === "-- This is an empty migration." ? "" : sql;
  } finally {
    await close();
  }
}

/** Writes a new migration folder for whatever schema.prisma changed; null when nothing did. */
export async function createMigration(databaseUrl: string, name: string): Promise<string | null> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Migration name must be lower_snake_case, got "${name}"`);
  const sql = await pendingSchemaChange(databaseUrl);
  if (!sql) return null;
  const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const folder = path.join(migrationsDir, `${stamp}_${name}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, "migration.sql"), sql + "\n");
  const lock = path.join(migrationsDir, "migration_lock.toml");
  if (!existsSync(lock)) {
    await writeFile(
      lock,
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    );
  }
  return folder;
}
