// A small stand-in for the Stripe API endpoints this platform calls, with the real SDK
// pointed at it (STRIPE_API_BASE): Checkout sessions, payment intents (with the balance
// transaction's fee), refunds. It keeps its objects in memory and sends genuinely signed
// Stripe-format events (the SDK's own signing) to the platform's webhook endpoint.
// `npm start` runs it as the demo payment mode; the tests and benchmarks use it as Stripe.
// It also has a few /demo/* endpoints that play the payer's part (card, PromptPay, fail).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import qs from "qs";
import Stripe from "stripe";

export const STANDIN_API_VERSION = "2026-10-28.endive";
const signer = new Stripe("sk_test_signing_only", { telemetry: false }).webhooks;

// Illustrative fees (Stripe Thailand's published rates at the time of writing).
const FEE = { card: (a: number) => Math.round(a * 0.0365) + 1000, promptpay: (a: number) => Math.round(a * 0.0165) };
const MIN_THB_SATANG = 1000;

type Json = Record<string, unknown>;
export type Deliver = (payload: string, signature: string) => Promise<number>;

export interface StandinOptions {
  secretKey: string;
  webhookSecret: string;
  /** Where events go: a URL (POSTed like Stripe does) or a function (tests). */
  deliverTo: string | Deliver;
  /** Where the "hosted" checkout page lives: `${checkoutBase}/demo-checkout/<id>`. */
  checkoutBase: string;
  port?: number;
  host?: string;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString("base64url").replace(/[-_]/g, "x")}`;
const now = () => Math.floor(Date.now() / 1000);

/** A Stripe-format event around an object; `created` may be given to simulate old ones. */
export function stripeEvent(type: string, object: Json, created = now()) {
  return {
    id: id("evt"),
    object: "event",
    api_version: STANDIN_API_VERSION,
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

export function signedPayload(event: object, secret: string) {
  const payload = JSON.stringify(event);
  return { payload, signature: signer.generateTestHeaderString({ payload, secret }) };
}

class StripeError extends Error {
  readonly status: number;
  readonly param?: string;
  readonly code?: string;
  constructor(status: number, message: string, param?: string, code?: string) {
    super(message);
    this.status = status;
    this.param = param;
    this.code = code;
  }
}

export class StripeStandin {
  readonly sessions = new Map<string, Json>();
  readonly intents = new Map<string, Json>();
  readonly refunds = new Map<string, Json>();
  private idempotent = new Map<string, { status: number; body: unknown }>();
  private server?: http.Server;
  readonly delivered: { type: string; status: number }[] = [];
  url = "";

  readonly options: StandinOptions;

  constructor(options: StandinOptions) {
    this.options = options;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) =>
      this.server!.listen(this.options.port ?? 0, this.options.host ?? "127.0.0.1", resolve),
    );
    this.options.port = (this.server.address() as AddressInfo).port; // a restart takes the same port
    this.url = `http://127.0.0.1:${this.options.port}`;
    return this.url;
  }

  async stop() {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
  }

  /** Signs and sends one event; retried like Stripe (a few times here) until a 2xx. */
  async send(type: string, object: Json): Promise<number> {
    const event = stripeEvent(type, object);
    const { payload, signature } = signedPayload(event, this.options.webhookSecret);
    let status = 0;
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        status = await this.deliver(payload, signature);
      } catch {
        status = 0;
      }
      if (status >= 200 && status < 300) break;
      await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
    }
    this.delivered.push({ type, status });
    return status;
  }

  private async deliver(payload: string, signature: string): Promise<number> {
    const target = this.options.deliverTo;
    if (typeof target === "function") return target(payload, signature);
    const res = await fetch(target, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signature },
      body: payload,
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    return res.status;
  }

  // ---- the payer's part (the demo checkout page) ----

  /** Card: paid at once. PromptPay: the checkout completes unpaid; settle() pays later. */
  async pay(sessionId: string, method: "card" | "promptpay") {
    const session = this.openSession(sessionId);
    const intent = this.createIntent(session, method);
    session.payment_intent = intent.id;
    session.status = "complete";
    session.payment_method_types = ["card", "promptpay"];
    if (method === "card") {
      this.succeed(intent, "card");
      session.payment_status = "paid";
      await this.send("checkout.session.completed", session);
      await this.send("payment_intent.succeeded", intent);
    } else {
      intent.status = "requires_action";
      await this.send("checkout.session.completed", session);
    }
    return session;
  }

  async settle(sessionId: string, outcome: "succeeded" | "failed") {
    const session = this.sessions.get(sessionId);
    if (!session || session.status !== "complete" || session.payment_status !== "unpaid")
      throw new StripeError(400, "This session has no pending PromptPay payment.", "session");
    const intent = this.intents.get(String(session.payment_intent))!;
    if (outcome === "succeeded") {
      this.succeed(intent, "promptpay");
      session.payment_status = "paid";
      await this.send("checkout.session.async_payment_succeeded", session);
    } else {
      intent.status = "requires_payment_method";
      await this.send("checkout.session.async_payment_failed", session);
    }
    return session;
  }

  async expire(sessionId: string) {
    const session = this.openSession(sessionId);
    session.status = "expired";
    await this.send("checkout.session.expired", session);
    return session;
  }

  private openSession(sessionId: string): Json {
    const session = this.sessions.get(sessionId);
    if (!session) throw new StripeError(404, `No such checkout.session: '${sessionId}'`, "id", "resource_missing");
    if (session.status !== "open")
      throw new StripeError(400, "This Checkout Session is no longer open.", "session", "checkout_session_not_open");
    return session;
  }

  private createIntent(session: Json, method: "card" | "promptpay"): Json {
    const intent: Json = {
      id: id("pi"),
      object: "payment_intent",
      amount: session.amount_total,
      currency: session.currency,
      status: "processing",
      metadata: (session.payment_intent_data as Json | undefined)?.metadata ?? {},
      payment_method_types: [method],
      latest_charge: null,
      created: now(),
      livemode: false,
    };
    this.intents.set(intent.id as string, intent);
    return intent;
  }

  private succeed(intent: Json, method: "card" | "promptpay") {
    const amount = intent.amount as number;
    const charge: Json = {
      id: id("ch"),
      object: "charge",
      amount,
      amount_refunded: 0,
      currency: intent.currency,
      paid: true,
      refunded: false,
      status: "succeeded",
      payment_intent: intent.id,
      metadata: intent.metadata,
      payment_method_details: { type: method },
      balance_transaction: {
        id: id("txn"),
        object: "balance_transaction",
        amount,
        fee: FEE[method](amount),
        net: amount - FEE[method](amount),
        currency: intent.currency,
        created: now(),
        type: "charge",
      },
      refunds: { object: "list", data: [], has_more: false },
      created: now(),
    };
    intent.status = "succeeded";
    intent.latest_charge = charge;
  }

  // ---- the API ----

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json", "request-id": id("req") });
      res.end(JSON.stringify(body));
    };
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const raw = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://standin");
      const body = (req.headers["content-type"] ?? "").includes("json")
        ? (JSON.parse(raw || "{}") as Json)
        : (qs.parse(raw, { depth: 10, arrayLimit: 100 }) as Json);
      const query = qs.parse(url.search.slice(1)) as Json;
      const route = `${req.method} ${url.pathname}`;

      if (url.pathname.startsWith("/demo/")) return send(200, await this.demo(route, body));
      if (req.headers.authorization !== `Bearer ${this.options.secretKey}`)
        throw new StripeError(401, "Invalid API Key provided.", undefined, "api_key_invalid");
      const key = req.method === "POST" ? req.headers["idempotency-key"] : undefined;
      const cacheKey = typeof key === "string" ? `${route} ${key}` : null;
      if (cacheKey && this.idempotent.has(cacheKey)) {
        const seen = this.idempotent.get(cacheKey)!;
        return send(seen.status, seen.body);
      }
      const result = await this.api(route, body, query);
      if (cacheKey) this.idempotent.set(cacheKey, { status: 200, body: result });
      send(200, result);
    } catch (error) {
      if (error instanceof StripeError) {
        return send(error.status, {
          error: {
            type: error.status === 401 ? "authentication_error" : "invalid_request_error",
            message: error.message,
            param: error.param,
            code: error.code,
          },
        });
      }
      send(500, { error: { type: "api_error", message: String(error) } });
    }
  }

  private async api(route: string, body: Json, query: Json): Promise<unknown> {
    let m: RegExpExecArray | null;
    if (route === "POST /v1/checkout/sessions") return this.createSession(body);
    if ((m = /^GET \/v1\/checkout\/sessions\/([\w]+)$/.exec(route))) {
      const session = this.sessions.get(m[1]!);
      if (!session) throw new StripeError(404, `No such checkout.session: '${m[1]}'`, "id", "resource_missing");
      return session;
    }
    if ((m = /^GET \/v1\/payment_intents\/([\w]+)$/.exec(route))) {
      const intent = this.intents.get(m[1]!);
      if (!intent) throw new StripeError(404, `No such payment_intent: '${m[1]}'`, "id", "resource_missing");
      const expand = ([] as unknown[]).concat(query.expand ?? []);
      const charge = intent.latest_charge as Json | null;
      if (!charge) return intent;
      const shownCharge = expand.includes("latest_charge.balance_transaction")
        ? charge
        : { ...charge, balance_transaction: (charge.balance_transaction as Json).id };
      return {
        ...intent,
        latest_charge: expand.some((e) => String(e).startsWith("latest_charge")) ? shownCharge : charge.id,
      };
    }
    if (route === "POST /v1/refunds") return this.createRefund(body);
    throw new StripeError(404, `Unrecognized request URL (${route}).`);
  }

  private createSession(body: Json): Json {
    const items = (body.line_items ?? []) as Json[];
    const price = (items[0]?.price_data ?? {}) as Json;
    const amount = Number(price.unit_amount) * Number(items[0]?.quantity ?? 1);
    const currency = String(price.currency ?? "").toLowerCase();
    if (body.mode !== "payment") throw new StripeError(400, "Invalid mode", "mode");
    if (currency !== "thb")
      throw new StripeError(400, "PromptPay only supports THB.", "line_items[0][price_data][currency]");
    if (!Number.isInteger(amount) || amount < MIN_THB_SATANG)
      throw new StripeError(
        400,
        "The Checkout Session's total amount due must add up to at least ฿10.00 thb",
        "line_items[0][price_data][unit_amount]",
        "amount_too_small",
      );
    const session: Json = {
      id: id("cs_test"),
      object: "checkout.session",
      mode: "payment",
      status: "open",
      payment_status: "unpaid",
      amount_total: amount,
      currency,
      client_reference_id: body.client_reference_id ?? null,
      metadata: body.metadata ?? {},
      customer_email: body.customer_email ?? null,
      payment_intent: null,
      payment_method_types: body.allowed_payment_method_types ?? ["card"],
      allowed_payment_method_types: body.allowed_payment_method_types ?? null,
      success_url: body.success_url,
      cancel_url: body.cancel_url,
      locale: body.locale ?? null,
      created: now(),
      expires_at: now() + 24 * 3600,
      livemode: false,
      payment_intent_data: body.payment_intent_data ?? {},
      line_items_description: (price.product_data as Json | undefined)?.name ?? null,
    };
    session.url = `${this.options.checkoutBase}/demo-checkout/${session.id}`;
    this.sessions.set(session.id as string, session);
    return session;
  }

  private createRefund(body: Json): Json {
    const intent = this.intents.get(String(body.payment_intent ?? ""));
    if (!intent)
      throw new StripeError(
        404,
        `No such payment_intent: '${body.payment_intent}'`,
        "payment_intent",
        "resource_missing",
      );
    const charge = intent.latest_charge as Json | null;
    if (!charge || intent.status !== "succeeded")
      throw new StripeError(
        400,
        "This PaymentIntent does not have a successful charge to refund.",
        "payment_intent",
        "charge_not_refundable",
      );
    const left = (charge.amount as number) - (charge.amount_refunded as number);
    const amount = body.amount === undefined ? left : Number(body.amount);
    if (!Number.isInteger(amount) || amount <= 0 || amount > left)
      throw new StripeError(
        400,
        `Refund amount (฿${amount / 100}) is greater than unrefunded amount on charge (฿${left / 100})`,
        "amount",
        "amount_too_large",
      );
    const refund: Json = {
      id: id("re"),
      object: "refund",
      amount,
      currency: charge.currency,
      charge: charge.id,
      payment_intent: intent.id,
      status: "succeeded",
      metadata: body.metadata ?? {},
      reason: body.reason ?? null,
      created: now(),
    };
    this.refunds.set(refund.id as string, refund);
    charge.amount_refunded = (charge.amount_refunded as number) + amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    ((charge.refunds as Json).data as Json[]).unshift(refund);
    // Stripe tells the webhook after answering: so do we.
    setTimeout(
      () =>
        void this.send("refund.created", refund).then(() =>
          this.send("charge.refunded", { ...charge, balance_transaction: (charge.balance_transaction as Json).id }),
        ),
      10,
    );
    return refund;
  }

  private async demo(route: string, body: Json): Promise<unknown> {
    let m: RegExpExecArray | null;
    if ((m = /^POST \/demo\/checkout\/sessions\/(\w+)\/pay$/.exec(route))) {
      const session = await this.pay(m[1]!, body.method === "promptpay" ? "promptpay" : "card");
      // The payer's bank confirms a PromptPay transfer a little later.
      const after = Number(body.settleAfterMs ?? -1);
      if (body.method === "promptpay" && after >= 0)
        setTimeout(
          () => void this.settle(m![1]!, body.outcome === "failed" ? "failed" : "succeeded").catch(() => {}),
          after,
        );
      return session;
    }
    if ((m = /^POST \/demo\/checkout\/sessions\/(\w+)\/settle$/.exec(route)))
      return this.settle(m[1]!, body.outcome === "failed" ? "failed" : "succeeded");
    if ((m = /^POST \/demo\/checkout\/sessions\/(\w+)\/expire$/.exec(route))) return this.expire(m[1]!);
    throw new StripeError(404, `Unrecognized demo request (${route}).`);
  }
}
