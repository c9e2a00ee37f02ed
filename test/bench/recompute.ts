// Totals that are always right, at the country's size and three contests a unit
// (constituency, party list, a referendum): every unit ballot verified by two agreeing
// entries through the election-night SQL functions (tally_submit_many), then the running
// totals compared with a from-scratch recomputation. Prints the recomputation's time
// (target ≤ 2 s), whether they agree, and the p95 of the results reads — national, per
// contest, per area (target ≤ 100 ms). --size N: only the first N units.
import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { benchSize, countryDatabase, seconds } from "./lib.ts";
import { BENCH_BALLOTS, benchElection, countFor, percentiles } from "./ingest-lib.ts";

const t0 = performance.now();
const { database, client } = await countryDatabase("recompute");
const electionId = await benchElection(client);
const { rows: all } = await client.query<{ code: string }>(`SELECT code FROM "PollingUnit" ORDER BY code`);
const units = all.slice(0, benchSize() ?? all.length).map((u) => u.code);
const people: string[] = [];
for (const phone of ["+66890000101", "+66890000102"]) {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO "User" (id, phone) VALUES (gen_random_uuid(), $1) RETURNING id`,
    [phone],
  );
  people.push(rows[0]!.id);
}
console.log(`country and election ready in ${seconds(performance.now() - t0)} s; verifying ${units.length} units`);

const { submitEntries, recomputedTotals, runningTotals, stateCountsDrift } =
  await import("../../web/tally/tally.sql.server.ts");
const { fingerprintOf } = await import("../../web/tally/tally-rules.ts");
const rowFor = (unit: string, i: number, shape: (typeof BENCH_BALLOTS)[number], actor: string) => {
  const ballot = shape.ballot;
  // The same voters on every ballot of a unit (else they are flagged ballotsDisagree).
  const f = countFor(i, shape.numbers, shape.voteNo);
  const votes = Object.fromEntries(
    Array.from({ length: shape.numbers }, (_, k) => [String(k + 1), Number(f[`vote_${k + 1}`])]),
  );
  const figures = {
    eligible: Number(f.eligible),
    voters: Number(f.voters),
    ballotsReceived: Number(f.ballotsReceived),
    ballotsUsed: Number(f.ballotsUsed),
    valid: Number(f.valid),
    ballotsLeftOver: Number(f.ballotsLeftOver),
    invalid: Number(f.invalid),
    voteNo: Number(f.voteNo ?? 0),
    votes,
  };
  const valid = figures.valid;
  return {
    submission: randomUUID(),
    election: electionId,
    unit,
    ballot,
    source: actor === people[0] ? "reporter" : "blind",
    actor,
    eligible: figures.eligible,
    voters: figures.voters,
    received: figures.ballotsReceived,
    used: figures.ballotsUsed,
    left_over: figures.ballotsLeftOver,
    invalid: figures.invalid,
    vote_no: figures.voteNo,
    votes,
    flags: [],
    fingerprint: fingerprintOf(figures),
    // The first person sends the signed form's photo: a unit is verified only with it.
    photos: actor === people[0] ? [formPhotos.get(`${unit}:${ballot}`)!] : [],
    valid,
    remarks: null,
    count_started: null,
    count_ended: null,
    form_posted: true,
    correction_reason: null,
  };
};

// One stored photo of the signed form per unit ballot (the bytes are not needed here).
const { rows: photoRows } = await client.query<{ id: string; unitCode: string; ballot: string }>(
  `INSERT INTO "TallyPhoto" (id, "electionId", "unitCode", ballot, kind, sha256, "storageKey", "contentType", bytes, "uploadedById")
   SELECT gen_random_uuid(), $4, u.code, b.ballot, 'form', md5(u.code || b.ballot) || md5(b.ballot || u.code),
          'bench/' || u.code || b.ballot, 'image/jpeg', 1, $2
     FROM unnest($1::text[]) AS u(code) CROSS JOIN unnest($3::text[]) AS b(ballot)
   RETURNING id, "unitCode", ballot::text`,
  [units, people[0], BENCH_BALLOTS.map((b) => b.ballot), electionId],
);
const formPhotos = new Map(photoRows.map((p) => [`${p.unitCode}:${p.ballot}`, p.id]));

const t1 = performance.now();
const BATCH = 500;
let written = 0;
for (let i = 0; i < units.length; i += BATCH) {
  const part = units.slice(i, i + BATCH);
  for (const actor of people)
    for (const shape of BENCH_BALLOTS) {
      await submitEntries(part.map((u, k) => rowFor(u, i + k, shape, actor)));
      written += part.length;
    }
  if ((i / BATCH) % 20 === 0) console.log(`${written} entries written`);
}
const writeSeconds = seconds(performance.now() - t1);
const { rows: verified } = await client.query<{ n: number }>(
  `SELECT count(*)::int AS n FROM "UnitResult" WHERE "electionId" = $1 AND status = 'verified'`,
  [electionId],
);
console.log(`${written} entries in ${writeSeconds} s; ${verified[0]!.n} unit ballots verified`);

// The first read after the bulk write also sets the rows' hint bits (it writes): timed on
// its own, then the best of three as a recomputation runs on election night.
let t2 = performance.now();
const recomputed = await recomputedTotals(electionId);
const recomputeColdSeconds = seconds(performance.now() - t2);
let recomputeSeconds = Infinity;
for (let run = 0; run < 3; run++) {
  t2 = performance.now();
  await recomputedTotals(electionId);
  recomputeSeconds = Math.min(recomputeSeconds, seconds(performance.now() - t2));
}
const running = await runningTotals(electionId);
const agree = isDeepStrictEqual(recomputed, running);
// The per-area state counts the coverage reads rest on, against a recount of the results.
const stateCountsAgree = (await stateCountsDrift(electionId)).length === 0;
const { nationalResults, contestResults, areaResults, contestAreasOverview } =
  await import("../../web/results/results.server.ts");
await nationalResults(electionId); // warm
const t3 = performance.now();
const national = await nationalResults(electionId);
const nationalSeconds = seconds(performance.now() - t3);
// The results reads as the pages and the feed make them, each 40 times: p95 ≤ 100 ms.
const timed = async (run: (k: number) => Promise<unknown>) => {
  await run(0);
  const ms: number[] = [];
  for (let k = 0; k < 40; k++) {
    const t = performance.now();
    await run(k);
    ms.push(performance.now() - t);
  }
  return percentiles(ms);
};
const areaCodes = [...new Set(units.map((u) => u.slice(0, 5)))];
const reads = {
  national: await timed(() => nationalResults(electionId)),
  ...Object.fromEntries(
    await Promise.all(
      BENCH_BALLOTS.map(async (b) => [`contest_${b.ballot}`, await timed(() => contestResults(electionId, b.ballot))]),
    ),
  ),
  areasOverview: await timed(() => contestAreasOverview(electionId, "constituency")),
  area_constituency: await timed((k) =>
    areaResults(electionId, "constituency", areaCodes[(k * 37) % areaCodes.length]!),
  ),
  area_referendum: await timed((k) => areaResults(electionId, "referendum", areaCodes[(k * 53) % areaCodes.length]!)),
} as Record<string, { p50: number; p95: number }>;
const worstP95 = Math.max(...Object.values(reads).map((r) => r.p95));
console.log(
  `results reads p95: ${Object.entries(reads)
    .map(([k, r]) => `${k} ${r.p95} ms`)
    .join(", ")}`,
);
console.log(
  `recomputation ${recomputeSeconds} s, best of 3 (target ≤ 2 s; the first, cold: ${recomputeColdSeconds} s); national aggregate ${nationalSeconds} s; agree: ${agree}; state counts agree: ${stateCountsAgree}`,
);

const { closeDb } = await import("../../web/db/db.server.ts");
await closeDb();
await client.end();
await database.drop();
console.log(
  JSON.stringify({
    bench: "recompute",
    units: units.length,
    entries: written,
    unitBallotsVerified: verified[0]!.n,
    contests: BENCH_BALLOTS.length,
    // "With the full country verified": every ballot of every unit.
    allVerified: verified[0]!.n === units.length * BENCH_BALLOTS.length,
    writeSeconds,
    entriesPerSecond: Math.round(written / writeSeconds),
    recomputeSeconds,
    recomputeColdSeconds,
    nationalAggregateSeconds: nationalSeconds,
    totalsAgree: agree,
    stateCountsAgree,
    nationalUnitsVerified: national.unitsVerified,
    resultsP95Ms: Object.fromEntries(Object.entries(reads).map(([k, r]) => [k, r.p95])),
    resultsWorstP95Ms: worstP95,
    targets: { recomputeSeconds: 2, resultsP95Ms: 100 },
  }),
);
if (!agree || !stateCountsAgree) process.exit(1);
