// One Prisma client and one raw pg pool per process (web or worker). Both are
// stateless towards the database; replicas share nothing in memory.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.ts";
import { requireDatabaseUrl } from "../config/config.server.ts";

export type Db = PrismaClient;

const state = globalThis as unknown as { __prisma?: PrismaClient; __pool?: pg.Pool };

/** Prisma for everyday reads and writes. */
export function db(): PrismaClient {
  state.__prisma ??= new PrismaClient({
    adapter: new PrismaPg(
      { connectionString: requireDatabaseUrl(), max: 10 },
      { onPoolError: (error) => console.error("database pool:", error.message) },
    ),
  });
  return state.__prisma;
}

/** Raw pg for bulk work (COPY, staging tables, big upserts). */
export function pool(): pg.Pool {
  if (!state.__pool) {
    state.__pool = new pg.Pool({ connectionString: requireDatabaseUrl(), max: 10 });
    // An idle connection dropped by the server (restart, failover) must not crash the process.
    state.__pool.on("error", (error) => console.error("database pool:", error.message));
  }
  return state.__pool;
}

export async function closeDb() {
  await state.__prisma?.$disconnect();
  await state.__pool?.end();
  state.__prisma = undefined;
  state.__pool = undefined;
}

/** Runs `work` in one transaction on a pooled connection: committed when it returns (and
 *  `keep` agrees), rolled back when it throws or `keep` says no. */
export async function inTransaction<T>(
  work: (client: pg.PoolClient) => Promise<T>,
  keep: (result: T) => boolean = () => true,
): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query(keep(result) ? "COMMIT" : "ROLLBACK");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
