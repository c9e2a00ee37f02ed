// Shared by the election-night benchmarks: the whole country in a scratch database, an
// election, staff accounts with sessions, and the built web app running against it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { Pool } from "undici";
import type pg from "pg";
import { addReferendum, createSyntheticElection } from "../../web/elections/election-generator.sql.server.ts";
import { projectRoot } from "../../scripts/lib/migrations.ts";
import { serviceArgs, webServiceOptions } from "../../scripts/lib/processes.ts";
import { getConfig } from "../../web/config/config.server.ts";
import { fingerprintOf } from "../../web/tally/tally-rules.ts";
import { countryDatabase, seconds } from "./lib.ts";

export const PORT = Number(process.env.BENCH_WEB_PORT ?? 3260);

// The web app runs as in production (React's production build, no dev checks); this
// process signs the staff session cookies with the same secret.
const PRODUCTION_ENV: Record<string, string> = {
  NODE_ENV: "production",
  SESSION_SECRET: "bench-session-secret-0123456789abcdef",
  NATIONAL_ID_KEY: "bench-national-id-key-0123456789abcdef",
  SECURE_COOKIES: "false",
};
Object.assign(process.env, PRODUCTION_ENV);

/** The benchmarks' election on the country in `client`'s database: a general election's
 *  two ballots and, a third at every unit, a referendum on the same day (BENCH_BALLOTS). */
export async function benchElection(client: pg.Client) {
  const electionId = await createSyntheticElection(client, {
    slug: "bench",
    nameTh: "bench",
    nameEn: "bench",
    date: "2027-03-14",
    closesAt: "2027-03-14T17:00:00+07:00",
  });
  await addReferendum(client, electionId, { key: "referendum", nameTh: "ประชามติ", nameEn: "Referendum", position: 3 });
  return electionId;
}

export async function electionNight(label: string) {
  const t = performance.now();
  const { database, client } = await countryDatabase(label);
  const electionId = await benchElection(client);
  const { rows: units } = await client.query<{ code: string }>(`SELECT code FROM "PollingUnit" ORDER BY code`);
  console.log(`country (${units.length} units) and election ready in ${seconds(performance.now() - t)} s`);

  const { createSession } = await import("../../web/accounts/session.server.ts");
  const staff = async (phone: string) => {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO "User" (id, phone) VALUES (gen_random_uuid(), $1) RETURNING id`,
      [phone],
    );
    await client.query(
      `INSERT INTO "RoleGrant" (id, "userId", role) VALUES (gen_random_uuid(), $1, 'war_room_operator')`,
      [rows[0]!.id],
    );
    return { id: rows[0]!.id, cookie: (await createSession(rows[0]!.id, "bench")).split(";")[0]! };
  };
  const people = [await staff("+66890000001"), await staff("+66890000002")];

  const web = await startBuiltWeb(database.url);
  const stop = async () => {
    await web.stop();
    await client.end();
    await database.drop();
  };
  return { database, client, electionId, units: units.map((u) => u.code), people, web, stop };
}

/** Volunteers placed on the units as on election night, `slots` per unit (0 the reporter,
 *  1 the backup), each signed in with a session of their own: the endpoints then look up
 *  a session and a placement per request, as they do for 95,000 phones. Answers each
 *  unit's cookies by slot. Written in a few statements: 190,000 people in seconds. */
export async function placedVolunteers(client: pg.Client, electionId: string, units: string[], slots: 1 | 2) {
  const { signedSessionCookie } = await import("../../web/accounts/session.server.ts");
  const { sha256 } = await import("../../web/accounts/secrets.server.ts");
  const people = units.flatMap((unit) => Array.from({ length: slots }, (_, slot) => ({ unit, slot })));
  const tokens = people.map(() => randomBytes(32).toString("base64url"));
  for (let from = 0; from < people.length; from += 50_000) {
    const part = people.slice(from, from + 50_000);
    await client.query(
      `WITH p AS (
         SELECT gen_random_uuid() AS "userId", gen_random_uuid() AS "volunteerId", x.unit, x.slot, x.n, x.hash
           FROM unnest($2::text[], $3::int[], $4::int[], $5::text[]) AS x(unit, slot, n, hash)
       ), u AS (
         INSERT INTO "User" (id, phone) SELECT "userId", '+6670' || lpad(n::text, 7, '0') FROM p
       ), r AS (
         INSERT INTO "RoleGrant" (id, "userId", role) SELECT gen_random_uuid(), "userId", 'volunteer' FROM p
       ), s AS (
         INSERT INTO "Session" (id, "tokenHash", "userId", "expiresAt")
         SELECT gen_random_uuid(), hash, "userId", now() + interval '1 day' FROM p
       ), v AS (
         INSERT INTO "Volunteer" (id, "userId") SELECT "volunteerId", "userId" FROM p
       )
       INSERT INTO "UnitAssignment" (id, "electionId", "unitCode", slot, "volunteerId", status, source, "updatedAt")
       SELECT gen_random_uuid(), $1, unit, slot, "volunteerId", 'accepted', 'manual', now() FROM p`,
      [
        electionId,
        part.map((p) => p.unit),
        part.map((p) => p.slot),
        part.map((_, i) => from + i),
        part.map((_, i) => sha256(tokens[from + i]!)),
      ],
    );
  }
  const cookies = await Promise.all(tokens.map(async (t) => (await signedSessionCookie(t)).split(";")[0]!));
  return new Map(units.map((unit, u) => [unit, cookies.slice(u * slots, (u + 1) * slots)]));
}

/** Builds the web app and runs it as in production against `databaseUrl` on PORT (or
 *  `port`; `build: false` when it is built already: another web process of a cluster). */
export async function startBuiltWeb(
  databaseUrl: string,
  extraEnv: Record<string, string> = {},
  { port = PORT, build = true }: { port?: number; build?: boolean } = {},
) {
  if (build)
    spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "vite:build"], {
      cwd: projectRoot,
      stdio: "ignore",
    });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    ...PRODUCTION_ENV,
    ...extraEnv,
  };
  const server: ChildProcess = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_CPU_PROF] : []),
      ...(process.env.BENCH_WEB_NODE_FLAGS ? process.env.BENCH_WEB_NODE_FLAGS.split(" ") : []),
      ...serviceArgs("web/server.ts", webServiceOptions(getConfig())),
    ],
    { cwd: projectRoot, env, stdio: ["ignore", "ignore", "inherit"] },
  );
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    pid: server.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (server.exitCode !== null) return resolve();
        server.once("exit", () => resolve());
        server.kill("SIGTERM");
      }),
  };
}

/** A count that adds up, different per unit; on any ballot of the unit (`numbers` numbers,
 *  with or without a vote-no box) the same eligible voters and voters who came, so that
 *  the unit's ballots agree. */
export function countFor(i: number, numbers = 6, voteNoBox = true): Record<string, string> {
  const base = [200, 150, 100, 60, 40, 20].map((v, k) => v + ((i * (k + 3)) % 17));
  const invalid = 5 + (i % 7);
  const voteNo = 9 + (i % 5);
  const used = base.reduce((a, b) => a + b, 0) + invalid + voteNo;
  const valid = used - invalid - (voteNoBox ? voteNo : 0);
  const votes = Array.from(
    { length: numbers },
    (_, k) => Math.floor(valid / numbers) + (k === 0 ? valid % numbers : 0),
  );
  const left = 30 + (i % 11);
  return {
    eligible: String(used + 150),
    voters: String(used),
    ballotsReceived: String(used + left),
    ballotsUsed: String(used),
    valid: String(valid),
    ballotsLeftOver: String(left),
    invalid: String(invalid),
    ...(voteNoBox ? { voteNo: String(voteNo) } : {}),
    ...Object.fromEntries(votes.map((v, k) => [`vote_${k + 1}`, String(v)])),
  };
}

/** The ballots of the bench's election: the general election's two and a referendum. */
export const BENCH_BALLOTS = [
  { ballot: "constituency", numbers: 6, voteNo: true },
  { ballot: "party_list", numbers: 8, voteNo: true },
  { ballot: "referendum", numbers: 3, voteNo: false },
] as const;

/** As if a photo sender had already reported every unit's ballot through the report form,
 *  with the signed form's photo (a unit is verified only with that photo, ADR 0022): one
 *  entry per unit with the figures of countFor(i) and its form photo, written in bulk, and
 *  the unit's register set to its eligible voters. The entries sent over HTTP then agree
 *  with it and verify the unit. */
export async function seedFormPhotos(client: pg.Client, electionId: string, units: string[], ballot = "constituency") {
  const { readFigures, FIGURES } = await import("../../web/tally/tally-rules.ts");
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO "User" (id, phone) VALUES (gen_random_uuid(), '+66890000099')
     ON CONFLICT (phone) DO UPDATE SET phone = EXCLUDED.phone RETURNING id`,
  );
  const sender = rows[0]!.id;
  const shape = BENCH_BALLOTS.find((b) => b.ballot === ballot) ?? BENCH_BALLOTS[0];
  const numbers = Array.from({ length: shape.numbers }, (_, k) => k + 1);
  const asked = shape.voteNo ? undefined : FIGURES.filter((f) => f !== "voteNo");
  const entries = units.map((unit, i) => {
    const { figures } = readFigures(countFor(i, shape.numbers, shape.voteNo), numbers, asked);
    return { unit, ...figures, fingerprint: fingerprintOf(figures) };
  });
  await client.query(
    `WITH e AS (
       INSERT INTO "TallyEntry" (id, "submissionId", "electionId", "unitCode", ballot, source, "enteredById", eligible, voters,
                                 "ballotsReceived", "ballotsUsed", valid, "ballotsLeftOver", invalid, "voteNo", votes, flags, fingerprint)
       SELECT gen_random_uuid(), gen_random_uuid(), $1, x.unit, $2, 'reporter', $3, x.eligible, x.voters,
              x."ballotsReceived", x."ballotsUsed", x.valid, x."ballotsLeftOver", x.invalid, x."voteNo", x.votes, '{}', x.fingerprint
         FROM jsonb_to_recordset($4::jsonb) AS x(unit text, eligible int, voters int, "ballotsReceived" int, "ballotsUsed" int,
                                                 valid int, "ballotsLeftOver" int, invalid int, "voteNo" int, votes jsonb, fingerprint text)
       RETURNING id, "unitCode")
     INSERT INTO "TallyPhoto" (id, "electionId", "entryId", "unitCode", ballot, kind, sha256, "storageKey", "contentType", bytes, "uploadedById")
     SELECT gen_random_uuid(), $1, e.id, e."unitCode", $2, 'form', md5(e.id::text) || md5($2 || e.id::text),
            'bench/' || e.id, 'image/jpeg', 1, $3 FROM e`,
    [electionId, ballot, sender, JSON.stringify(entries)],
  );
  // The register agrees with the forms (else every entry is flagged eligibleRegistered).
  await client.query(
    `UPDATE "PollingUnit" u SET "eligibleVoters" = x.eligible
       FROM jsonb_to_recordset($1::jsonb) AS x(unit text, eligible int) WHERE u.code = x.unit`,
    [JSON.stringify(entries.map((e) => ({ unit: e.unit, eligible: e.eligible })))],
  );
}

/** A form photo of each unit's constituency ballot, as if its reporter had sent it (no
 *  file): the photo id to put in the reporter's entry, by unit — what verification needs. */
export async function formPhotoIds(client: pg.Client, electionId: string, units: string[], uploaderId: string) {
  const { rows } = await client.query<{ id: string; unitCode: string }>(
    `INSERT INTO "TallyPhoto" (id, "electionId", "unitCode", ballot, kind, sha256, "storageKey", "contentType", bytes, "uploadedById")
     SELECT gen_random_uuid(), $3, u, 'constituency', 'form', md5(u) || md5(u || 'f'), 'bench/' || u, 'image/jpeg', 1, $2
       FROM unnest($1::text[]) AS u RETURNING id, "unitCode"`,
    [units, uploaderId, electionId],
  );
  return new Map(rows.map((p) => [p.unitCode, p.id]));
}

/** A constituency entry as submitEntries takes it (tally.sql.server.ts), with unit i's count
 *  (countFor); `vote1`: number 1's votes instead, which no longer add up (flagged usedSum).
 *  The reporter's entry carries the unit's form photo, `photoId`. */
export function benchEntryRow(e: {
  electionId: string;
  unit: string;
  i: number;
  actor: string;
  reporter: boolean;
  photoId: string | null;
  vote1?: number;
}) {
  const f = countFor(e.i);
  const votes = Object.fromEntries([1, 2, 3, 4, 5, 6].map((k) => [String(k), Number(f[`vote_${k}`])]));
  if (e.vote1 !== undefined) votes["1"] = e.vote1;
  const figures = {
    eligible: Number(f.eligible),
    voters: Number(f.voters),
    ballotsReceived: Number(f.ballotsReceived),
    ballotsUsed: Number(f.ballotsUsed),
    valid: Object.values(votes).reduce((a, b) => a + b, 0),
    ballotsLeftOver: Number(f.ballotsLeftOver),
    invalid: Number(f.invalid),
    voteNo: Number(f.voteNo),
    votes,
  };
  return {
    submission: crypto.randomUUID(),
    election: e.electionId,
    unit: e.unit,
    ballot: "constituency",
    source: e.reporter ? "reporter" : "blind",
    actor: e.actor,
    eligible: figures.eligible,
    voters: figures.voters,
    received: figures.ballotsReceived,
    used: figures.ballotsUsed,
    left_over: figures.ballotsLeftOver,
    invalid: figures.invalid,
    vote_no: figures.voteNo,
    votes,
    flags: e.vote1 !== undefined ? ["usedSum"] : [],
    fingerprint: fingerprintOf(figures),
    photos: e.reporter && e.photoId ? [e.photoId] : [],
    valid: figures.valid,
    remarks: null,
    count_started: null,
    count_ended: null,
    form_posted: true,
    correction_reason: null,
  };
}

/** A realtime snapshot as storeSnapshots takes it (live.sql.server.ts): the unit's one
 *  device (its code as a uuid), `n` ballots, all for number 1. */
export function benchSnapshot(electionId: string, actor: string, unit: string, seq: number, n: number) {
  return {
    election: electionId,
    unit,
    ballot: "constituency",
    device: unit
      .replaceAll("-", "")
      .padEnd(32, "0")
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, "$1-$2-$3-$4-$5"),
    actor,
    seq,
    taps: n,
    undos: 0,
    ballots: n,
    votes: { "1": n },
    invalid: 0,
    vote_no: 0,
    finished: false,
    flags: [],
    first_tap_at: null,
    last_tap_at: null,
  };
}

/** Runs `tasks` with `concurrency` workers; returns each task's latency in ms. */
export async function runConcurrently(count: number, concurrency: number, task: (i: number) => Promise<void>) {
  const latencies = new Array<number>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t = performance.now();
        await task(i);
        latencies[i] = performance.now() - t;
      }
    }),
  );
  return latencies;
}

export function percentiles(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10;
  return { p50: at(50), p95: at(95), p99: at(99), max: Math.round(sorted[sorted.length - 1]! * 10) / 10 };
}

// The load generator shares the machine with the server and PostgreSQL: it posts through
// undici's pool of kept-alive connections, which costs about half of node:http's CPU per
// request (and a fraction of fetch()'s).
let pool: Pool | null = null;
const benchPool = () => (pool ??= new Pool(`http://127.0.0.1:${PORT}`, { connections: 256 }));

/** Posts JSON to the bench web app; resolves to the status. */
export async function postJson(path: string, body: string, headers: Record<string, string>): Promise<number> {
  return (await postJsonFor(path, body, headers)).status;
}

/** Posts JSON to the bench web app; resolves to the status and the answer's body. */
export async function postJsonFor(
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const answer = await benchPool().request({
    path,
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body,
  });
  return { status: answer.statusCode, body: await answer.body.text() };
}

/** CPU seconds a process has used so far (user and system), from /proc; 0 once it is gone.
 *  With `children`, also that of its children that have ended (and been waited for). */
export function cpuSecondsOf(pid: number, children = false) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // utime, stime, cutime, cstime in clock ticks
    const ticks = Number(fields[11]) + Number(fields[12]) + (children ? Number(fields[13]) + Number(fields[14]) : 0);
    return ticks / 100;
  } catch {
    return 0;
  }
}

/** The machine's CPU time so far, all of it and the idle part (from /proc/stat's first
 *  line), in clock ticks: the share busy between two readings says whether the load was
 *  bound by the CPU. */
export function machineCpu() {
  const ticks = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  return { total: ticks.reduce((a, b) => a + b, 0), idle: ticks[3]! + (ticks[4] ?? 0) };
}

/** CPU seconds used so far by the machine's PostgreSQL processes (the bench's cluster is
 *  the only one running during a benchmark): those running, and those that have ended —
 *  a connection closed while idle — through the postmaster, which waited for them. */
export const postgresCpuSeconds = () => commandCpuSeconds("postgres");

/** CPU seconds used so far by every process whose command starts with `command` (and
 *  their ended children): PostgreSQL's, nginx's. */
export function commandCpuSeconds(command: string) {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, "utf8").startsWith(command)) total += cpuSecondsOf(Number(pid), true);
    } catch {
      /* gone */
    }
  }
  return total;
}

/** Posts one entry as a phone would (JSON, the session cookie); resolves to the status. */
export const postEntry = (cookie: string, entry: Record<string, unknown>) =>
  postJson("/api/v1/entries", JSON.stringify(entry), { cookie });

/** The CPU readings a meter compares: the web process, PostgreSQL, this load generator
 *  and the machine. */
function cpuReading(webPid: number) {
  return { web: cpuSecondsOf(webPid), postgres: postgresCpuSeconds(), load: process.cpuUsage(), machine: machineCpu() };
}
type CpuReading = ReturnType<typeof cpuReading>;
type CpuUse = { web: number; postgres: number; load: number; total: number; idle: number };
const cpuUsed = (before: CpuReading, after: CpuReading): CpuUse => ({
  web: after.web - before.web,
  postgres: after.postgres - before.postgres,
  load: (after.load.user - before.load.user + after.load.system - before.load.system) / 1e6,
  total: after.machine.total - before.machine.total,
  idle: after.machine.idle - before.machine.idle,
});
function cpuPerRequest(used: CpuUse, requests: number) {
  const perRequestMs = (cpuSeconds: number) => Math.round((cpuSeconds * 1e6) / requests) / 1000;
  return {
    cpuMs: {
      web: perRequestMs(used.web),
      postgres: perRequestMs(used.postgres),
      loadGenerator: perRequestMs(used.load),
    },
    machineBusyPercent: Math.round(100 * (1 - used.idle / used.total)),
  };
}

/** Where the machine's CPU goes during a load: the web process, PostgreSQL and this load
 *  generator, per request (ms), and how busy the machine was. */
export function cpuMeter(webPid: number) {
  const before = cpuReading(webPid);
  return (requests: number) => cpuPerRequest(cpuUsed(before, cpuReading(webPid)), requests);
}

/** cpuMeter over several spans of a load (between them the machine does something else,
 *  which is not counted): span() starts one and answers the function that ends it. */
export function cpuSpans(webPid: number) {
  const sum: CpuUse = { web: 0, postgres: 0, load: 0, total: 0, idle: 0 };
  return {
    span() {
      const before = cpuReading(webPid);
      return () => {
        const used = cpuUsed(before, cpuReading(webPid));
        for (const k of Object.keys(sum) as (keyof CpuUse)[]) sum[k] += used[k];
      };
    },
    perRequest: (requests: number) => cpuPerRequest(sum, requests),
  };
}

/** What HTTP alone allows on this machine: the same requests, with the same concurrency
 *  and load generator, against a Node server of the same Node that reads each body and
 *  answers at once (no session, no database). The ceiling any endpoint's rate here is
 *  under; the benchmarks print it beside their rate. */
export async function httpCeiling(path: string, requests: { body: string; cookie: string }[], concurrency: number) {
  const port = PORT + 1;
  const server = spawn(
    process.execPath,
    [
      "-e",
      `require("node:http").createServer((req, res) => {
         const chunks = [];
         req.on("data", (c) => chunks.push(c));
         req.on("end", () => {
           JSON.parse(Buffer.concat(chunks).toString("utf8"));
           const json = '{"outcome":"stored","next":10000}';
           res.writeHead(200, { "content-type": "application/json", "content-length": json.length }).end(json);
         });
       }).listen(${port}, "127.0.0.1", () => console.log("ready"));`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve) => server.stdout!.once("data", () => resolve()));
  const client = new Pool(`http://127.0.0.1:${port}`, { connections: 256 });
  const cpu = cpuMeter(server.pid!);
  const t = performance.now();
  await runConcurrently(requests.length, concurrency, async (i) => {
    const r = requests[i]!;
    const answer = await client.request({
      path,
      method: "POST",
      headers: { cookie: r.cookie, "content-type": "application/json" },
      body: r.body,
    });
    await answer.body.text();
  });
  const perSecond = Math.round(requests.length / ((performance.now() - t) / 1000));
  const { cpuMs } = cpu(requests.length);
  await client.close();
  server.kill("SIGTERM");
  console.log(
    `HTTP alone (a server of the same Node that reads each body and answers at once): ${perSecond}/s; ` +
      `CPU ms per request: that server ${cpuMs.web}, the load generator ${cpuMs.loadGenerator}`,
  );
  return { perSecond, serverCpuMs: cpuMs.web, loadGeneratorCpuMs: cpuMs.loadGenerator };
}
