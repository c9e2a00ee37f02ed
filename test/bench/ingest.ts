// Election-night ingest at three contests a unit (constituency, party list and a
// referendum): two entries per unit ballot (the unit's report, which agrees with an
// earlier entry sent with the signed form's photo and so verifies the unit ballot, and a
// blind entry that agrees too), through the real HTTP endpoint (the reporter app's
// POST /api/v1/entries, with a session cookie), many at once. In the same run, in
// alternating rounds, the raw PostgreSQL rate of inserting the same rows directly (one
// INSERT each, same concurrency) — the ratio says what the application costs. Targets:
// ≥ 1,000 entries/s, ratio ≥ 0.35. `--size N` limits the number of units.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { benchSize, seconds, statementProfile } from "./lib.ts";
import {
  BENCH_BALLOTS,
  countFor,
  cpuSpans,
  electionNight,
  httpCeiling,
  percentiles,
  placedVolunteers,
  postEntry,
  runConcurrently,
  seedFormPhotos,
} from "./ingest-lib.ts";

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const night = await electionNight("ingest");
const units = night.units.slice(0, benchSize() ?? night.units.length);
const ballots = BENCH_BALLOTS.length;
const total = units.length * ballots * 2;
for (const b of BENCH_BALLOTS) await seedFormPhotos(night.client, night.electionId, units, b.ballot);
let failures = 0;

// The unit's report comes from its placed reporter, each with a session of their own (ADR
// 0033; BENCH_SIGNED_IN=staff: a staff session, as in earlier runs); the blind entry is
// keyed by staff.
const reporters =
  process.env.BENCH_SIGNED_IN === "staff" ? null : await placedVolunteers(night.client, night.electionId, units, 1);

// Entry i: unit ⌊i / (2 × ballots)⌋, its ballots in turn: the unit's report, then the blind entry.
const entry = (i: number) => {
  const second = i & 1;
  const shape = BENCH_BALLOTS[(i >> 1) % ballots]!;
  const unit = Math.floor(i / (2 * ballots));
  return {
    cookie: second ? night.people[1]!.cookie : (reporters?.get(units[unit]!)![0] ?? night.people[0]!.cookie),
    body: {
      submissionId: randomUUID(),
      unitCode: units[unit],
      ballot: shape.ballot,
      source: second ? "blind" : "reporter",
      figures: countFor(unit, shape.numbers, shape.voteNo),
    },
  };
};
const post = async (i: number) => {
  const { cookie, body } = entry(i);
  if ((await postEntry(cookie, body)) !== 201) failures++;
};
// In rounds (BENCH_ROUNDS, default 8): a slice of the entries over HTTP, then the same
// rows straight into PostgreSQL — one INSERT each, the same concurrency, into the same
// table with its indexes, under an election of their own (so the tally never sees them).
// The two rates are measured side by side, on the same machine at the same moment and a
// table of the same size, so that what else the machine is doing (autovacuum after a
// large phase, a neighbour) weighs on both alike (ADR 0037).
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 8));
const { rows: rawElection } = await night.client.query<{ id: string }>(
  `INSERT INTO "Election" (id, slug, "nameTh", "nameEn", date, "closesAt")
   VALUES (gen_random_uuid(), 'bench-raw', 'raw', 'raw', '2000-01-01', '2000-01-01T17:00:00+07:00') RETURNING id`,
);
// Its connections stay open between rounds: a backend that exits takes its CPU time out of
// the PostgreSQL total that the HTTP rounds are measured by.
const pool = new pg.Pool({ connectionString: night.database.url, max: CONCURRENCY, idleTimeoutMillis: 0 });
const insertRaw = (e: Record<string, unknown>) =>
  pool.query(
    `INSERT INTO "TallyEntry" (id, "submissionId", "electionId", "unitCode", ballot, source, "enteredById", eligible, voters, "ballotsReceived", "ballotsUsed", "ballotsLeftOver", invalid, "voteNo", votes, flags, fingerprint, valid)
     VALUES (gen_random_uuid(), gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [
      rawElection[0]!.id,
      e.unitCode,
      e.ballot,
      e.source,
      e.enteredById,
      e.eligible,
      e.voters,
      e.ballotsReceived,
      e.ballotsUsed,
      e.ballotsLeftOver,
      e.invalid,
      e.voteNo,
      JSON.stringify(e.votes),
      e.flags,
      e.fingerprint,
      e.valid,
    ],
  );
const profile = await statementProfile(night.client);
await profile.start();
const cpu = cpuSpans(night.web.pid);
const latencies: number[] = [];
let [httpMs, rawMs, rawRows] = [0, 0, 0];
let since = (
  await night.client.query<{ at: string }>(
    `SELECT max("createdAt")::text AS at FROM "TallyEntry" WHERE "electionId" = $1`,
    [night.electionId],
  )
).rows[0]!.at;
for (let round = 0; round < ROUNDS; round++) {
  const [from, to] = [Math.floor((total * round) / ROUNDS), Math.floor((total * (round + 1)) / ROUNDS)];
  const spanEnds = cpu.span();
  let t = performance.now();
  latencies.push(...(await runConcurrently(to - from, CONCURRENCY, (i) => post(from + i))));
  httpMs += performance.now() - t;
  spanEnds();
  const { rows: written } = await night.client.query(
    `SELECT *, "createdAt"::text AS at FROM "TallyEntry" WHERE "electionId" = $1 AND "createdAt" > $2::timestamp ORDER BY "createdAt"`,
    [night.electionId, since],
  );
  since = written.at(-1)?.at ?? since;
  t = performance.now();
  await runConcurrently(written.length, CONCURRENCY, async (i) => void (await insertRaw(written[i]!)));
  rawMs += performance.now() - t;
  rawRows += written.length;
  console.log(
    `round ${round + 1}/${ROUNDS}: ${to - from} entries over HTTP, then ${written.length} raw rows; so far ` +
      `${Math.round(latencies.length / (httpMs / 1000))}/s and ${Math.round(rawRows / (rawMs / 1000))}/s raw`,
  );
}
await pool.end();
const httpSeconds = httpMs / 1000;
const { cpuMs: cpuMsPerEntry, machineBusyPercent } = cpu.perRequest(total);
const http = { entriesPerSecond: Math.round(total / httpSeconds), ...percentiles(latencies) };
console.log(
  `HTTP: ${total} entries in ${seconds(httpMs)} s = ${http.entriesPerSecond}/s (p50 ${http.p50} ms, p95 ${http.p95} ms, p99 ${http.p99} ms), ${failures} refused; ` +
    `CPU ms per entry ${JSON.stringify(cpuMsPerEntry)}, the machine ${machineBusyPercent}% busy`,
);
await profile.print();
const { rows: verified } = await night.client.query<{ n: number }>(
  `SELECT count(*)::int AS n FROM "UnitResult" WHERE status = 'verified'`,
);
const rawPerSecond = Math.round(rawRows / (rawMs / 1000));
console.log(`raw PostgreSQL: ${rawRows} rows in ${seconds(rawMs)} s = ${rawPerSecond}/s`);
await night.stop();

// What HTTP alone allows here, with the same requests and load generator (at most 100,000).
const ceiling = await httpCeiling(
  "/api/v1/entries",
  Array.from({ length: Math.min(total, 100_000) }, (_, i) => {
    const { cookie, body } = entry(i);
    return { cookie, body: JSON.stringify(body) };
  }),
  CONCURRENCY,
);
console.log(
  JSON.stringify({
    bench: "ingest",
    units: units.length,
    contests: ballots,
    entries: total,
    signedInAs: reporters ? "reporters" : "staff",
    concurrency: CONCURRENCY,
    rounds: ROUNDS,
    httpSeconds: Math.round(httpSeconds * 100) / 100,
    entriesPerSecond: http.entriesPerSecond,
    latencyMs: { p50: http.p50, p95: http.p95, p99: http.p99, max: http.max },
    cpuMsPerEntry,
    machineBusyPercent,
    refused: failures,
    unitsVerified: verified[0]!.n,
    rawRowsPerSecond: rawPerSecond,
    ratio: Math.round((100 * http.entriesPerSecond) / rawPerSecond) / 100,
    httpCeilingPerSecond: ceiling.perSecond,
    shareOfHttpCeiling: Math.round((100 * http.entriesPerSecond) / ceiling.perSecond) / 100,
    targets: { entriesPerSecond: 1000, ratio: 0.35 },
  }),
);
process.exit(0);
