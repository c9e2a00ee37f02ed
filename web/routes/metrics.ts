import { metrics } from "../observability/metrics.server.ts";

/** Prometheus text format, for this process. */
export async function loader() {
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
}
