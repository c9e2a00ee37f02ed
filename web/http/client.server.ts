// Small request helpers shared by routes.
import type { AppLoadContext } from "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address, from Express: the socket's, or — only for the proxy hops that
     *  TRUST_PROXY names — the load balancer's X-Forwarded-For. */
    clientIp?: string | null;
    /** This response's Content-Security-Policy nonce (http/security-headers.server.ts). */
    cspNonce?: string;
  }
}

export function clientIp(context: AppLoadContext): string | null {
  return context.clientIp?.slice(0, 64) ?? null;
}

/** The request came from this machine (the socket's address, not a header). */
export function isLoopback(context: AppLoadContext): boolean {
  const ip = context.clientIp ?? "";
  return ip === "::1" || /^(::ffff:)?127\./.test(ip);
}

/** Express's "trust proxy" from TRUST_PROXY: off unless it names the hops (a number) or
 *  the proxies' addresses or subnets (comma-separated; "loopback", "uniquelocal"…). A
 *  client's own X-Forwarded-For is never believed by default (issue 17: it bypassed the
 *  per-address sign-in limit). */
export function trustProxySetting(value: string | undefined): boolean | number | string[] {
  const v = value?.trim();
  if (!v || v === "false" || v === "0") return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}
