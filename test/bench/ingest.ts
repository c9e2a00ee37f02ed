// Election-night ingest at three contests a unit (constituency, party list and a
// referendum): two entries per unit ballot (the unit's report, which agrees with an
// earlier entry sent with the signed form's photo and so verifies the unit ballot, and a
// blind entry that agrees too), through the real HTTP endpoint (the
// reporter app's POST /api/v1/entries, with a session cookie), many at once. In the same run, the raw
// PostgreSQL rate of inserting the same rows directly (one INSERT each, same
// concurrency) — the ratio says what the application costs. Targets: ≥ 1,000 entries/s,
// ratio ≥ 0.3. `--size N` limits the number of units.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { benchSize, seconds, statementProfile } from "./lib.ts";
import {
  BENCH_BALLOTS,
  countFor,
  cpuMeter,
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
const profile = await statementProfile(night.client);
await profile.start();
const cpu = cpuMeter(night.web.pid);
let t = performance.now();
const latencies = await runConcurrently(total, CONCURRENCY, post);
const httpSeconds = (performance.now() - t) / 1000;
const { cpuMs: cpuMsPerEntry, machineBusyPercent } = cpu(total);
const http = { entriesPerSecond: Math.round(total / httpSeconds), ...percentiles(latencies) };
console.log(
  `HTTP: ${total} entries in ${seconds(httpSeconds * 1000)} s = ${http.entriesPerSecond}/s (p50 ${http.p50} ms, p95 ${http.p95} ms, p99 ${http.p99} ms), ${failures} refused; ` +
    `CPU ms per entry ${JSON.stringify(cpuMsPerEntry)}, the machine ${machineBusyPercent}% busy`,
);
await profile.print();
const { rows: verified } = await night.client.query<{ n: number }>(
  `SELECT count(*)::int AS n FROM "UnitResult" WHERE status = 'verified'`,
);

// The same rows, straight into PostgreSQL.
const pool = new pg.Pool({ connectionString: night.database.url, max: CONCURRENCY });
const { rows: entries } = await night.client.query(`SELECT * FROM "TallyEntry" ORDER BY "createdAt" LIMIT $1`, [total]);
t = performance.now();
await runConcurrently(entries.length, CONCURRENCY, async (i) => {
  const e = entries[i];
  await pool.query(
    `INSERT INTO "TallyEntry" (id, "submissionId", "electionId", "unitCode", ballot, source, "enteredById", eligible, voters, "ballotsReceived", "ballotsUsed", "ballotsLeftOver", invalid, "voteNo", votes, flags, fingerprint, valid)
     VALUES (gen_random_uuid(), gen_random_uuid(), $1, $2, 'party_list', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      e.electionId,
      e.unitCode,
      e.source,
      e.enteredById,
      e.eligible,
      e.voters,
      e.ballotsReceived,
      e.ballotsUsed,
      e.ballotsLeftOver,
      e.invalid,
      e.voteNo,
      e.votes,
      e.flags,
      e.fingerprint,
      e.valid,
    ],
  );
});
const rawSeconds = (performance.now() - t) / 1000;
const rawPerSecond = Math.round(entries.length / rawSeconds);
console.log(`raw PostgreSQL: ${entries.length} rows in ${seconds(rawSeconds * 1000)} s = ${rawPerSecond}/s`);
await pool.end();
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
