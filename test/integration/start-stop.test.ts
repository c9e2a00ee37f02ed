// `npm start` as a person runs it in a terminal, and Ctrl-C as the terminal sends it: SIGINT
// to every process of the foreground group at once (npm, the project's Node wrapper, the
// start script). Web, worker, chain and database must stop in order, quickly, quietly,
// with exit status 0, and keep the data for the next start; a second Ctrl-C stops at once.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { portIsOpen } from "../../scripts/lib/database.ts";
import { projectRoot } from "../../scripts/lib/migrations.ts";
import { sessionCookieFor } from "../support/platform-session.ts";
import { ctrlC, npmStart as startPlatform, ready } from "../support/npm-start.ts";

const PORT = 3300 + Math.floor(Math.random() * 50);
const PG_PORT = 54400 + Math.floor(Math.random() * 50);
const CHAIN_PORT = 8700 + Math.floor(Math.random() * 50);
const DATA_DIR = `.data/test-start-${PORT}`;
const DATABASE = `postgresql://postgres:postgres@127.0.0.1:${PG_PORT}/election`;

const settings = {
  PORT: String(PORT),
  EMBEDDED_PG_PORT: String(PG_PORT),
  CHAIN_PORT: String(CHAIN_PORT),
  DATA_DIR,
};
const npmStart = () => startPlatform(settings);

const allPortsClosed = async () =>
  !(await portIsOpen(PORT)) && !(await portIsOpen(PG_PORT)) && !(await portIsOpen(CHAIN_PORT));

afterAll(async () => {
  await rm(path.join(projectRoot, DATA_DIR), { recursive: true, force: true });
});

describe("npm start and Ctrl-C", () => {
  it("stops web, worker, chain and database in order within 10 s, exit status 0, no stack trace; the next start keeps the data", async () => {
    const first = npmStart();
    await ready(first);
    // The home page is Thai, and favicon.ico is served.
    const home = await fetch(`http://127.0.0.1:${PORT}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<html lang="th"');
    const icon = await fetch(`http://127.0.0.1:${PORT}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toMatch(/icon/);
    // An unknown path: a 404 page, logged in one short line.
    const missing = await fetch(`http://127.0.0.1:${PORT}/no/such/page`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("ไม่พบ");
    const posted = await fetch(`http://127.0.0.1:${PORT}/no/such/form`, {
      method: "POST",
      headers: { origin: `http://127.0.0.1:${PORT}`, "content-type": "application/x-www-form-urlencoded" },
      body: "a=1",
    });
    expect(posted.status).toBe(404);
    await posted.text(); // answered in full (and so logged) before Ctrl-C

    const client = new pg.Client({ connectionString: DATABASE });
    await client.connect();
    await client.query("CREATE TABLE IF NOT EXISTS start_stop_marker (note text)");
    await client.query("INSERT INTO start_stop_marker VALUES ('kept across starts')");
    await client.end();

    const stop = await ctrlC(first);
    const output = first.output();
    expect(stop.code, output).toBe(0);
    expect(stop.seconds, output).toBeLessThan(10);
    expect(output).toMatch(/\[start\] stopped in \d+\.\d s/);
    expect(output).not.toMatch(/^\s+at /m); // no stack frame anywhere
    expect(output).not.toContain("terminating connection");
    expect(output).not.toContain("No route matches");
    expect(output).not.toContain("did not provide an `action`");
    expect(output.split("\n").filter((line) => line.includes("/no/such/form"))).toHaveLength(1);
    const notFound = output.split("\n").filter((line) => line.includes("/no/such/page"));
    expect(notFound).toHaveLength(1);
    expect(notFound[0]!.length).toBeLessThan(200);
    // The order: web and worker first, the database last.
    const lines = output.split("\n");
    const at = (text: string) => lines.findIndex((line) => line.includes(text));
    expect(at("web stopping")).toBeGreaterThan(at("[start] stopping"));
    expect(at("worker stopping")).toBeGreaterThan(at("[start] stopping"));
    expect(at("[start] stopped in")).toBeGreaterThan(Math.max(at("web stopping"), at("worker stopping")));
    expect(await allPortsClosed()).toBe(true);

    const second = npmStart();
    await ready(second);
    expect(second.output()).toContain("database schema up to date");
    // The chain kept its state: the contracts are there, not deployed again (issue 41).
    expect(second.output()).toMatch(
      /EvidenceAnchor at 0x[0-9a-fA-F]{40}, Coupons at 0x[0-9a-fA-F]{40}: kept on the chain since/,
    );
    const again = new pg.Client({ connectionString: DATABASE });
    await again.connect();
    const { rows } = await again.query<{ note: string }>("SELECT note FROM start_stop_marker");
    await again.end();
    expect(rows).toEqual([{ note: "kept across starts" }]);

    // A second Ctrl-C stops at once.
    const hurried = await ctrlC(second, 2);
    expect(hurried.code, second.output()).toBe(130);
    expect(hurried.seconds).toBeLessThan(3);
    expect(second.output()).toContain("[start] stopping at once");
    expect(second.output()).not.toMatch(/^\s+at /m);
    for (let i = 0; i < 50 && !(await allPortsClosed()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await allPortsClosed()).toBe(true);
  }, 300_000);

  it("starts a killed worker, web process, chain (its state kept) and database again, one at a time, the rest untouched (issue 41)", async () => {
    const run = npmStart();
    await ready(run);
    const record = async () =>
      JSON.parse(await readFile(path.join(projectRoot, DATA_DIR, "supervisor.json"), "utf8")) as {
        services: Record<string, { pid: number | null; restarts: number }>;
      };
    const health = async () => {
      try {
        const r = await fetch(`http://127.0.0.1:${PORT}/healthz`);
        return r.ok ? ((await r.json()) as { restarts?: Record<string, number> }) : null;
      } catch {
        return null;
      }
    };
    const until = async <T>(what: () => Promise<T>, ok: (v: T) => boolean, seconds = 60) => {
      for (let i = 0; i < seconds * 10; i++) {
        const v = await what();
        if (ok(v)) return v;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`not within ${seconds} s:\n${run.output()}`);
    };

    // kill -9 of the worker: the web app answers throughout, and the worker is back.
    const worker = (await record()).services.worker!.pid!;
    process.kill(worker, "SIGKILL");
    expect((await fetch(`http://127.0.0.1:${PORT}/`)).status).toBe(200);
    const back = await until(record, (r) => r.services.worker!.restarts === 1 && !!r.services.worker!.pid);
    expect(back.services.worker!.pid).not.toBe(worker);
    expect(run.output()).toMatch(/\[start\] worker exited \(SIGKILL\); starting it again in 0\.5 s \(restart 1\)/);

    // kill -9 of the web process: served again within seconds, the restart in /healthz.
    const web = (await record()).services.web!.pid!;
    const killedAt = performance.now();
    process.kill(web, "SIGKILL");
    const answer = await until(health, (h) => h?.restarts?.web === 1);
    const recovery = (performance.now() - killedAt) / 1000;
    expect(answer!.restarts).toMatchObject({ worker: 1, web: 1 });
    expect(recovery).toBeLessThan(60);
    console.log(`web process served again ${recovery.toFixed(1)} s after kill -9`);
    const metrics = await (await fetch(`http://127.0.0.1:${PORT}/metrics`)).text();
    expect(metrics).toMatch(/service_restarts\{service="web"\} 1/);

    // kill -9 of the chain: anvil is started again with the state it kept — the blocks,
    // the contracts — and the next start does not deploy them again.
    const rpc = async (method: string, params: unknown[] = []) => {
      try {
        const r = await fetch(`http://127.0.0.1:${CHAIN_PORT}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
        });
        return ((await r.json()) as { result: string }).result;
      } catch {
        return null;
      }
    };
    const contracts = JSON.parse(await readFile(path.join(projectRoot, DATA_DIR, "contracts.json"), "utf8")) as {
      anchor: string;
    };
    const blocks = Number(await rpc("eth_blockNumber"));
    expect(blocks).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1_500)); // anvil writes its state every second
    process.kill((await record()).services.chain!.pid!, "SIGKILL");
    await until(record, (r) => r.services.chain!.restarts === 1 && !!r.services.chain!.pid);
    await until(
      () => rpc("eth_blockNumber"),
      (n) => n !== null,
    );
    expect(Number(await rpc("eth_blockNumber"))).toBeGreaterThanOrEqual(blocks);
    expect(await rpc("eth_getCode", [contracts.anchor, "latest"])).not.toBe("0x");

    // kill -9 of PostgreSQL: while it is down the realtime endpoint answers 503 with
    // Retry-After (the phone keeps its taps); it is started again, recovering from its log;
    // the worker and the web process ride it out.
    const db = new pg.Client({ connectionString: DATABASE });
    await db.connect();
    const cookie = await sessionCookieFor(db, path.join(projectRoot, DATA_DIR), "+66800000003");
    await db.end().catch(() => {});
    const snapshot = () =>
      fetch(`http://127.0.0.1:${PORT}/api/v1/live/snapshots`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        // A snapshot as a phone sends it.
        body: JSON.stringify({
          unitCode: "10-01-100101-001",
          ballot: "constituency",
          deviceId: "6f1c2a9e-7b1d-4c55-9a0e-3d2f4b5c6d7e",
          seq: 1,
          taps: 0,
          undos: 0,
          votes: {},
          invalid: 0,
          voteNo: 0,
        }),
      }).then(
        (r) => ({ status: r.status, retryAfter: r.headers.get("retry-after") }),
        () => ({ status: 0, retryAfter: null }),
      );
    expect((await snapshot()).status).toBe(200); // the head counts at a unit of theirs
    const before = await record();
    process.kill(before.services.database!.pid!, "SIGKILL");
    const outage = await until(snapshot, (r) => r.status === 503, 20);
    expect(Number(outage.retryAfter)).toBeGreaterThan(0);
    await until(record, (r) => r.services.database!.restarts === 1 && !!r.services.database!.pid);
    await until(snapshot, (r) => r.status === 200, 60); // the same snapshot again: taken once
    const after = await record();
    expect(after.services.worker!.restarts).toBe(before.services.worker!.restarts);
    expect(after.services.web!.restarts).toBe(before.services.web!.restarts);
    expect(run.output()).toMatch(/\[start\] database exited \(SIGKILL\); starting it again/);

    const stop = await ctrlC(run);
    expect(stop.code, run.output()).toBe(0);
    expect(run.output()).not.toMatch(/^\s+at /m);
  }, 300_000);
});
