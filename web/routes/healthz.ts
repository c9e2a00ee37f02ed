import { databaseAnswers } from "../observability/health.server.ts";
import { restartCounts } from "../observability/supervisor.server.ts";

/** Liveness and readiness: 200 when the database answers, 503 when it does not; with the
 *  restarts of each supervised service (npm start's supervisor). */
export async function loader() {
  const [up, restarts] = await Promise.all([databaseAnswers(), restartCounts()]);
  if (up) return Response.json({ status: "ok", restarts }, { headers: { "Cache-Control": "no-store" } });
  return Response.json(
    { status: "unavailable", database: "down", restarts },
    { status: 503, headers: { "Cache-Control": "no-store" } },
  );
}
