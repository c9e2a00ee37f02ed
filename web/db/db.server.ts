// One pg pool per process (web or worker), shared by Prisma (through its pg driver
// adapter) and by the raw SQL of the bulk and hot paths; pg-boss keeps its own. Both are
// stateless towards the database; replicas share nothing in memory.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "../generated/prisma/client.ts";
import { requireDatabaseUrl } from "../config/config.server.ts";

export type Db = PrismaClient;

/** Connections per process: what the two pools of 10 each had before they were one. */
const POOL_SIZE = 20;

const state = globalThis as unknown as { __prisma?: PrismaClient; __pool?: pg.Pool };

/** Prisma for everyday reads and writes (on the process's one pool). */
export function db(): PrismaClient {
  state.__prisma ??= new PrismaClient({ adapter: new PrismaPg(pool()) });
  return state.__prisma;
}

/** Raw pg for bulk work (COPY, staging tables, big upserts) and election night's functions. */
export function pool(): pg.Pool {
  if (!state.__pool) {
    state.__pool = new pg.Pool({ connectionString: requireDatabaseUrl(), max: POOL_SIZE });
    // A connection dropped by the server (restart, failover) must not crash the process:
    // idle ones are the pool's (its "error"); one checked out between two queries — a
    // transaction awaiting the app, a worker holding an advisory lock — would emit on
    // itself with nobody listening. Its next query fails, and the caller sees that.
    state.__pool.on("error", (error) => console.error("database pool:", error.message));
    state.__pool.on("connect", (client) =>
      client.on("error", (error) => console.error("database connection:", error.message)),
    );
  }
  return state.__pool;
}

/** A client as a typed query's connection (ADR 0039): `pgtyped`'s `run` takes any object
 *  with this `query`. With a name, the query runs as a named statement, parsed and planned
 *  once per connection rather than on every call (ADR 0035): for the hot paths, whose
 *  text never changes. */
export function sqlClient(client: pg.Pool | pg.PoolClient | pg.Client = pool(), name?: string) {
  return {
    query: async (text: string, values: unknown[]) => {
      const result = await client.query(name ? { name, text, values } : { text, values });
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
  };
}

export async function closeDb() {
  const { __prisma: prisma, __pool: shared } = state;
  state.__prisma = undefined;
  state.__pool = undefined;
  await prisma?.$disconnect();
  // Prisma leaves a pool it was given open: it is ours to end.
  if (shared && !shared.ended) await shared.end();
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

/** Runs `work` on a pooled connection of its own (released afterwards, whatever happens). */
export async function withPooledClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}

/** Holds a transaction-scoped lock on `key` (pg_advisory_xact_lock of its hash) until the
 *  transaction ends: writers of one thing (a phone's codes, a person, a unit ballot) queue. */
export async function lockForTransaction(tx: Prisma.TransactionClient, key: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${key}))`;
}

/** Sends the database a trivial query (the health check); throws when it does not answer. */
export async function pingDatabase() {
  await db().$queryRaw`SELECT 1`;
}

type Queryable = pg.PoolClient | pg.Client;

/** Runs `work` in one transaction on a connection the caller holds: committed when it
 *  returns (and `keep` agrees), rolled back when it throws or `keep` says no. A unique
 *  violation (someone wrote the same thing in the meantime) rolls back and runs it again
 *  against the new state, up to `attempts` times. */
export async function inClientTransaction<T>(
  client: Queryable,
  work: () => Promise<T>,
  { attempts = 1, keep = () => true }: { attempts?: number; keep?: (result: T) => boolean } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    await client.query("BEGIN");
    try {
      const result = await work();
      await client.query(keep(result) ? "COMMIT" : "ROLLBACK");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      if ((error as { code?: string }).code !== "23505" || attempt >= attempts) throw error;
    }
  }
}
