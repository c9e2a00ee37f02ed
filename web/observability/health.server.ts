// Health: whether this process can do its work (the load balancer's and Prometheus's view).
import { pingDatabase } from "../db/db.server.ts";

/** True when the database answers a trivial query. */
export async function databaseAnswers(): Promise<boolean> {
  try {
    await pingDatabase();
    return true;
  } catch {
    return false;
  }
}
