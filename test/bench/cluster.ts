// Scaling out (issue 41): the realtime count's snapshots and the Final Score's entries
// through nginx (deploy/nginx/nginx.conf) to 1, 2 and 3 web processes on one PostgreSQL,
// on the synthetic country. For each: snapshots/s and entries/s, and the CPU each costs —
// the web processes', PostgreSQL's, nginx's and the load generator's, per operation — with
// how busy the machine was (a machine that is all busy measures its CPU, not the scaling).
// Then `npm start` with two web processes: the time from a kill -9 of one to its
// replacement serving again (the supervisor's backoff included), three times, and a
// rolling restart's length.
// --size N: the units (default 20,000): each has a counting phone (its placed volunteer,
// signed in) that sends BENCH_ROUNDS (default 2) snapshots per configuration (after a
// tenth of them as a warm-up), and sends its unit's Final Score in one configuration.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { readFile, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { Pool } from "undici";
import { benchSize, seconds } from "./lib.ts";
import {
  commandCpuSeconds,
  countFor,
  cpuSecondsOf,
  electionNight,
  machineCpu,
  percentiles,
  placedVolunteers,
  PORT,
  runConcurrently,
  startBuiltWeb,
} from "./ingest-lib.ts";
import { startProxy } from "../support/proxy.ts";
import { ctrlC, npmStart, ready } from "../support/npm-start.ts";
import { projectRoot } from "../../scripts/lib/migrations.ts";

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const PROXY_PORT = PORT + 40;
const CONFIGURATIONS = [1, 2, 3];

const night = await electionNight("cluster");
const units = night.units.slice(0, Math.min(benchSize() ?? 20_000, night.units.length));
const cookies = await placedVolunteers(night.client, night.electionId, units, 1);
const webs = [night.web];
const devices = units.map((unit, u) => ({
  unit,
  cookie: cookies.get(unit)![0]!,
  id: `00000000-0000-4000-8000-${u.toString(16).padStart(12, "0")}`,
  seq: 0,
  votes: [0, 0, 0, 0, 0, 0],
}));
// The units whose Final Score each configuration sends: a third of them each.
const third = Math.floor(units.length / CONFIGURATIONS.length);

/** CPU seconds so far: the web processes, PostgreSQL, nginx, this load generator, and the
 *  machine's busy share. */
const cpuNow = () => ({
  web: webs.reduce((sum, w) => sum + cpuSecondsOf(w.pid), 0),
  postgres: commandCpuSeconds("postgres"),
  nginx: commandCpuSeconds("nginx"),
  load: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
  machine: machineCpu(),
});
function cpuPerOperation(before: ReturnType<typeof cpuNow>, operations: number) {
  const after = cpuNow();
  const ms = (s: number) => Math.round((s * 1e6) / operations) / 1000;
  return {
    cpuMsPerOperation: {
      web: ms(after.web - before.web),
      postgres: ms(after.postgres - before.postgres),
      nginx: ms(after.nginx - before.nginx),
      loadGenerator: ms(after.load - before.load),
    },
    machineBusyPercent: Math.round(
      100 * (1 - (after.machine.idle - before.machine.idle) / (after.machine.total - before.machine.total)),
    ),
  };
}

const results: Record<string, unknown>[] = [];
for (const processes of CONFIGURATIONS) {
  while (webs.length < processes)
    webs.push(await startBuiltWeb(night.database.url, {}, { port: PORT + webs.length, build: false }));
  const proxy = await startProxy(
    webs.map((_, i) => PORT + i),
    PROXY_PORT,
  );
  const pool = new Pool(proxy.url, { connections: 256 });
  const post = async (path: string, cookie: string, body: unknown) => {
    const answer = await pool.request({
      path,
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    await answer.body.dump();
    return answer.statusCode;
  };
  let failures = 0;

  // Snapshots: every phone ROUNDS times, a few more taps each time; first a round of a
  // tenth of them, not measured, so that a process just started is warm (its JIT, its
  // caches, its connections) like the others.
  const sendSnapshot = async (i: number) => {
    const d = devices[i % devices.length]!;
    for (let k = 0; k < 3; k++) d.votes[(i + k) % 6]!++;
    d.seq++;
    const taps = d.votes.reduce((a, b) => a + b, 0);
    const status = await post("/api/v1/live/snapshots", d.cookie, {
      unitCode: d.unit,
      ballot: "constituency",
      deviceId: d.id,
      seq: d.seq,
      taps,
      undos: 0,
      votes: Object.fromEntries(d.votes.map((v, k) => [String(k + 1), v])),
      invalid: 0,
      voteNo: 0,
    });
    if (status !== 200) failures++;
  };
  await runConcurrently(Math.ceil(devices.length / 10), CONCURRENCY, sendSnapshot);
  let before = cpuNow();
  let started = performance.now();
  const snapshotLatencies = await runConcurrently(devices.length * ROUNDS, CONCURRENCY, sendSnapshot);
  const snapshotSeconds = (performance.now() - started) / 1000;
  const snapshots = {
    perSecond: Math.round((devices.length * ROUNDS) / snapshotSeconds),
    latencyMs: percentiles(snapshotLatencies),
    ...cpuPerOperation(before, devices.length * ROUNDS),
  };

  // Final Scores: the reporters of a third of the units.
  const from = (processes - 1) * third;
  before = cpuNow();
  started = performance.now();
  const entryLatencies = await runConcurrently(third, CONCURRENCY, async (i) => {
    const d = devices[from + i]!;
    const status = await post("/api/v1/entries", d.cookie, {
      submissionId: randomUUID(),
      unitCode: d.unit,
      ballot: "constituency",
      source: "reporter",
      figures: countFor(from + i),
    });
    if (status !== 201 && status !== 200) failures++;
  });
  const entrySeconds = (performance.now() - started) / 1000;
  const entries = {
    perSecond: Math.round(third / entrySeconds),
    latencyMs: percentiles(entryLatencies),
    ...cpuPerOperation(before, third),
  };
  await pool.close();
  await proxy.stop();
  console.log(
    `${processes} web process(es): ${snapshots.perSecond} snapshots/s, ${entries.perSecond} entries/s, ${failures} failures; CPU per snapshot ${JSON.stringify(snapshots.cpuMsPerOperation)} ms (machine ${snapshots.machineBusyPercent}% busy)`,
  );
  results.push({ webProcesses: processes, snapshots, entries, failures });
}
for (const w of webs) await w.stop();
await night.stop();

// Recovery under npm start's supervision: two web processes, one killed three times.
const dataDir = `.data/bench-cluster-${PORT}`;
const run = npmStart({
  PORT: String(PORT + 50),
  EMBEDDED_PG_PORT: String(54700 + (PORT % 50)),
  CHAIN_PORT: String(8700 + (PORT % 50)),
  DATA_DIR: dataDir,
  WEB_PROCESSES: "2",
  DEMO_COUNTS: "0",
  LOG_LEVEL: "error",
});
await ready(run);
const second = `http://127.0.0.1:${PORT + 51}/healthz`;
const serving = async () => (await fetch(second).catch(() => null))?.ok === true;
/** npm start's supervisor record: its pid, and each service's. */
const record = async () =>
  JSON.parse(await readFile(path.join(projectRoot, dataDir, "supervisor.json"), "utf8")) as {
    pid: number;
    services: Record<string, { pid: number | null }>;
  };
const recoverySeconds: number[] = [];
for (let k = 0; k < 3; k++) {
  const { services } = await record();
  const killedAt = performance.now();
  process.kill(services["web-2"]!.pid!, "SIGKILL");
  while (await serving()) await new Promise((r) => setTimeout(r, 20));
  while (!(await serving())) await new Promise((r) => setTimeout(r, 50));
  recoverySeconds.push(seconds(performance.now() - killedAt));
  await new Promise((r) => setTimeout(r, 1000));
}
console.log(`kill -9 of a web process → serving again: ${recoverySeconds.join(", ")} s (backoff 0.5, 1, 2 s)`);
const rollingFrom = performance.now();
process.kill((await record()).pid, "SIGUSR2");
while (!run.output().includes("rolling restart done")) await new Promise((r) => setTimeout(r, 100));
const rollingSeconds = seconds(performance.now() - rollingFrom);
await ctrlC(run);
await rm(path.join(projectRoot, dataDir), { recursive: true, force: true });

console.log(
  JSON.stringify({
    bench: "cluster",
    units: units.length,
    roundsPerPhone: ROUNDS,
    concurrency: CONCURRENCY,
    cpus: availableParallelism(),
    configurations: results,
    killToServingSeconds: recoverySeconds,
    rollingRestartSeconds: rollingSeconds,
  }),
);
process.exit(0);
