// PostgreSQL restarts in the middle of election night's load (ADR 0027): phones keep
// sending realtime snapshots and Final Score entries, retrying what was not acknowledged
// (the client's protocol: cumulative snapshots, a growing sequence number, the same
// submission id for the same entry). Afterwards every acknowledged snapshot and entry is
// there, the phones' queues have caught up, and the provisional totals equal their taps.
// This file runs on a PostgreSQL server of its own, which it stops and starts.
import { randomUUID } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres.ts";
import { deployMigrations, projectRoot } from "../../scripts/lib/migrations.ts";

const PORT = Number(process.env.TEST_RESTART_PG_PORT ?? 54341);
const DATA_DIR = path.join(projectRoot, ".data", "test-restart-postgres");
type Cluster = Awaited<ReturnType<typeof startEmbeddedPostgres>>;
let cluster: Cluster;
let databaseUrl = "";

beforeAll(async () => {
  cluster = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PORT });
  const admin = new pg.Client({ connectionString: cluster.urlFor("postgres") });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS restart_test WITH (FORCE)`);
  await admin.query(`CREATE DATABASE restart_test`);
  await admin.end();
  databaseUrl = cluster.urlFor("restart_test");
  await deployMigrations(databaseUrl);
  // This process's pool is made on first use: from here on, it is this server's.
  process.env.DATABASE_URL = databaseUrl;
  const { seedTestElection } = await import("../support/election.ts");
  await seedTestElection("restart");
}, 120_000);

afterAll(async () => {
  const { closeDb } = await import("../../web/db/db.server.ts");
  await closeDb();
  await cluster?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a PostgreSQL restart under load", () => {
  it("loses nothing acknowledged, and the phones catch up without a lost tap", async () => {
    const { db } = await import("../../web/db/db.server.ts");
    const { submitSnapshot } = await import("../../web/live/snapshots.server.ts");
    const { submitEntry } = await import("../../web/tally/entries.server.ts");
    const { currentElection } = await import("../../web/elections/elections.server.ts");
    const { foldNow } = await import("../../web/live/fold.server.ts");
    const { liveDrift } = await import("../../web/live/live.sql.server.ts");
    const { countFields } = await import("../support/count-fields.ts");
    const staff = await db().user.create({ data: { phone: "+66893000001", displayName: "war room" } });
    const user = {
      id: staff.id,
      roles: [{ role: "war_room_operator" as const, organisationId: null, constituencyId: null }],
    };
    const units = (await db().pollingUnit.findMany({ orderBy: { code: "asc" }, take: 40 })).map((u) => u.code);
    const electionId = (await currentElection()).id;

    // A phone per unit: its taps (the truth), the snapshots the server took, and for the
    // first ten units a Final Score entry sent once the count is done.
    const phones = units.map((unit, i) => ({
      unit,
      device: randomUUID(),
      votes: {} as Record<string, number>,
      seq: 0,
      acked: 0,
      entry: i < 10 ? randomUUID() : null,
      entryAcked: false,
    }));
    let failures = 0;
    const sendSnapshot = async (p: (typeof phones)[number]) => {
      const votes = { ...p.votes };
      const seq = ++p.seq;
      const ballots = Object.values(votes).reduce((a, b) => a + b, 0);
      try {
        await submitSnapshot(user, {
          unitCode: p.unit,
          ballot: "constituency",
          deviceId: p.device,
          seq,
          taps: ballots,
          undos: 0,
          votes,
          invalid: 0,
          voteNo: 0,
          finished: false,
        });
        p.acked = Math.max(p.acked, seq);
      } catch {
        failures++; // not acknowledged: the next snapshot carries the same taps and more
      }
    };

    /** The Final Score entry, always with the same submission id; whether it was taken. */
    const sendEntry = async (p: (typeof phones)[number]) => {
      try {
        await submitEntry(user, {
          submissionId: p.entry!,
          unitCode: p.unit,
          ballot: "constituency",
          source: "blind",
          fields: countFields(),
        });
        return (p.entryAcked = true);
      } catch {
        failures++;
        return false;
      }
    };

    const load = (async () => {
      for (let round = 0; round < 30; round++) {
        await Promise.all(
          phones.map(async (p, i) => {
            const n = String(1 + ((round + i) % 6));
            p.votes[n] = (p.votes[n] ?? 0) + 1; // a tap: on the phone first
            await sendSnapshot(p);
            if (p.entry && round >= 20 && !p.entryAcked) {
              await sendEntry(p);
            }
          }),
        );
        await sleep(50);
      }
    })();
    // Mid-way, the database restarts.
    await sleep(600);
    await cluster.stop();
    await sleep(1_500);
    cluster = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PORT });
    await load;
    expect(failures).toBeGreaterThan(0); // the restart was felt

    // The phones' queues catch up: each sends until its last snapshot and entry are taken.
    for (let attempt = 0; attempt < 50; attempt++) {
      const behind = phones.filter((p) => p.acked < p.seq || (p.entry && !p.entryAcked));
      if (!behind.length) break;
      for (const p of behind) {
        if (p.acked < p.seq) await sendSnapshot(p);
        if (p.entry && !p.entryAcked) {
          if (!(await sendEntry(p))) await sleep(200);
        }
      }
    }

    // Everything acknowledged is there, and the stored counts are every tap.
    const stored = new Map((await db().liveSnapshot.findMany({ where: { electionId } })).map((s) => [s.deviceId, s]));
    for (const p of phones) {
      const s = stored.get(p.device)!;
      expect(s.seq).toBe(p.seq);
      expect(s.votes).toEqual(p.votes);
    }
    const entries = await db().tallyEntry.findMany({ where: { electionId } });
    expect(new Set(entries.map((e) => e.submissionId))).toEqual(
      new Set(phones.flatMap((p) => (p.entry ? [p.entry] : []))),
    );

    // The provisional totals: the taps of the units without a Final Score, exactly.
    await foldNow();
    expect(await liveDrift(electionId)).toEqual([]);
    const totals = await db().liveTotal.aggregate({ where: { electionId }, _sum: { ballots: true, unitsFinal: true } });
    const taps = phones
      .filter((p) => !p.entry)
      .reduce((n, p) => n + Object.values(p.votes).reduce((a, b) => a + b, 0), 0);
    expect(totals._sum.ballots).toBe(taps);
    expect(totals._sum.unitsFinal).toBe(10);
  }, 120_000);

  it("both phone endpoints answer 503 with Retry-After while PostgreSQL is down, then take the same entry", async () => {
    const http = await import("node:http");
    const { db } = await import("../../web/db/db.server.ts");
    const { createSession } = await import("../../web/accounts/session.server.ts");
    const { postEntry } = await import("../../web/http/entries-endpoint.server.ts");
    const { postSnapshot } = await import("../../web/http/live-endpoint.server.ts");
    const { countFields } = await import("../support/count-fields.ts");
    const staff = await db().user.create({
      data: { phone: "+66893000002", roles: { create: { role: "war_room_operator" } } },
    });
    const cookie = (await createSession(staff.id, "test")).split(";")[0]!;
    const unit = (await db().pollingUnit.findFirstOrThrow({ orderBy: { code: "desc" } })).code;
    const server = http.createServer((req, res) => {
      void (req.url === "/api/v1/entries" ? postEntry(req, res) : postSnapshot(req, res));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body: JSON.stringify(body),
      });
    const entry = {
      submissionId: randomUUID(),
      unitCode: unit,
      ballot: "constituency",
      source: "blind",
      figures: countFields(),
    };
    const snapshot = {
      unitCode: unit,
      ballot: "constituency",
      deviceId: randomUUID(),
      seq: 1,
      taps: 1,
      undos: 0,
      votes: { "1": 1 },
      invalid: 0,
      voteNo: 0,
      finished: false,
    };
    try {
      await cluster.stop();
      for (const [path, body] of [
        ["/api/v1/entries", entry],
        ["/api/v1/live/snapshots", snapshot],
      ] as const) {
        const answer = await post(path, body);
        expect(answer.status, path).toBe(503);
        expect(Number(answer.headers.get("retry-after")), path).toBeGreaterThan(0);
        const json = (await answer.json()) as { error: string; message: { th: string; en: string } };
        expect(json.error).toMatch(/\.unavailable$/);
        expect(json.message.th).toMatch(/[\u0E00-\u0E7F]/); // Thai and English
        expect(json.message.en).toMatch(/again/);
      }
      cluster = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PORT });
      // The phone sends the same entry again: taken once.
      let status = 0;
      for (let i = 0; i < 40 && status !== 201; i++) {
        status = (await post("/api/v1/entries", entry)).status;
        if (status !== 201) await sleep(250);
      }
      expect(status).toBe(201);
      expect(await db().tallyEntry.count({ where: { submissionId: entry.submissionId } })).toBe(1);
    } finally {
      server.close();
    }
  }, 120_000);
});
