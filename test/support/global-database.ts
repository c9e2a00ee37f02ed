// Integration tests run against a real PostgreSQL: DATABASE_URL's server when set,
// otherwise an embedded cluster of their own under .data/test-postgres (never the dev
// data). A template database gets the migrations once; each test file then gets its
// own copy (test/support/fresh-database.ts), so files are isolated from each other.
import pg from "pg";
import type { TestProject } from "vitest/node";
import { deployMigrations } from "../../scripts/lib/migrations.ts";
import { scratchCluster } from "../../scripts/lib/scratch-cluster.ts";

export const TEMPLATE = "election_test_template";

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const cluster = await scratchCluster("test-postgres", Number(process.env.TEST_PG_PORT ?? 54339));
  const adminUrl = cluster.adminUrl;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // Leftovers of an interrupted run.
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE 'election_test_%'`,
  );
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${TEMPLATE}"`);
  await admin.end();
  await deployMigrations(cluster.urlFor(TEMPLATE));
  // The schema engine keeps its pool open; a template must have no connections to be copied.
  const closer = new pg.Client({ connectionString: adminUrl });
  await closer.connect();
  await closer.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
    [TEMPLATE],
  );
  await closer.end();
  project.provide("adminDatabaseUrl", adminUrl);
  return () => cluster.stop();
}
