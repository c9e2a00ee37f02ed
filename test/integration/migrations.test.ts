import { spawnSync } from "node:child_process";
import { readFile, readdir, writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import {
  applyFunctions,
  functionsDir,
  deployMigrations,
  pendingSchemaChange,
  resetDatabase,
  schemaPath,
  projectRoot,
  loadMigrations,
} from "../../scripts/lib/migrations.ts";

const url = () => process.env.DATABASE_URL!;

async function query<T extends pg.QueryResultRow>(sql: string) {
  const client = new pg.Client({ connectionString: url() });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function changedSchema() {
  const dir = await mkdtemp(path.join(tmpdir(), "schema-"));
  const file = path.join(dir, "schema.prisma");
  const schema = await readFile(schemaPath, "utf8");
  await writeFile(file, schema.replace("model Province {\n", "model Province {\n  population Int?\n"));
  return file;
}

/** The body between `AS $$` and `$$;` of a function file. */
const bodyOf = (sql: string) => /AS \$\$\n([\s\S]*?)\$\$;/.exec(sql)![1]!;

describe("SQL functions, one file each under prisma/functions", () => {
  it("are in the database exactly as their files define them, after every deploy", async () => {
    const files = (await readdir(functionsDir)).filter((f) => f.endsWith(".sql"));
    expect(files.sort()).toEqual([
      "analyze_grown.sql",
      "live_fold.sql",
      "live_submit_many.sql",
      "official_pairs.sql",
      "official_unit_sides.sql",
      "result_decide.sql",
      "result_escalate.sql",
      "result_log.sql",
      "result_open.sql",
      "result_silence.sql",
      "tally_defer.sql",
      "tally_move_verified.sql",
      "tally_settle.sql",
      "tally_settle_units.sql",
      "tally_submit.sql",
      "tally_submit_many.sql",
      "tally_submit_plain.sql",
      "unit_result_counts.sql",
    ]);
    // The counts' trigger is defined with its function.
    expect(
      await query<{ tgname: string }>(
        `SELECT tgname FROM pg_trigger WHERE tgrelid = '"UnitResult"'::regclass AND NOT tgisinternal`,
      ),
    ).toEqual([{ tgname: "unit_result_counts" }]);
    for (const file of files) {
      const rows = await query<{ prosrc: string }>(
        `SELECT prosrc FROM pg_proc WHERE proname = '${file.replace(/\.sql$/, "")}'`,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.prosrc.trim()).toBe(bodyOf(await readFile(path.join(functionsDir, file), "utf8")).trim());
    }
  });

  it("a changed definition is applied by the next deploy, all files in one transaction", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "functions-"));
    const original = await readFile(path.join(functionsDir, "tally_move_verified.sql"), "utf8");
    await writeFile(
      path.join(dir, "tally_move_verified.sql"),
      original.replace("  step record;", "  step record; -- changed"),
    );
    expect(await applyFunctions(url(), dir)).toEqual(["tally_move_verified"]);
    const [changed] = await query<{ prosrc: string }>(
      `SELECT prosrc FROM pg_proc WHERE proname = 'tally_move_verified'`,
    );
    expect(changed!.prosrc).toContain("step record; -- changed");
    // A broken file leaves every definition as it was.
    await writeFile(path.join(dir, "zz_broken.sql"), "CREATE OR REPLACE FUNCTION broken( RETURNS void;");
    await writeFile(path.join(dir, "tally_move_verified.sql"), original);
    await expect(applyFunctions(url(), dir)).rejects.toThrow();
    const [kept] = await query<{ prosrc: string }>(`SELECT prosrc FROM pg_proc WHERE proname = 'tally_move_verified'`);
    expect(kept!.prosrc).toContain("step record; -- changed");
    expect(await applyFunctions(url())).toEqual([
      "analyze_grown",
      "live_fold",
      "live_submit_many",
      "official_pairs",
      "official_unit_sides",
      "result_decide",
      "result_escalate",
      "result_log",
      "result_open",
      "result_silence",
      "tally_defer",
      "tally_move_verified",
      "tally_settle",
      "tally_settle_units",
      "tally_submit",
      "tally_submit_many",
      "tally_submit_plain",
      "unit_result_counts",
    ]);
  });
});

describe("migrations through the WASM schema engine", () => {
  it("recorded every migration folder in the standard _prisma_migrations table", async () => {
    const folders = (await loadMigrations()).migrationDirectories.map((d) => d.path);
    const rows = await query<{ migration_name: string; finished_at: Date | null }>(
      `SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(folders);
    expect(rows.every((r) => r.finished_at)).toBe(true);
    expect(await deployMigrations(url())).toEqual([]);
  });

  it("finds no drift between the migrations and schema.prisma", async () => {
    expect(await pendingSchemaChange(url())).toBe("");
  });

  it("finds drift when the schema changes without a migration", async () => {
    const sql = await pendingSchemaChange(url(), await changedSchema());
    expect(sql).toContain(`ALTER TABLE "Province" ADD COLUMN     "population" INTEGER`);
  });

  it("makes `db:migrate:check` exit non-zero on an unmigrated schema change, zero otherwise", async () => {
    const run = (...extra: string[]) =>
      spawnSync(
        process.execPath,
        ["--disable-warning=ExperimentalWarning", "--import", "tsx", "scripts/migrate.ts", "check", ...extra],
        {
          cwd: projectRoot,
          env: { ...process.env, DATABASE_URL: url() },
          encoding: "utf8",
        },
      );
    const drift = run("--schema", await changedSchema());
    expect(drift.status).toBe(1);
    expect(drift.stderr).toContain("Drift");
    expect(drift.stderr).toContain("population");
    const clean = run();
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.stdout).toContain("No drift");
  }, 60_000);

  it("resets: drops data and reapplies every migration", async () => {
    await query(`INSERT INTO "Province" (code, "nameTh", "nameEn") VALUES ('99', 'ทดสอบ', 'Test')`);
    const applied = await resetDatabase(url());
    expect(applied.length).toBeGreaterThan(0);
    expect(await query(`SELECT * FROM "Province"`)).toEqual([]);
  });
});
