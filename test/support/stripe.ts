// The Stripe stand-in for integration tests: the SDK pointed at it, its events either
// applied straight through the webhook handler (signature checked) or kept for replay.
import { StripeStandin, type Deliver } from "../../scripts/lib/stripe-standin.ts";

export const STRIPE_KEY = "sk_test_integration";
export const WEBHOOK_SECRET = "whsec_integrationsecret";

export async function startStandin(deliver: Deliver) {
  const standin = new StripeStandin({
    secretKey: STRIPE_KEY,
    webhookSecret: WEBHOOK_SECRET,
    deliverTo: deliver,
    checkoutBase: "http://app.test",
  });
  await standin.start();
  process.env.STRIPE_SECRET_KEY = STRIPE_KEY;
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
  process.env.STRIPE_API_BASE = standin.url;
  return standin;
}
