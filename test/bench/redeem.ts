// Redemptions at the counter, at concurrency, through the built web app: 10,000 coupons,
// each presented 3 times at once (a double tap, two tills), as the counter page's form
// posts it. Prints redemptions/s and checks that each coupon was redeemed exactly once.
// `--size N` changes the number of coupons.
import pg from "pg";
import { benchSize, scratchDatabase, seconds } from "./lib.ts";
import { percentiles, PORT, runConcurrently, startBuiltWeb } from "./ingest-lib.ts";
import http from "node:http";

const COUPONS = benchSize() ?? 10_000;
const COPIES = 3;
const CONCURRENCY = 32;

const database = await scratchDatabase("redeem");
process.env.DATABASE_URL = database.url;
const client = new pg.Client({ connectionString: database.url });
await client.connect();
const { rows: sponsor } = await client.query<{ id: string }>(
  `INSERT INTO "Sponsor" (id, slug, "nameTh", "nameEn") VALUES (gen_random_uuid(), 'bench', 'bench', 'bench') RETURNING id`,
);
const { rows: offer } = await client.query<{ id: string }>(
  `INSERT INTO "CouponOffer" (id, "sponsorId", "titleTh", "titleEn", "descriptionTh", "descriptionEn", "valueSatang", stock, "validFrom", "validUntil", "whereTh", "whereEn", rule)
   VALUES (gen_random_uuid(), $1, 'o', 'o', '', '', 5000, $2, now() - interval '1 day', now() + interval '30 days', 'x', 'x', 'donor_min') RETURNING id`,
  [sponsor[0]!.id, COUPONS],
);
const { rows: coupons } = await client.query<{ code: string }>(
  `INSERT INTO "Coupon" (id, "offerId", code, "holderPhone")
   SELECT gen_random_uuid(), $1, upper(substr(md5(i::text), 1, 4) || '-' || substr(md5(i::text), 5, 4) || '-' || substr(md5(i::text), 9, 4)), '+6690' || lpad(i::text, 7, '0')
     FROM generate_series(0, $2 - 1) i RETURNING code`,
  [offer[0]!.id, COUPONS],
);
const { rows: staff } = await client.query<{ id: string }>(
  `INSERT INTO "User" (id, phone) VALUES (gen_random_uuid(), '+66899999999') RETURNING id`,
);
await client.query(
  `INSERT INTO "RoleGrant" (id, "userId", role, "sponsorId") VALUES (gen_random_uuid(), $1, 'sponsor', $2)`,
  [staff[0]!.id, sponsor[0]!.id],
);
const web = await startBuiltWeb(database.url);
const { createSession } = await import("../../web/accounts/session.server.ts");
const cookie = (await createSession(staff[0]!.id, "bench")).split(";")[0]!;

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const redeem = (code: string) =>
  new Promise<number>((resolve, reject) => {
    const body = `code=${encodeURIComponent(code)}`;
    const req = http.request(
      {
        host: "127.0.0.1",
        port: PORT,
        path: "/sponsor/bench/redeem.data",
        method: "POST",
        agent,
        headers: {
          cookie,
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode!));
      },
    );
    req.on("error", reject);
    req.end(body);
  });

const statuses: Record<number, number> = {};
const t = performance.now();
const latencies = await runConcurrently(COUPONS * COPIES, CONCURRENCY, async (i) => {
  const status = await redeem(coupons[Math.floor(i / COPIES)]!.code); // the copies of one coupon are in flight together
  statuses[status] = (statuses[status] ?? 0) + 1;
});
const took = (performance.now() - t) / 1000;
const { rows } = await client.query<{ redeemed: number; events: number; twice: number }>(
  `SELECT (SELECT count(*)::int FROM "Coupon" WHERE status = 'redeemed') AS redeemed,
          (SELECT count(*)::int FROM "CouponEvent" WHERE kind = 'redeemed') AS events,
          (SELECT count(*)::int FROM (SELECT "couponId" FROM "CouponEvent" WHERE kind = 'redeemed' GROUP BY 1 HAVING count(*) > 1) x) AS twice`,
);
await web.stop();
await client.end();
const { closeDb } = await import("../../web/db/db.server.ts");
await closeDb();
await database.drop();

const figures = {
  bench: "redeem",
  coupons: COUPONS,
  copiesEach: COPIES,
  requests: COUPONS * COPIES,
  concurrency: CONCURRENCY,
  seconds: seconds(took * 1000),
  redemptionsPerSecond: Math.round(COUPONS / took),
  requestsPerSecond: Math.round((COUPONS * COPIES) / took),
  latencyMs: percentiles(latencies),
  statuses,
  redeemed: rows[0]!.redeemed,
  redeemedEvents: rows[0]!.events,
  redeemedTwice: rows[0]!.twice,
  exactlyOnce:
    rows[0]!.redeemed === COUPONS && rows[0]!.events === COUPONS && rows[0]!.twice === 0 && statuses[200] === COUPONS,
};
console.log(
  `${COUPONS * COPIES} requests in ${figures.seconds} s: ${figures.redemptionsPerSecond} redemptions/s; ${JSON.stringify(statuses)}; exactly once: ${figures.exactlyOnce}`,
);
console.log(JSON.stringify(figures));
process.exit(figures.exactlyOnce ? 0 : 1);
