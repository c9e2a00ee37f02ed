// Shared by the benchmarks: a scratch database and memory sampling.
import pg from "pg";
import { deployMigrations } from "../../scripts/lib/migrations.ts";
import { scratchCluster } from "../../scripts/lib/scratch-cluster.ts";

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
