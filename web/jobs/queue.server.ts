// pg-boss: jobs live in PostgreSQL, so any number of workers share them, and a job whose
// worker died is picked up again after its expiry. Every handler must be safe to rerun.
import type { PgBoss } from "pg-boss";
import { requireDatabaseUrl } from "../config/config.server.ts";

export const QUEUES = {
  geoImport: "geo-import",
  rosterImport: "roster-import",
  assignAll: "assign-all",
  escalateMissing: "escalate-missing-reports",
  donationFees: "donation-fees",
} as const;

const state = globalThis as unknown as { __boss?: Promise<PgBoss> };

/** A started pg-boss instance for this process (the web app only sends jobs). */
export function boss(): Promise<PgBoss> {
  state.__boss ??= (async () => {
    // Loaded when first needed, not with the web process (ADR 0029).
    const { PgBoss } = await import("pg-boss");
    const b = new PgBoss({ connectionString: requireDatabaseUrl(), max: 4 });
    b.on("error", (e: Error) => console.error("pg-boss:", e.message));
    await b.start();
    for (const name of Object.values(QUEUES)) {
      await b.createQueue(name, { retryLimit: 3, retryDelay: 5, expireInSeconds: 15 * 60 });
    }
    return b;
  })();
  return state.__boss;
}

export async function stopBoss() {
  if (!state.__boss) return;
  const b = await state.__boss;
  state.__boss = undefined;
  await b.stop({ graceful: true, timeout: 10_000 });
}
