import type { LoaderFunctionArgs } from "@remix-run/node";
import { timingSafeEqual } from "node:crypto";
import { metrics } from "../observability/metrics.server.ts";
import { getConfig } from "../config/config.server.ts";
import { isLoopback } from "../http/client.server.ts";

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Prometheus text format, for this process: to this machine, or with METRICS_TOKEN. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = getConfig().METRICS_TOKEN;
  const bearer = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
  if (!isLoopback(context) && !(token && bearer && sameSecret(bearer, token)))
    return new Response("Not found", { status: 404 });
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
}
