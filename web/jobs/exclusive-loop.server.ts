// The workers' loops. runExclusiveLoop: a task run every few seconds by exactly one worker
// at a time (a PostgreSQL advisory lock): the chain workers, whose transactions come from
// one account and one nonce sequence; another worker waits and takes over when the holder
// dies. runSharedLoop: a task every worker runs, each on its own share.
import { pool } from "../db/db.server.ts";
import { logger } from "../observability/logger.server.ts";

export function runExclusiveLoop(name: string, every: number, tick: () => Promise<void>): () => Promise<void> {
  let stopped = false;
  let wake: (() => void) | undefined;
  const done = (async () => {
    while (!stopped) {
      const client = await pool()
        .connect()
        .catch(() => null);
      if (client) {
        // The lock lives as long as this connection: if the server drops it (a restart),
        // the lock is gone too, and this worker must stop acting as its holder.
        let lost = false;
        const onLost = () => (lost = true);
        client.on("error", onLost);
        try {
          const { rows } = await client.query<{ locked: boolean }>(
            `SELECT pg_try_advisory_lock(hashtext($1)) AS locked`,
            [name],
          );
          while (rows[0]!.locked && !stopped && !lost) {
            try {
              await tick();
            } catch (error) {
              logger.warn(
                { err: String((error as Error).message ?? error).slice(0, 300), task: name },
                "step failed; retrying",
              );
            }
            await new Promise<void>((r) => ((wake = r), setTimeout(r, every)));
          }
          if (rows[0]!.locked && !lost) await client.query(`SELECT pg_advisory_unlock(hashtext($1))`, [name]);
        } catch (error) {
          lost = true;
          logger.warn({ err: String((error as Error).message ?? error).slice(0, 300), task: name }, "lock lost");
        } finally {
          client.off("error", onLost);
          client.release(lost);
        }
      }
      if (!stopped) await new Promise<void>((r) => ((wake = r), setTimeout(r, every * 5)));
    }
  })();
  return async () => {
    stopped = true;
    wake?.();
    await done;
  };
}

/** A task every worker runs at once, each on its own share of the work (the task takes
 *  its share with SKIP LOCKED): again at once while `tick` says more is waiting, else
 *  after `every` ms. */
export function runSharedLoop(name: string, every: number, tick: () => Promise<boolean>): () => Promise<void> {
  let stopped = false;
  let wake: (() => void) | undefined;
  const done = (async () => {
    while (!stopped) {
      let more = false;
      try {
        more = await tick();
      } catch (error) {
        logger.warn(
          { err: String((error as Error).message ?? error).slice(0, 300), task: name },
          "step failed; retrying",
        );
      }
      await new Promise<void>((r) => ((wake = r), more ? setImmediate(r) : setTimeout(r, every)));
    }
  })();
  return async () => {
    stopped = true;
    wake?.();
    await done;
  };
}
