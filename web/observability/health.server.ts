// Health: whether this process can do its work (the load balancer's and Prometheus's view).
import { db } from "../db/db.server.ts";

/** True when the database answers a trivial query. */
export async function databaseAnswers(): Promise<boolean> {
  try {
    await db().$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}
