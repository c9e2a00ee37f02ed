// Scaled out (issue 41): `npm start` with 3 web processes and 2 workers on one PostgreSQL,
// nginx in front as deploy/nginx/nginx.conf configures it. Phones send realtime snapshots
// and Final Score entries through the proxy, retrying what was not acknowledged (the
// clients' protocol: cumulative snapshots with a growing sequence number, the same
// submission id for the same entry); a newsroom follows the feed's event stream,
// reconnecting with Last-Event-ID. In the middle: one web process and one worker are
// killed (-9); then the web processes are restarted one by one (SIGUSR2); then PostgreSQL
// is killed. Every acknowledged write is stored exactly once, the phones catch up, and
// the stream has every change once, in order.
import { createHash, randomUUID } from "node:crypto";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/lib/migrations.ts";
import { ctrlC, npmStart, ready, type Running } from "../support/npm-start.ts";
import { sessionCookieFor } from "../support/platform-session.ts";
import { startProxy } from "../support/proxy.ts";
import { countFields } from "../support/count-fields.ts";

const PORT = 3400 + 4 * Math.floor(Math.random() * 20); // and the next two
const PG_PORT = 54500 + Math.floor(Math.random() * 50);
const CHAIN_PORT = 8800 + Math.floor(Math.random() * 50);
const PROXY_PORT = 8200 + Math.floor(Math.random() * 50);
const DATA_DIR = `.data/test-cluster-${PORT}`;
const dataDir = path.join(projectRoot, DATA_DIR);
const UNITS = 16;
const HEAD = "+66800000003"; // the demo's head of 10-01

let run: Running;
let proxy: Awaited<ReturnType<typeof startProxy>>;
let db: pg.Pool;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let loading = true;
let newsroom: Newsroom | undefined;

beforeAll(async () => {
  run = npmStart({
    PORT: String(PORT),
    EMBEDDED_PG_PORT: String(PG_PORT),
    CHAIN_PORT: String(CHAIN_PORT),
    DATA_DIR,
    WEB_PROCESSES: "3",
    WORKERS: "2",
    DEMO_COUNTS: "0",
    LOG_LEVEL: process.env.CLUSTER_LOG ? "warn" : "error",
    LIVE_MIN_SECONDS_PER_BALLOT: "0",
    LIVE_INTERVAL_MS: "500",
  });
  await ready(run);
  proxy = await startProxy([PORT, PORT + 1, PORT + 2], PROXY_PORT);
  // A pool: its connections die with the database killed below, and new ones are made.
  db = new pg.Pool({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${PG_PORT}/election`, max: 4 });
  db.on("error", () => {});
}, 300_000);

afterAll(async () => {
  loading = false;
  newsroom?.stop();
  await db?.end().catch(() => {});
  if (process.env.CLUSTER_LOG) await writeFile(`${process.env.CLUSTER_LOG}.nginx`, proxy.errorLog());
  await proxy?.stop();
  if (run) await ctrlC(run);
  if (process.env.CLUSTER_LOG) await writeFile(process.env.CLUSTER_LOG, run.output());
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

type Record_ = { pid: number; services: Record<string, { pid: number | null; restarts: number }> };
const record = async () => JSON.parse(await readFile(path.join(dataDir, "supervisor.json"), "utf8")) as Record_;
async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, seconds = 60) {
  for (let i = 0; i < seconds * 10; i++) {
    const v = await what().catch(() => undefined);
    if (v !== undefined && ok(v)) return v;
    await sleep(100);
  }
  throw new Error(`not within ${seconds} s:\n${run.output().slice(-3000)}`);
}

/** Answers a phone would not retry (none expected). */
const unexpected: string[] = [];
/** What the proxy answered, by status, over the whole test. */
const answers = new Map<number, number>();
/** The same, by phase of the test ("steady", "kill web and worker", …). */
let phase = "steady";
const byPhase: Record<string, Record<number, number>> = {};
const count = (status: number) => {
  answers.set(status, (answers.get(status) ?? 0) + 1);
  const counts = (byPhase[phase] ??= {});
  counts[status] = (counts[status] ?? 0) + 1;
};
/** Why requests got no answer at all (a process killed mid-request), by reason. */
const failures = new Map<string, number>();
let retryAfterSeen = 0;
async function post(path: string, cookie: string, body: unknown) {
  try {
    const r = await fetch(`${proxy.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    count(r.status);
    if (r.status === 503 && Number(r.headers.get("retry-after")) > 0) retryAfterSeen++;
    const text = await r.text();
    let answer: Record<string, unknown>;
    try {
      answer = JSON.parse(text) as Record<string, unknown>;
    } catch {
      answer = { notJson: text.slice(0, 200), server: r.headers.get("server") };
    }
    return { status: r.status, body: answer };
  } catch (error) {
    count(0);
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    failures.set(cause, (failures.get(cause) ?? 0) + 1);
    return { status: 0, body: {} };
  }
}

/** A counting phone: taps at random, a snapshot of everything so far every ~200 ms; a
 *  snapshot not acknowledged is simply superseded by the next (cumulative). */
class Phone {
  readonly device = randomUUID();
  votes: Record<string, number> = {};
  taps = 0;
  seq = 0;
  acked = 0;
  ackedTaps = 0;
  readonly unit: string;
  readonly cookie: string;
  constructor(unit: string, cookie: string) {
    this.unit = unit;
    this.cookie = cookie;
  }
  tap() {
    const n = String(1 + Math.floor(Math.random() * 6));
    this.votes[n] = (this.votes[n] ?? 0) + 1;
    this.taps++;
  }
  async send() {
    this.seq++;
    const seq = this.seq;
    const taps = this.taps;
    const r = await post("/api/v1/live/snapshots", this.cookie, {
      unitCode: this.unit,
      ballot: "constituency",
      deviceId: this.device,
      seq,
      taps,
      undos: 0,
      votes: { ...this.votes },
      invalid: 0,
      voteNo: 0,
    });
    if (r.status === 200 && seq > this.acked) [this.acked, this.ackedTaps] = [seq, taps];
    if (![200, 0, 502, 503].includes(r.status)) unexpected.push(`snapshot ${r.status} ${JSON.stringify(r.body)}`);
  }
}

/** A Final Score entry, sent until acknowledged, always with the same submission id. */
class Entry {
  readonly submissionId = randomUUID();
  acknowledged = false;
  answer = "";
  readonly unit: string;
  readonly cookie: string;
  readonly source: "reporter" | "blind";
  constructor(unit: string, cookie: string, source: "reporter" | "blind") {
    this.unit = unit;
    this.cookie = cookie;
    this.source = source;
  }
  async send() {
    if (this.acknowledged) return;
    const { eligible: _e, ...figures } = countFields();
    const r = await post("/api/v1/entries", this.cookie, {
      submissionId: this.submissionId,
      unitCode: this.unit,
      ballot: "constituency",
      source: this.source,
      figures: { ...figures, eligible: "800" },
    });
    if (r.status === 200 || r.status === 201) [this.acknowledged, this.answer] = [true, JSON.stringify(r.body)];
    else if (![0, 502, 503].includes(r.status)) unexpected.push(`entry ${r.status} ${JSON.stringify(r.body)}`);
  }
}

/** A newsroom on the feed's event stream, through the proxy: every change's id, in the
 *  order received; on any end it reconnects with Last-Event-ID. */
class Newsroom {
  ids: number[] = [];
  reconnects = 0;
  private stopped = false;
  private controller = new AbortController();
  readonly key: string;
  constructor(key: string) {
    this.key = key;
  }
  start() {
    void (async () => {
      while (!this.stopped) {
        try {
          const r = await fetch(`${proxy.url}/api/v1/stream`, {
            headers: {
              authorization: `Bearer ${this.key}`,
              ...(this.ids.length ? { "last-event-id": String(this.ids.at(-1)) } : {}),
            },
            signal: this.controller.signal,
          });
          if (r.ok && r.body) {
            let buffer = "";
            const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
            for (let read = await reader.read(); !read.done; read = await reader.read()) {
              buffer += read.value;
              for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
                const id = /^id: (\d+)$/m.exec(buffer.slice(0, end));
                if (id) this.ids.push(Number(id[1]));
                buffer = buffer.slice(end + 2);
              }
            }
          }
        } catch {
          /* the stream broke: reconnect */
        }
        if (!this.stopped) {
          this.reconnects++;
          await sleep(300);
        }
      }
    })();
  }
  stop() {
    this.stopped = true;
    this.controller.abort();
  }
}

describe("3 web processes and 2 workers behind nginx", () => {
  it("store every acknowledged write exactly once through a kill -9 of a web process and a worker, a rolling restart and a PostgreSQL kill; the newsroom's stream has every change once, in order", async () => {
    // Units of 10-01 with their placed reporters; the demo's head of 10-01 keys the blind entries.
    const { rows: placed } = await db.query<{ unitCode: string; phone: string }>(
      `SELECT a."unitCode", u.phone FROM "UnitAssignment" a JOIN "Volunteer" v ON v.id = a."volunteerId"
         JOIN "User" u ON u.id = v."userId" JOIN "Election" e ON e.id = a."electionId"
        WHERE e.slug = 'demo-2027' AND a.slot = 0 AND a."unitCode" LIKE '10-01-%' ORDER BY a."unitCode" LIMIT $1`,
      [UNITS],
    );
    expect(placed.length).toBe(UNITS);
    // The units' registered voters as the entries' figures say (800), so that two equal
    // entries verify the unit.
    await db.query(`UPDATE "PollingUnit" SET "eligibleVoters" = 800 WHERE code = ANY($1)`, [
      placed.map((p) => p.unitCode),
    ]);
    const headCookie = await sessionCookieFor(db, dataDir, HEAD);
    const phones = await Promise.all(
      placed.map(async (p) => new Phone(p.unitCode, await sessionCookieFor(db, dataDir, p.phone))),
    );
    const entries: Entry[] = [];
    // A newsroom with a key, the results released.
    const key = `test-${randomUUID()}`;
    await db.query(`INSERT INTO "MediaOutlet" (id, name, "keyHash") VALUES (gen_random_uuid(), 'Newsroom', $1)`, [
      createHash("sha256").update(key).digest("hex"),
    ]);
    await db.query(
      `INSERT INTO "Setting" (key, value, "updatedAt") VALUES ('results.releasedAt', to_jsonb(now()::text), now())
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    );
    const feed = new Newsroom(key);
    newsroom = feed;
    feed.start();

    // The load: every phone taps and sends; halfway through each phase some units finish
    // and send their Final Score (the reporter's, then the head's blind entry: verified,
    // a change in the feed).
    const load = (async () => {
      while (loading) {
        await Promise.all(
          phones.map(async (p) => {
            for (let i = 0; i < 3; i++) p.tap();
            await p.send();
          }),
        );
        await Promise.all(entries.map((e) => e.send()));
        await sleep(150);
      }
    })();
    const finish = (from: number, to: number) => {
      for (const p of phones.slice(from, to)) {
        const reporter = new Entry(p.unit, p.cookie, "reporter");
        entries.push(reporter);
        // Once the reporter's entry is in: the signed form's photo with it (sent through
        // the report form, tested elsewhere: here its row), then the head's blind entry.
        void until(
          async () => reporter.acknowledged,
          (v) => v,
        )
          .then(() =>
            until(
              () =>
                db.query(
                  `INSERT INTO "TallyPhoto" (id, "electionId", "entryId", "unitCode", ballot, kind, sha256, "storageKey", "contentType", bytes, "uploadedById")
                   SELECT gen_random_uuid(), e."electionId", e.id, e."unitCode", e.ballot, 'form', md5(random()::text) || md5(random()::text), 'test', 'image/jpeg', 1, e."enteredById"
                     FROM "TallyEntry" e WHERE e.id = $1`,
                  [(JSON.parse(reporter.answer) as { id: string }).id],
                ),
              (r) => r.rowCount === 1,
            ),
          )
          .then(() => entries.push(new Entry(p.unit, headCookie, "blind")));
      }
    };

    // 1. kill -9 of one web process and one worker, under load.
    phase = "kill -9 web-2 and worker-2";
    await sleep(2_000);
    expect(answers.get(200) ?? 0, JSON.stringify([...answers, ...failures])).toBeGreaterThan(0);
    finish(0, 4);
    const before = await record();
    process.kill(before.services["web-2"]!.pid!, "SIGKILL");
    process.kill(before.services["worker-2"]!.pid!, "SIGKILL");
    await until(
      record,
      (r) =>
        r.services["web-2"]!.restarts === 1 && !!r.services["web-2"]!.pid && r.services["worker-2"]!.restarts === 1,
    );
    await sleep(2_000);

    // 2. A rolling restart of the web processes (SIGUSR2 to npm start's supervisor).
    phase = "rolling restart";
    finish(4, 8);
    process.kill(before.pid, "SIGUSR2");
    await until(
      async () => run.output(),
      (o) => o.includes("rolling restart done"),
      120,
    );
    await sleep(2_000);

    // 3. kill -9 of PostgreSQL: 503 with Retry-After meanwhile; started again.
    phase = "kill -9 PostgreSQL";
    finish(8, 12);
    process.kill((await record()).services.database!.pid!, "SIGKILL");
    await until(record, (r) => r.services.database!.restarts === 1 && !!r.services.database!.pid);
    await sleep(3_000);
    phase = "catching up";
    finish(12, UNITS);

    // The phones' queues catch up: every snapshot acknowledged, every entry.
    await until(
      async () => entries.length === UNITS * 2 && entries.every((e) => e.acknowledged),
      (v) => v,
      120,
    ).catch((error: Error) => {
      throw new Error(
        `${entries.filter((e) => e.acknowledged).length} of ${entries.length} entries acknowledged; answers ${JSON.stringify(Object.fromEntries(answers))}; failures ${JSON.stringify(Object.fromEntries(failures))}; ${unexpected.slice(0, 5).join("; ")}\n${error.message}`,
      );
    });
    expect(unexpected).toEqual([]);
    loading = false;
    await load;
    await Promise.all(
      phones.map((p) =>
        until(
          async () => (await p.send(), p.acked === p.seq),
          (v) => v,
          60,
        ),
      ),
    );

    // Every acknowledged snapshot: its device's stored row is at least as far, and the
    // last one is exactly the phone's count.
    const { rows: stored } = await db.query<{ deviceId: string; seq: number; taps: number; ballots: number }>(
      `SELECT "deviceId", seq, taps, ballots FROM "LiveSnapshot" WHERE "deviceId" = ANY($1::uuid[])`,
      [phones.map((p) => p.device)],
    );
    expect(stored).toHaveLength(UNITS); // one row per device
    for (const p of phones) {
      const row = stored.find((s) => s.deviceId === p.device)!;
      expect([row.seq, row.taps, row.ballots]).toEqual([p.seq, p.taps, p.taps]);
    }
    // Every acknowledged entry, once.
    const { rows: kept } = await db.query<{ submissionId: string; n: number }>(
      `SELECT "submissionId", count(*)::int AS n FROM "TallyEntry" WHERE "submissionId" = ANY($1::uuid[]) GROUP BY 1`,
      [entries.map((e) => e.submissionId)],
    );
    expect(kept).toHaveLength(UNITS * 2);
    expect(kept.every((k) => k.n === 1)).toBe(true);

    // The newsroom: every change of the election once, in order, through the reconnects.
    const { rows: changes } = await db.query<{ seq: number }>(
      `SELECT c.seq FROM "ResultChange" c JOIN "Election" e ON e.id = c."electionId" WHERE e.slug = 'demo-2027' ORDER BY c.seq`,
    );
    expect(changes.length, entries.map((e) => `${e.source} ${e.answer}`).join("\n")).toBeGreaterThanOrEqual(UNITS);
    await until(
      async () => feed.ids.length,
      (n) => n >= changes.length,
      30,
    );
    feed.stop();
    expect(feed.ids).toEqual(changes.map((c) => c.seq));
    expect(feed.reconnects).toBeGreaterThan(0);

    // The rolling restart: every request answered (no 502, no connection lost).
    expect(Object.keys(byPhase["rolling restart"] ?? {}).sort()).toEqual(["200", "201"]);
    // While PostgreSQL was down the phones were told when to come back.
    expect(retryAfterSeen).toBeGreaterThan(0);
    const after = await record();
    expect(after.services["web-2"]!.restarts).toBe(1);
    expect(after.services.web!.restarts).toBe(0);
    console.log(
      `cluster: answers by phase and status ${JSON.stringify(byPhase)}, newsroom reconnects ${feed.reconnects}`,
    );
  }, 600_000);
});
