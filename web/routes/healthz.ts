import { databaseAnswers } from "../observability/health.server.ts";

/** Liveness and readiness: 200 when the database answers, 503 when it does not. */
export async function loader() {
  if (await databaseAnswers()) return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
  return Response.json(
    { status: "unavailable", database: "down" },
    { status: 503, headers: { "Cache-Control": "no-store" } },
  );
}
