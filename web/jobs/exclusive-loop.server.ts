// A task run every few seconds by exactly one worker at a time (a PostgreSQL advisory
// lock): the chain workers, whose transactions come from one account and one nonce
// sequence. Another worker waits and takes over when the holder dies.
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
