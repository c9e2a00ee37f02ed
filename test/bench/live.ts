// The realtime count at the national peak (ADR 0027): every unit's constituency and
// party-list count on a counting device, each device sending cumulative snapshots through
// the real endpoint (POST /api/v1/live/snapshots, a session cookie) with the real client
// protocol — a sequence number that grows per device, repeats (5%), reordering (5%: a
// snapshot held back and sent after the next), undos — and reading the interval the
// server directs. The web process folds into the provisional totals meanwhile, as in
// production. Measured: snapshots/s sustained, latency, the web process's peak RSS, the
// intervals the server asked for; in the same run, the raw PostgreSQL rate of upserting
// the same rows in batches, and the ratio. At the end the provisional totals must equal,
// exactly, the sum of the last snapshots (as the devices sent them, and as recomputed in
// SQL). Each device is its own placed volunteer with a session of their own (slot 0 counts
// the constituency ballot, slot 1 the party list), so that every snapshot pays for its
// session and placement as on election night; BENCH_SIGNED_IN=staff sends them all with
// one war-room session instead (the figures of earlier runs). `--size N` limits the
// units; BENCH_ROUNDS (default 3) snapshots per device.
import { readFileSync } from "node:fs";
import pg from "pg";
import { benchSize, seconds, statementProfile } from "./lib.ts";
import {
  cpuMeter,
  electionNight,
  httpCeiling,
  percentiles,
  PORT,
  placedVolunteers,
  postJsonFor,
  runConcurrently,
} from "./ingest-lib.ts";

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONTESTS = [
  { ballot: "constituency", numbers: 6 },
  { ballot: "party_list", numbers: 8 },
] as const;
const T0 = Date.parse("2027-03-14T10:20:00Z");

const night = await electionNight("live");
const units = night.units.slice(0, benchSize() ?? night.units.length);
const staffCookie = night.people[0]!.cookie;
const signedInAs = process.env.BENCH_SIGNED_IN === "staff" ? "staff" : "volunteers";
const volunteers =
  signedInAs === "volunteers" ? await placedVolunteers(night.client, night.electionId, units, 2) : null;

// One device per unit ballot, its counts so far.
interface Device {
  unit: string;
  ballot: string;
  id: string;
  cookie: string;
  seq: number;
  votes: number[];
  invalid: number;
  voteNo: number;
  taps: number;
  undos: number;
  held: string | null;
  previous: string | null;
}
const devices: Device[] = units.flatMap((unit, u) =>
  CONTESTS.map((c, k) => ({
    unit,
    ballot: c.ballot,
    cookie: volunteers?.get(unit)![k] ?? staffCookie,
    id: `00000000-0000-4000-8000-${(u * 2 + k).toString(16).padStart(12, "0")}`,
    seq: 0,
    votes: new Array<number>(c.numbers).fill(0),
    invalid: 0,
    voteNo: 0,
    taps: 0,
    undos: 0,
    held: null,
    previous: null,
  })),
);
// The last snapshot each device sent that the server took (the highest sequence number).
const lastTaken = new Map<Device, { seq: number; votes: number[]; ballots: number }>();

let rng = 12345;
const random = () => (rng = (rng * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;

/** Ten seconds of counting at a device: a few ballots read out, now and then an undo. */
function count(d: Device) {
  const read = 1 + Math.floor(random() * 6);
  let last = 0;
  for (let j = 0; j < read; j++) {
    const r = random();
    d.taps++;
    if (r < 0.03) d.invalid++;
    else if (r < 0.06) d.voteNo++;
    else d.votes[(last = Math.floor(random() * d.votes.length))]!++;
  }
  if (random() < 0.03 && d.votes[last]! > 0) {
    d.votes[last]!--;
    d.undos++;
    d.taps++;
  }
  d.seq++;
  const ballots = d.taps - 2 * d.undos;
  const votes = Object.fromEntries(d.votes.map((v, k) => [String(k + 1), v]));
  return {
    seq: d.seq,
    ballots,
    votesCopy: [...d.votes],
    body: JSON.stringify({
      unitCode: d.unit,
      ballot: d.ballot,
      deviceId: d.id,
      seq: d.seq,
      taps: d.taps,
      undos: d.undos,
      votes,
      invalid: d.invalid,
      voteNo: d.voteNo,
      finished: false,
      firstTapAt: new Date(T0).toISOString(),
      lastTapAt: new Date(T0 + 5_000 * ballots).toISOString(),
    }),
  };
}

const outcomes: Record<string, number> = {};
const intervals: number[] = [];
let sent = 0;
let failures = 0;
async function send(d: Device, body: string, seq: number, taken?: { votes: number[]; ballots: number }) {
  sent++;
  const answer = await postJsonFor("/api/v1/live/snapshots", body, { cookie: d.cookie });
  if (answer.status !== 200) {
    failures++;
    return;
  }
  const a = JSON.parse(answer.body) as { outcome: string; next: number };
  outcomes[a.outcome] = (outcomes[a.outcome] ?? 0) + 1;
  intervals.push(a.next);
  if (taken && (lastTaken.get(d)?.seq ?? 0) < seq) lastTaken.set(d, { seq, ...taken });
}

// The web process's resident memory, sampled.
const webRssKb = () => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${night.web.pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0; // gone
  }
};
const rssIdle = webRssKb();
let rssPeak = rssIdle;
const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, webRssKb())), 200);

// How far the fold falls behind: the snapshots not yet in the provisional totals, sampled.
let pendingMax = 0;
const pendingTimer = setInterval(() => {
  void night.client
    .query<{ n: number }>(`SELECT count(*)::int AS n FROM "LiveChange"`)
    .then(({ rows }) => (pendingMax = Math.max(pendingMax, rows[0]!.n)))
    .catch(() => {});
}, 2_000);

const profile = await statementProfile(night.client);
await profile.start();
const steps = devices.length * ROUNDS;
// Where the machine's CPU goes during the load: the web process, PostgreSQL (intake and
// fold), and this load generator.
const cpu = cpuMeter(night.web.pid);
let t = performance.now();
const latencies = await runConcurrently(steps, CONCURRENCY, async (i) => {
  const d = devices[i % devices.length]!;
  const s = count(d);
  const taken = { votes: s.votesCopy, ballots: s.ballots };
  const r = random();
  if (d.held) {
    // The newer one first, then the one held back (older: harmless).
    const held = d.held;
    d.held = null;
    await send(d, s.body, s.seq, taken);
    await send(d, held, 0);
  } else if (r < 0.05 && i + devices.length < steps) {
    d.held = s.body;
  } else {
    await send(d, s.body, s.seq, taken);
    if (r > 0.95 && d.previous) await send(d, s.body, s.seq); // a repeat
  }
  d.previous = s.body;
});
const httpSeconds = (performance.now() - t) / 1000;
const { cpuMs: cpuMsPerSnapshot, machineBusyPercent } = cpu(sent);
if (process.env.BENCH_HEAP) {
  const metrics = await (await fetch(`http://127.0.0.1:${PORT}/metrics`)).text();
  console.log(
    metrics
      .split("\n")
      .filter((l) => /^nodejs_(heap_size|external|heap_space_size_used)/.test(l))
      .join("\n"),
  );
}
const rate = Math.round(sent / httpSeconds);
clearInterval(rssTimer);
clearInterval(pendingTimer);
const lat = percentiles(latencies.filter((x) => x !== undefined));
const next = percentiles(intervals);
console.log(
  `HTTP: ${sent} snapshots from ${devices.length} devices in ${seconds(httpSeconds * 1000)} s = ${rate}/s ` +
    `(p50 ${lat.p50} ms, p95 ${lat.p95} ms, p99 ${lat.p99} ms), ${failures} refused; ${JSON.stringify(outcomes)}; ` +
    `web RSS ${Math.round(rssIdle / 1024)} MB idle, peak ${Math.round(rssPeak / 1024)} MB; next interval p50 ${next.p50} ms, max ${next.max} ms; ` +
    `CPU ms per snapshot ${JSON.stringify(cpuMsPerSnapshot)}, the machine ${machineBusyPercent}% busy`,
);

// The fold catches up (the web process folds every second).
t = performance.now();
for (;;) {
  const { rows } = await night.client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "LiveChange"`);
  if (rows[0]!.n === 0) break;
  await new Promise((r) => setTimeout(r, 250));
}
await new Promise((r) => setTimeout(r, 1_500)); // a fold in progress ends
const foldCatchUp = seconds(performance.now() - t);
await profile.print();

// Exactness: the totals against the devices' last snapshots, and against SQL's recomputation.
const expected = new Map<string, number>();
for (const [d, s] of lastTaken) {
  const add = (k: string, n: number) => expected.set(k, (expected.get(k) ?? 0) + n);
  add(`${d.ballot}|ballots`, s.ballots);
  s.votes.forEach((v, k) => add(`${d.ballot}|${k + 1}`, v));
}
const { rows: kept } = await night.client.query<{ ballot: string; number: number | null; n: number }>(
  `SELECT ballot, NULL::int AS number, sum(ballots)::int AS n FROM "LiveTotal" WHERE "electionId" = $1 GROUP BY ballot
   UNION ALL
   SELECT ballot, number, sum(votes)::int FROM "LiveVoteTotal" WHERE "electionId" = $1 GROUP BY ballot, number`,
  [night.electionId],
);
const keptMap = new Map(kept.map((k) => [`${k.ballot}|${k.number ?? "ballots"}`, k.n]));
const mismatches = [...new Set([...expected.keys(), ...keptMap.keys()])].filter(
  (k) => (expected.get(k) ?? 0) !== (keptMap.get(k) ?? 0),
);
const { liveDrift } = await import("../../web/live/live.sql.server.ts");
const drift = await liveDrift(night.electionId);
const ballotsCounted = [...lastTaken.values()].reduce((n, s) => n + s.ballots, 0);
console.log(
  `totals: ${ballotsCounted} ballots; against the devices' last snapshots ${mismatches.length} differences, ` +
    `against SQL's recomputation ${drift.length}; fold caught up in ${foldCatchUp} s (at most ${pendingMax} snapshots waiting during the load)`,
);

// The same rows, upserted straight into PostgreSQL in batches (a table like LiveSnapshot).
await night.client.query(`CREATE TABLE "LiveSnapshotRaw" (LIKE "LiveSnapshot" INCLUDING ALL)`);
const { rows: rowsToCopy } = await night.client.query(`SELECT * FROM "LiveSnapshot"`);
const BATCH = 250;
const pool = new pg.Pool({ connectionString: night.database.url, max: 4 });
const batches = Math.ceil(sent / BATCH);
t = performance.now();
await runConcurrently(batches, 4, async (b) => {
  const rows = Array.from({ length: Math.min(BATCH, sent - b * BATCH) }, (_, k) => {
    const r = rowsToCopy[(b * BATCH + k) % rowsToCopy.length];
    return { ...r, seq: r.seq + b };
  });
  await pool.query(
    `INSERT INTO "LiveSnapshotRaw" AS s ("electionId", "unitCode", ballot, "deviceId", "userId", seq, taps, undos, ballots, votes,
                                         invalid, "voteNo", finished, flags, "firstTapAt", "lastTapAt", "receivedAt")
     SELECT x."electionId", x."unitCode", x.ballot, x."deviceId", x."userId", x.seq, x.taps, x.undos, x.ballots, x.votes,
            x.invalid, x."voteNo", x.finished, x.flags, x."firstTapAt", x."lastTapAt", now()
       FROM jsonb_to_recordset($1::jsonb) AS x("electionId" uuid, "unitCode" text, ballot text, "deviceId" uuid, "userId" uuid,
            seq int, taps int, undos int, ballots int, votes jsonb, invalid int, "voteNo" int, finished boolean, flags text[],
            "firstTapAt" timestamp, "lastTapAt" timestamp)
     ON CONFLICT ("electionId", "unitCode", ballot, "deviceId") DO UPDATE SET seq = EXCLUDED.seq, taps = EXCLUDED.taps,
       undos = EXCLUDED.undos, ballots = EXCLUDED.ballots, votes = EXCLUDED.votes, invalid = EXCLUDED.invalid,
       "voteNo" = EXCLUDED."voteNo", finished = EXCLUDED.finished, flags = EXCLUDED.flags, "lastTapAt" = EXCLUDED."lastTapAt",
       "receivedAt" = now()`,
    [JSON.stringify(rows)],
  );
});
const rawSeconds = (performance.now() - t) / 1000;
const rawPerSecond = Math.round(sent / rawSeconds);
console.log(
  `raw PostgreSQL: ${sent} upserts in batches of ${BATCH} in ${seconds(rawSeconds * 1000)} s = ${rawPerSecond}/s`,
);
await pool.end();
await night.stop();

// What HTTP alone allows here, with the same requests and load generator (at most 100,000).
const ceiling = await httpCeiling(
  "/api/v1/live/snapshots",
  Array.from({ length: Math.min(sent, 100_000) }, (_, i) => {
    const d = devices[i % devices.length]!;
    return { body: d.previous ?? "{}", cookie: d.cookie };
  }),
  CONCURRENCY,
);

console.log(
  JSON.stringify({
    bench: "live",
    units: units.length,
    devices: devices.length,
    signedInAs,
    snapshots: sent,
    concurrency: CONCURRENCY,
    httpSeconds: Math.round(httpSeconds * 100) / 100,
    snapshotsPerSecond: rate,
    latencyMs: { p50: lat.p50, p95: lat.p95, p99: lat.p99, max: lat.max },
    refused: failures,
    outcomes,
    cpuMsPerSnapshot,
    machineBusyPercent,
    webRssIdleMb: Math.round(rssIdle / 1024),
    webRssPeakMb: Math.round(rssPeak / 1024),
    nextIntervalMs: { p50: next.p50, p95: next.p95, max: next.max },
    rawUpsertsPerSecond: rawPerSecond,
    httpCeilingPerSecond: ceiling.perSecond,
    shareOfHttpCeiling: Math.round((100 * rate) / ceiling.perSecond) / 100,
    ratio: Math.round((100 * rate) / rawPerSecond) / 100,
    totalsExact: mismatches.length === 0 && drift.length === 0,
    ballotsCounted,
    foldCatchUpSeconds: foldCatchUp,
    pendingMax,
    targets: { snapshotsPerSecond: 5000, ratio: 0.5, webRssMb: 300 },
  }),
);
process.exit(0);
