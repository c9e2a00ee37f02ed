// Before each integration test file: a database of its own, copied from the migrated
// template, and the environment pointed at it.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";

const adminUrl = inject("adminDatabaseUrl");
const name = `election_test_${randomBytes(6).toString("hex")}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
// Copies from one template cannot run side by side: take turns.
await admin.query(`SELECT pg_advisory_lock(4242)`);
try {
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "election_test_template"`);
} finally {
  await admin.query(`SELECT pg_advisory_unlock(4242)`);
}
const url = new URL(adminUrl);
url.pathname = `/${name}`;
process.env.DATABASE_URL = url.toString();
process.env.NODE_ENV = "test";
process.env.LOG_LEVEL = "silent";
process.env.DATA_DIR = `.data/test-files/${name}`;

afterAll(async () => {
  const { closeDb } = await import("../../web/db/db.server.ts");
  const { stopBoss } = await import("../../web/jobs/queue.server.ts");
  await stopBoss();
  await closeDb();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});
