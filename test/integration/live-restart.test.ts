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
    const { submitEntry, currentElection } = await import("../../web/tally/entries.server.ts");
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
});
