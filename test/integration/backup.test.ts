// The backup and restore drill (issue 41): an install runs with the demo's counts and
// their photos anchored on its chain; `npm run backup` copies it while it runs; it stops;
// `npm run restore` puts the copy into a fresh DATA_DIR, and the platform started there
// serves the same results, the same proofs (which an auditor's `npm run verify` checks
// against the restored chain) and the same photos, byte for byte.
import { execFile } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/lib/migrations.ts";
import { ctrlC, npmStart, ready, terminalEnv, type Running } from "../support/npm-start.ts";
import { sessionCookieFor } from "../support/platform-session.ts";

const run = promisify(execFile);
const base = 3500 + 2 * Math.floor(Math.random() * 40);
/** The two installs: the one backed up, and the one restored from its backup. */
const installs = ["a", "b"].map((name, i) => ({
  name,
  settings: {
    PORT: String(base + i),
    EMBEDDED_PG_PORT: String(54600 + 2 * Math.floor(Math.random() * 40) + i),
    CHAIN_PORT: String(8900 + 2 * Math.floor(Math.random() * 40) + i),
    DATA_DIR: `.data/test-backup-${base}-${name}`,
    ANCHOR_INTERVAL_SECONDS: "2",
    LOG_LEVEL: "error",
  },
}));
const url = (i: number, p: string) => `http://127.0.0.1:${installs[i]!.settings.PORT}${p}`;
const dataDir = (i: number) => path.join(projectRoot, installs[i]!.settings.DATA_DIR);
const running: Running[] = [];
let backupDir = "";

afterAll(async () => {
  for (const r of running) await ctrlC(r).catch(() => {});
  for (const i of [0, 1]) await rm(dataDir(i), { recursive: true, force: true });
  if (backupDir) await rm(backupDir, { recursive: true, force: true });
}, 60_000);

async function database(i: number) {
  const client = new pg.Client(
    `postgresql://postgres:postgres@127.0.0.1:${installs[i]!.settings.EMBEDDED_PG_PORT}/election`,
  );
  client.on("error", () => {}); // the platform stopping under it
  await client.connect();
  return client;
}
const npmRun = (i: number, ...args: string[]) =>
  run("npm", ["run", "--silent", ...args], {
    cwd: projectRoot,
    env: terminalEnv(installs[i]!.settings),
  });
/** What the platform serves, without the moment it was asked. */
async function served(i: number, p: string, headers: Record<string, string> = {}) {
  const r = await fetch(url(i, p), { headers });
  expect(r.status, p).toBe(200);
  return JSON.parse(await r.text(), (key, value: unknown) => (key === "createdAt" ? undefined : value)) as unknown;
}

describe("backup and restore", () => {
  it("restores into a fresh data directory a platform that serves the same results, proofs and photos", async () => {
    const a = npmStart(installs[0]!.settings);
    running.push(a);
    await ready(a);
    const dbA = await database(0);
    // A newsroom's key; the results released.
    const key = `test-${randomUUID()}`;
    await dbA.query(`INSERT INTO "MediaOutlet" (id, name, "keyHash") VALUES (gen_random_uuid(), 'Newsroom', $1)`, [
      createHash("sha256").update(key).digest("hex"),
    ]);
    await dbA.query(
      `INSERT INTO "Setting" (key, value, "updatedAt") VALUES ('results.releasedAt', to_jsonb(now()::text), now())
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    );
    // The demo's photos anchored and confirmed on the local chain.
    let photo: { id: string; sha256: string; seq: number } | undefined;
    for (let i = 0; i < 1200 && !photo; i++) {
      ({
        rows: [photo],
      } = await dbA.query<{ id: string; sha256: string; seq: number }>(
        `SELECT p.id, p.sha256, b.seq FROM "TallyPhoto" p JOIN "AnchorBatch" b ON b.id = p."anchorBatchId"
          WHERE b.status = 'confirmed' ORDER BY b.seq, p.sha256 LIMIT 1`,
      ));
      if (!photo) await new Promise((r) => setTimeout(r, 100));
    }
    expect(photo, a.output().slice(-2000)).toBeDefined();
    const feed = { authorization: `Bearer ${key}` };
    const answers = async (i: number) => ({
      national: await served(i, "/api/v1/results/national", feed),
      constituencies: await (await fetch(url(i, "/api/v1/results/constituencies.csv"), { headers: feed })).text(),
      batch: await served(i, `/audit/batches/${photo!.seq}.json`),
      evidence: await served(i, `/api/v1/evidence/${photo!.sha256}`),
    });

    // The backup, while it runs.
    backupDir = await mkdtemp(path.join(os.tmpdir(), "backup-drill-"));
    const made = await npmRun(0, "backup", "--", path.join(backupDir, "copy"));
    expect(made.stdout).toMatch(/database copied, consistent at/);
    const before = await answers(0);
    const cookieA = await sessionCookieFor(dbA, dataDir(0), "+66800000001");
    const photoA = Buffer.from(
      await (await fetch(url(0, `/photos/${photo!.id}`), { headers: { cookie: cookieA } })).arrayBuffer(),
    );
    expect(createHash("sha256").update(photoA).digest("hex")).toBe(photo!.sha256);
    await dbA.end();
    expect((await ctrlC(a)).code).toBe(0);
    running.splice(running.indexOf(a), 1);

    // Restored into a fresh data directory, and started there.
    const restored = await npmRun(1, "restore", "--", path.join(backupDir, "copy"));
    expect(restored.stdout).toMatch(/restored the backup of/);
    const b = npmStart(installs[1]!.settings);
    running.push(b);
    await ready(b);
    expect(b.output()).toMatch(/kept on the chain since/); // the contracts, not deployed again

    const after = await answers(1);
    expect(after.national).toEqual(before.national);
    expect(after.constituencies).toBe(before.constituencies);
    expect(after.batch).toEqual(before.batch);
    expect(after.evidence).toEqual({ ...(before.evidence as object), chain: expect.anything() });
    // The photo, byte for byte, from the restored file store.
    const dbB = await database(1);
    const cookieB = await sessionCookieFor(dbB, dataDir(1), "+66800000001");
    await dbB.end();
    const photoB = Buffer.from(
      await (await fetch(url(1, `/photos/${photo!.id}`), { headers: { cookie: cookieB } })).arrayBuffer(),
    );
    expect(photoB.equals(photoA)).toBe(true);
    // An auditor's check of the photo against the restored chain.
    const files = path.join(backupDir, "audit");
    await writeFile(`${files}-photo`, photoB);
    await writeFile(`${files}-bundle.json`, JSON.stringify((after.evidence as { bundle: unknown }).bundle));
    const rpc = `http://127.0.0.1:${installs[1]!.settings.CHAIN_PORT}`;
    const verified = await npmRun(
      1,
      "verify",
      "--",
      `${files}-photo`,
      "--bundle",
      `${files}-bundle.json`,
      "--rpc",
      rpc,
    );
    expect(verified.stdout).toMatch(/^VERIFIED: /);
  }, 600_000);
});
