// Anchoring election night's photos on the local chain (a Hardhat node, automining):
// 190,000 photos arriving over two simulated hours (most in the first hour), the real
// anchoring job ticking every 2 simulated seconds with the default interval (30 s).
// Prints total gas and gas per photo; in the same run, the gas of anchoring photos one
// per transaction (a sample, the same contract call with a one-leaf root) and the ratio;
// the Merkle tree build time for 100,000 leaves; the delay from upload to anchored.
// `--size N` changes the number of photos.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { anchoringChain } from "../support/chain.ts";
import { benchSize, scratchDatabase, seconds } from "./lib.ts";
import { percentiles } from "./ingest-lib.ts";

const PHOTOS = benchSize() ?? 190_000;
const HOURS = 2;
const TICK_SECONDS = 2;
const SINGLE_SAMPLE = 300;

const database = await scratchDatabase("anchor");
const { chain } = await anchoringChain(Number(process.env.BENCH_CHAIN_PORT ?? 8660), "bench-anchor", {
  DATABASE_URL: database.url,
  LOG_LEVEL: "warn",
});
const { anchorTick, anchorSettings } = await import("../../web/evidence/anchoring.server.ts");
const { anchorChain } = await import("../../web/evidence/chain.server.ts");
const { buildEvidenceTree } = await import("../../web/evidence/merkle.ts");
const { closeDb } = await import("../../web/db/db.server.ts");
const client = new pg.Client({ connectionString: database.url });
await client.connect();

// Arrivals: the count ends around 17:30–19:00; density falls off over the two hours.
const start = Date.parse("2027-03-14T10:00:00Z");
const span = HOURS * 3600;
const arrival = (i: number) => span * (1 - Math.sqrt(1 - i / PHOTOS));
const uploader = "00000000-0000-4000-8000-000000000001";
// The photos' election (a photo belongs to one); no contests are needed to anchor.
const { rows: elected } = await client.query<{ id: string }>(
  `INSERT INTO "Election" (id, slug, "nameTh", "nameEn", date, "closesAt") VALUES (gen_random_uuid(), 'anchor', 'ทดสอบ', 'Bench', '2027-03-14', '2027-03-14T10:00:00Z') RETURNING id`,
);
const unit = (i: number) =>
  `${String(10 + (i % 77)).padStart(2, "0")}-0${1 + (i % 9)}-${String(100101 + (i % 500))}-${String(1 + (i % 300)).padStart(3, "0")}`;

const settings = { ...anchorSettings(), confirmations: 1 };
console.log(
  `${PHOTOS} photos over ${HOURS} simulated hours, interval ${settings.intervalSeconds} s, a tick every ${TICK_SECONDS} s`,
);
const minedAt = new Map<string, number>(); // batch id → simulated second it was seen in a block
let next = 0;
const t0 = performance.now();
for (let t = 0; t <= span + 120; t += TICK_SECONDS) {
  const from = next;
  while (next < PHOTOS && arrival(next) <= t) next++;
  if (next > from) {
    const ids = Array.from({ length: next - from }, (_, k) => from + k);
    await client.query(
      `INSERT INTO "TallyPhoto" (id, "electionId", "unitCode", ballot, kind, sha256, "storageKey", "contentType", bytes, "uploadedById", "createdAt")
       SELECT gen_random_uuid(), $6, u, 'constituency', k, s, 'bench', 'image/jpeg', 1, $4, c FROM unnest($1::text[], $2::text[], $3::text[], $5::timestamp[]) AS x(u, k, s, c)`,
      [
        ids.map(unit),
        ids.map((i) => (i % 2 ? "board" : "form")),
        ids.map(() => randomBytes(32).toString("hex")),
        uploader,
        ids.map((i) => new Date(start + arrival(i) * 1000).toISOString()),
        elected[0]!.id,
      ],
    );
  }
  await anchorTick(settings, new Date(start + t * 1000));
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM "AnchorBatch" WHERE status IN ('mined', 'confirmed')`,
  );
  for (const r of rows) if (!minedAt.has(r.id)) minedAt.set(r.id, t);
  if (t % 1800 === 0)
    console.log(
      `  simulated ${t / 60} min: ${next} photos arrived, ${minedAt.size} batches anchored (${seconds(performance.now() - t0)} s real)`,
    );
}
const { rows: batches } = await client.query<{ id: string; leafCount: number; gasUsed: string; status: string }>(
  `SELECT id, "leafCount", "gasUsed", status FROM "AnchorBatch"`,
);
const { rows: photos } = await client.query<{ batch: string; at: number }>(
  `SELECT "anchorBatchId" AS batch, extract(epoch FROM "createdAt") * 1000 AS at FROM "TallyPhoto"`,
);
const unanchored = photos.filter((p) => !p.batch || !minedAt.has(p.batch)).length;
const delays = photos
  .filter((p) => p.batch && minedAt.has(p.batch))
  .map((p) => start + minedAt.get(p.batch)! * 1000 - Number(p.at));
const delay = percentiles(delays.map((ms) => ms / 1000));
const totalGas = batches.reduce((s, b) => s + BigInt(b.gasUsed ?? 0), 0n);
const anchored = batches.reduce((s, b) => s + b.leafCount, 0);
console.log(
  `batched: ${batches.length} transactions, ${anchored} photos, ${totalGas} gas (${Number(totalGas) / anchored} per photo); delay p50 ${delay.p50} s, p95 ${delay.p95} s`,
);

// The same photos one per transaction: a sample of one-leaf roots through the same call.
const { contract } = await anchorChain();
let singleGas = 0n;
for (let i = 0; i < SINGLE_SAMPLE; i++) {
  const { root } = await buildEvidenceTree([
    [`0x${randomBytes(32).toString("hex")}`, unit(i), "board", 1_773_482_400 + i],
  ]);
  const receipt = await (await contract.anchor!(root, 1, `0x${randomBytes(32).toString("hex")}`)).wait();
  singleGas += receipt.gasUsed as bigint;
}
const perSingle = Number(singleGas) / SINGLE_SAMPLE;
const singleTotal = perSingle * anchored;
console.log(
  `one per transaction: ${perSingle} gas each (mean of ${SINGLE_SAMPLE}) → ${Math.round(singleTotal)} gas for ${anchored} photos`,
);

// Tree build time for 100,000 leaves (median of 3).
const leaves = Array.from(
  { length: 100_000 },
  (_, i) =>
    [`0x${randomBytes(32).toString("hex")}`, unit(i), i % 2 ? "board" : "form", 1_773_482_400 + i] as [
      string,
      string,
      string,
      number,
    ],
);
const builds: number[] = [];
for (let r = 0; r < 3; r++) {
  const t = performance.now();
  await buildEvidenceTree(leaves);
  builds.push(performance.now() - t);
}
builds.sort((a, b) => a - b);

await client.end();
await closeDb();
await chain.stop();
await database.drop();
console.log(
  JSON.stringify({
    bench: "anchor",
    photos: PHOTOS,
    simulatedHours: HOURS,
    intervalSeconds: settings.intervalSeconds,
    transactions: batches.length,
    anchoredPhotos: anchored,
    unanchored,
    totalGas: Number(totalGas),
    gasPerPhoto: Math.round((10 * Number(totalGas)) / anchored) / 10,
    onePerTransaction: { sample: SINGLE_SAMPLE, gasEach: perSingle, totalGas: Math.round(singleTotal) },
    ratio: Math.round((10000 * Number(totalGas)) / singleTotal) / 10000,
    merkleBuild100kMs: Math.round(builds[1]!),
    delaySeconds: { p50: delay.p50, p95: delay.p95, max: delay.max },
    targets: { merkleBuild100kMs: 2000, delayP95Seconds: settings.intervalSeconds + 10 },
    realSeconds: seconds(performance.now() - t0),
  }),
);
process.exit(0);
