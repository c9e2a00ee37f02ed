// The Stripe SDK, configured once. STRIPE_API_BASE points it at another host speaking
// Stripe's API: npm start's demo stand-in, or the tests' (scripts/lib/stripe-standin.ts).
import type Stripe from "stripe";
import { getConfig } from "../config/config.server.ts";
import { UserError } from "../errors.ts";

let cached: { key: string; client: Stripe } | undefined;

export function paymentsConfigured(): boolean {
  const config = getConfig();
  return !!config.STRIPE_SECRET_KEY && !!config.STRIPE_WEBHOOK_SECRET;
}

/** The SDK, loaded with the first payment, not with the web process (ADR 0029). */
export const stripeSdk = async () => (await import("stripe")).default;

export async function stripe(): Promise<Stripe> {
  const config = getConfig();
  if (!config.STRIPE_SECRET_KEY) throw new UserError(409, "donate.errors.notConfigured");
  const key = `${config.STRIPE_SECRET_KEY}@${config.STRIPE_API_BASE ?? ""}`;
  if (cached?.key !== key) {
    const Stripe = await stripeSdk();
    const base = config.STRIPE_API_BASE ? new URL(config.STRIPE_API_BASE) : null;
    cached = {
      key,
      client: new Stripe(config.STRIPE_SECRET_KEY, {
        telemetry: false,
        maxNetworkRetries: 2,
        timeout: 20_000,
        ...(base
          ? {
              host: base.hostname,
              port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
              protocol: base.protocol.replace(":", "") as "http" | "https",
            }
          : {}),
      }),
    };
  }
  return cached.client;
}

export function webhookSecret(): string {
  const secret = getConfig().STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new UserError(409, "donate.errors.notConfigured");
  return secret;
}
