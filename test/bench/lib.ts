// Shared by the benchmarks: a scratch database and memory sampling.
import pg from "pg";
import { deployMigrations } from "../../scripts/lib/migrations.ts";
import { scratchCluster } from "../../scripts/lib/scratch-cluster.ts";

// A profiling run's PostgreSQL counts statements, those inside functions too (statementProfile).
if (process.env.BENCH_PG_PROFILE === "1")
  process.env.EMBEDDED_PG_SETTINGS ??=
    "shared_preload_libraries=pg_stat_statements pg_stat_statements.track=all pg_stat_statements.track_planning=on";

export const benchSize = () => (process.env.BENCH_SIZE ? Number(process.env.BENCH_SIZE) : undefined);

/** A new, migrated database on DATABASE_URL's server or on a bench cluster of its own. */
export async function scratchDatabase(label: string) {
  const cluster = await scratchCluster("bench-postgres", Number(process.env.BENCH_PG_PORT ?? 54369));
  const name = `bench_${label}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = cluster.urlFor(name);
  await deployMigrations(url);
  return {
    url,
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
      await cluster.stop();
    },
  };
}

/** Samples resident memory every 50 ms; peak() in MiB. */
export function memorySampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return {
    reset: () => (peak = process.memoryUsage().rss),
    peak: () => Math.round((Math.max(peak, process.memoryUsage().rss) / 1024 / 1024) * 10) / 10,
    stop: () => clearInterval(timer),
  };
}

export const seconds = (ms: number) => Math.round(ms / 10) / 100;

/** A scratch database holding the whole synthetic country, DATABASE_URL pointed at it. */
export async function countryDatabase(label: string) {
  const { Readable } = await import("node:stream");
  const { generateCountryCsv } = await import("../../web/geography/generator.ts");
  const { importGeographyCsv } = await import("../../web/geography/import.server.ts");
  const database = await scratchDatabase(label);
  process.env.DATABASE_URL = database.url;
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const geo = await importGeographyCsv(client, Readable.from(generateCountryCsv()));
  if (!geo.ok) throw new Error("geography import failed");
  return { database, client, units: geo.summary.units };
}

/** With BENCH_PG_PROFILE=1 (which starts PostgreSQL with pg_stat_statements, statements
 *  inside functions too): where PostgreSQL's time went between start() and print(), the
 *  costliest statements on stderr. Without it, nothing. */
export async function statementProfile(client: pg.Client) {
  const on = process.env.BENCH_PG_PROFILE === "1";
  return {
    async start() {
      if (!on) return;
      await client.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      await client.query("SELECT pg_stat_statements_reset()");
    },
    async print() {
      if (!on) return;
      const { rows } = await client.query(
        `SELECT round(total_exec_time)::int AS ms, calls, round((total_exec_time / nullif(calls, 0))::numeric, 3) AS avg_ms,
                plans, round(total_plan_time)::int AS plan_ms,
                left(regexp_replace(query, '\\s+', ' ', 'g'), 140) AS query
           FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT 25`,
      );
      for (const r of rows)
        console.error(`${r.ms} ms  ${r.calls}×  ${r.avg_ms} ms  (planned ${r.plans}×, ${r.plan_ms} ms)  ${r.query}`);
    },
  };
}
