// Shared by the benchmarks: a scratch database and memory sampling.
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres.ts";
import { deployMigrations, projectRoot } from "../../scripts/lib/migrations.ts";

export const benchSize = () => (process.env.BENCH_SIZE ? Number(process.env.BENCH_SIZE) : undefined);

/** A new, migrated database on DATABASE_URL's server or on a bench cluster of its own. */
export async function scratchDatabase(label: string) {
  let adminUrl: string;
  let stopCluster = async () => {};
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = "/postgres";
    adminUrl = u.toString();
  } else {
    const cluster = await startEmbeddedPostgres({ dataDir: path.join(projectRoot, ".data/bench-postgres"), port: Number(process.env.BENCH_PG_PORT ?? 54369) });
    adminUrl = cluster.urlFor("postgres");
    stopCluster = cluster.stop;
  }
  const name = `bench_${label}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await deployMigrations(url.toString());
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
      await stopCluster();
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
