// Stripe webhooks under duplicates and disorder: 10,000 payment events (card payments,
// PromptPay payments that settle or fail later, partial refunds), each delivered 5 times
// in shuffled order at concurrency through POST /webhooks/stripe of the built web app.
// Each delivery is signed when sent, as Stripe does. Prints deliveries/s and checks that
// the ledger total equals the expected sum to the satang. `--size N`: number of events.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { signedPayload, stripeEvent } from "../../scripts/lib/stripe-standin.ts";
import { benchSize, scratchDatabase, seconds } from "./lib.ts";
import { percentiles, postJson, runConcurrently, startBuiltWeb } from "./ingest-lib.ts";

const EVENTS = benchSize() ?? 10_000;
const COPIES = 5;
const CONCURRENCY = 32;
const SECRET = "whsec_benchwebhooksecret";

const t0 = performance.now();
const database = await scratchDatabase("webhooks");
const client = new pg.Client({ connectionString: database.url });
await client.connect();
const { rows: campaign } = await client.query<{ id: string }>(
  `INSERT INTO "Campaign" (id, slug, "titleTh", "titleEn", "storyTh", "storyEn", "goalSatang") VALUES (gen_random_uuid(), 'bench', 'bench', 'bench', '', '', 1200000000) RETURNING id`,
);

// Donations and their events, with what the ledger must add up to.
type Json = Record<string, unknown>;
const events: Json[] = [];
const donations: { id: string; amount: number }[] = [];
let expected = 0;
for (let d = 0; events.length < EVENTS; d++) {
  const id = randomUUID();
  const amount = (100 + ((d * 37) % 4900)) * 100 + (d % 3) * 25; // 100–5,000 baht, some with satang
  donations.push({ id, amount });
  const session = (over: Json) => ({
    id: `cs_bench_${d}`,
    object: "checkout.session",
    client_reference_id: id,
    metadata: { donationId: id },
    amount_total: amount,
    currency: "thb",
    payment_intent: `pi_bench_${d}`,
    status: "complete",
    ...over,
  });
  const kind = d % 10;
  if (kind <= 5) {
    events.push(stripeEvent("checkout.session.completed", session({ payment_status: "paid" })));
    expected += amount;
  } else if (kind <= 7) {
    events.push(
      stripeEvent("checkout.session.completed", session({ payment_status: "unpaid" })),
      stripeEvent("checkout.session.async_payment_succeeded", session({ payment_status: "paid" })),
    );
    expected += amount;
  } else if (kind === 8) {
    const refund = Math.floor(amount / 2);
    events.push(
      stripeEvent("checkout.session.completed", session({ payment_status: "paid" })),
      stripeEvent("refund.created", {
        id: `re_bench_${d}`,
        object: "refund",
        amount: refund,
        payment_intent: `pi_bench_${d}`,
        status: "succeeded",
        metadata: { donationId: id },
      }),
    );
    expected += amount - refund;
  } else {
    events.push(
      stripeEvent("checkout.session.completed", session({ payment_status: "unpaid" })),
      stripeEvent("checkout.session.async_payment_failed", session({ payment_status: "unpaid" })),
    );
  }
}
events.length = Math.min(events.length, EVENTS);
// (A cut-off last donation could lose its second event: recompute the expectation from the events kept.)
expected = 0;
const paid = new Map<string, number>();
for (const e of events) {
  const o = (e.data as { object: Json }).object;
  if (
    e.type === "checkout.session.async_payment_succeeded" ||
    (e.type === "checkout.session.completed" && o.payment_status === "paid")
  )
    paid.set(String(o.client_reference_id), Number(o.amount_total));
}
for (const v of paid.values()) expected += v;
for (const e of events) if (e.type === "refund.created") expected -= Number((e.data as { object: Json }).object.amount);

await client.query(
  `INSERT INTO "Donation" (id, "campaignId", "amountSatang", "consentAt", "accessTokenHash", "checkoutSessionId")
   SELECT unnest($1::uuid[]), $2, unnest($3::int[]), now(), 'bench', 'cs_bench_' || generate_series(0, $4 - 1)`,
  [donations.map((d) => d.id), campaign[0]!.id, donations.map((d) => d.amount), donations.length],
);
console.log(
  `${donations.length} donations, ${events.length} events (${Object.entries(
    events.reduce<Record<string, number>>((c, e) => ((c[String(e.type)] = (c[String(e.type)] ?? 0) + 1), c), {}),
  )
    .map(([k, v]) => `${k} ${v}`)
    .join(", ")}); expected ledger total ${expected} satang`,
);

const web = await startBuiltWeb(database.url, {
  STRIPE_SECRET_KEY: "sk_test_bench",
  STRIPE_WEBHOOK_SECRET: SECRET,
  STRIPE_API_BASE: "http://127.0.0.1:9",
});
console.log(`set up in ${seconds(performance.now() - t0)} s`);

// Every event five times, shuffled (Fisher–Yates): copies and their order are random.
const deliveries = events.flatMap((_, i) => Array<number>(COPIES).fill(i));
for (let i = deliveries.length - 1; i > 0; i--) {
  const j = Math.floor(Math.random() * (i + 1));
  [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
}
const statuses: Record<number, number> = {};
const later: number[] = [];
const deliver = async (e: number) => {
  const { payload, signature } = signedPayload(events[e]!, SECRET);
  return postJson("/webhooks/stripe", payload, { "stripe-signature": signature });
};
const t = performance.now();
const latencies = await runConcurrently(deliveries.length, CONCURRENCY, async (i) => {
  const status = await deliver(deliveries[i]!);
  statuses[status] = (statuses[status] ?? 0) + 1;
  if (status === 409) later.push(deliveries[i]!); // a refund before its payment: Stripe retries
});
const took = (performance.now() - t) / 1000;
const retried: Record<number, number> = {};
for (const e of later) {
  const status = await deliver(e);
  retried[status] = (retried[status] ?? 0) + 1;
}

const { rows } = await client.query<{ total: string; events: number; rows: number }>(
  `SELECT (SELECT COALESCE(SUM("amountSatang"), 0) FROM "LedgerEntry" WHERE kind IN ('donation', 'refund')) AS total,
          (SELECT count(*)::int FROM "StripeEvent") AS events, (SELECT count(*)::int FROM "LedgerEntry") AS rows`,
);
const total = Number(rows[0]!.total);
await web.stop();
await client.end();
await database.drop();

const figures = {
  bench: "webhooks",
  events: events.length,
  copiesEach: COPIES,
  deliveries: deliveries.length,
  concurrency: CONCURRENCY,
  seconds: Math.round(took * 100) / 100,
  deliveriesPerSecond: Math.round(deliveries.length / took),
  distinctEventsPerSecond: Math.round(events.length / took),
  latencyMs: percentiles(latencies),
  statuses,
  retried,
  eventsRecorded: rows[0]!.events,
  ledgerRows: rows[0]!.rows,
  ledgerTotalSatang: total,
  expectedSatang: expected,
  exact: total === expected && rows[0]!.events === events.length,
};
console.log(
  `${deliveries.length} deliveries in ${figures.seconds} s: ${figures.deliveriesPerSecond}/s (target ≥ 300); ledger ${total} vs expected ${expected} satang → ${figures.exact ? "exact" : "MISMATCH"}`,
);
console.log(JSON.stringify(figures));
process.exit(figures.exact ? 0 : 1);
