// A PostgreSQL server for throwaway databases (tests, benchmarks): DATABASE_URL's
// server when set, otherwise an embedded cluster with a data directory of its own.
import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-postgres.ts";
import { projectRoot } from "./migrations.ts";

export async function scratchCluster(
  folder: string,
  port: number,
): Promise<{ adminUrl: string; urlFor(db: string): string; stop(): Promise<void> }> {
  let adminUrl: string;
  let stop = async () => {};
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = "/postgres";
    adminUrl = u.toString();
  } else {
    const cluster = await startEmbeddedPostgres({ dataDir: path.join(projectRoot, ".data", folder), port });
    adminUrl = cluster.urlFor("postgres");
    stop = cluster.stop;
  }
  const urlFor = (db: string) => {
    const u = new URL(adminUrl);
    u.pathname = `/${db}`;
    return u.toString();
  };
  return { adminUrl, urlFor, stop };
}
