// Small request helpers shared by routes.
import type { AppLoadContext } from "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address, from Express (which honours the load balancer's X-Forwarded-For). */
    clientIp?: string | null;
  }
}

export function clientIp(context: AppLoadContext): string | null {
  return context.clientIp?.slice(0, 64) ?? null;
}
