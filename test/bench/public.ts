// The public results on election night (issue 38), on the synthetic country (≈ 95,000
// units, 400 constituencies) half verified, a tenth counting live, released, while the
// count changes every second (two units verified, a batch of realtime snapshots folded):
// - at the origin (no proxy; the page cache counts): `/results`, a constituency page and a
//   unit page, 32 concurrent readers each, against a static file through the same server —
//   requests per second and their ratio (target ≥ 0.5), the web process's CPU per request,
//   and the renders the origin made;
// - through nginx (deploy/nginx/nginx.conf): the same three pages, 32 readers — the
//   proxy's hit ratio (target ≥ 99%) and the origin's renders per second per page;
// - 2,000 clients following live updates on one web process, as the pages do (the event
//   stream, then the page again with If-None-Match: public/follow.js): the web process's RSS and the
//   delay from a change to each client holding data that shows it (p95 target ≤ 2 s), and
//   the bytes of an update;
// - the first load of /results (HTML, scripts, styles, compressed; target ≤ 100 KB).
// --size N: the units of the country that the night seeds (default: all).
import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { Agent, request } from "undici";
import { benchSize, seconds } from "./lib.ts";
import {
  benchEntryRow,
  benchSnapshot,
  cpuMeter,
  electionNight,
  formPhotoIds,
  percentiles,
  PORT,
} from "./ingest-lib.ts";
import { startProxy } from "../support/proxy.ts";

const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
const READERS = 32;
const FOLLOWERS = Number(process.env.BENCH_FOLLOWERS ?? 2000);

const night = await electionNight("public");
const SIZE = Math.min(benchSize() ?? night.units.length, night.units.length);
const units = night.units.slice(0, SIZE);
const [reporter, checker] = night.people as [{ id: string; cookie: string }, { id: string; cookie: string }];
const { submitEntries } = await import("../../web/tally/tally.sql.server.ts");
const { storeSnapshots } = await import("../../web/live/live.sql.server.ts");
const { lastChangeSeq } = await import("../../web/results/results.sql.server.ts");

const entry = (unit: string, i: number, actor: string) =>
  benchEntryRow({
    electionId: night.electionId,
    unit,
    i,
    actor,
    reporter: actor === reporter.id,
    photoId: photoOf.get(unit) ?? null,
  });
const verifyUnits = async (part: string[], offset: number) => {
  for (const actor of [reporter.id, checker.id]) await submitEntries(part.map((u, k) => entry(u, offset + k, actor)));
};

// ---- The night so far: half verified, a tenth counting live; released. ----
const t0 = performance.now();
const photoOf = await formPhotoIds(night.client, night.electionId, units, reporter.id);
const verified = units.slice(0, Math.floor(SIZE * 0.5));
const counting = units.slice(Math.floor(SIZE * 0.5), Math.floor(SIZE * 0.6));
const pending = units.slice(Math.floor(SIZE * 0.6));
for (let i = 0; i < verified.length; i += 500) await verifyUnits(verified.slice(i, i + 500), i);
const snapshot = (unit: string, seq: number, n: number) => benchSnapshot(night.electionId, reporter.id, unit, seq, n);
for (let i = 0; i < counting.length; i += 1000)
  await storeSnapshots(counting.slice(i, i + 1000).map((u) => snapshot(u, 1, 40)));
await night.client.query(
  `INSERT INTO "Setting" (key, value, "updatedAt") VALUES ('results.releasedAt', to_jsonb(now()::text), now())
   ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
);
console.log(
  `night seeded in ${seconds(performance.now() - t0)} s: ${verified.length} verified, ${counting.length} counting`,
);

// ---- The count moves every second: two units verified, 200 realtime snapshots. ----
const changes: { seq: number; at: number }[] = [];
let moving = true;
let pendingAt = 0;
const mover = (async () => {
  let seq = 2;
  while (moving && pendingAt + 2 <= pending.length) {
    const started = performance.now();
    await verifyUnits(pending.slice(pendingAt, pendingAt + 2), verified.length + pendingAt);
    pendingAt += 2;
    changes.push({ seq: await lastChangeSeq(night.electionId), at: performance.now() });
    const part = counting.slice((seq * 200) % counting.length, ((seq * 200) % counting.length) + 200);
    await storeSnapshots(part.map((u) => snapshot(u, seq, 40 + seq)));
    seq++;
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (performance.now() - started))));
  }
})();

const agent = new Agent({ connections: FOLLOWERS + 300, pipelining: 1, keepAliveTimeout: 60_000 });
const origin = `http://127.0.0.1:${PORT}`;
const unit = verified[0]!;
const PAGES = ["/results", `/results/c/${unit.slice(0, 5)}`, `/results/u/${unit}`];
const STATIC = "/favicon.svg";

async function renders() {
  const r = await request(`${origin}/metrics`, { dispatcher: agent });
  const text = await r.body.text();
  return Number(/page_cache_total\{result="render"\} (\d+)/.exec(text)?.[1] ?? 0);
}

/** READERS concurrent readers of `paths` (in turn) at `base` for DURATION_MS: requests
 *  per second, and how many answers said each X-Cache-Status. */
async function read(base: string, paths: string[]) {
  const statuses = new Map<string, number>();
  let done = 0;
  let failed = 0;
  const until = performance.now() + DURATION_MS;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: READERS }, async (_, reader) => {
      for (let i = reader; performance.now() < until; i++) {
        const r = await request(`${base}${paths[i % paths.length]}`, {
          dispatcher: agent,
          headers: { "accept-encoding": "gzip" },
        });
        await r.body.arrayBuffer();
        if (r.statusCode !== 200) failed++;
        else done++;
        const cache = String(r.headers["x-cache-status"] ?? "none");
        statuses.set(cache, (statuses.get(cache) ?? 0) + 1);
      }
    }),
  );
  return { perSecond: Math.round((done * 1000) / (performance.now() - started)), failed, statuses };
}

// ---- First load of /results: the HTML and what it loads, compressed. ----
const gz = async (path: string) => {
  const r = await request(`${origin}${path}`, { dispatcher: agent, headers: { "accept-encoding": "gzip" } });
  const body = Buffer.from(await r.body.arrayBuffer());
  return {
    bytes: body.length,
    text: r.headers["content-encoding"] === "gzip" ? gunzipSync(body).toString() : body.toString(),
  };
};
const html = await gz("/results");
const assets = [
  ...new Set([...html.text.matchAll(/(?:href|src)="(\/(?:assets\/[^"]+\.(?:js|css)|follow\.js))"/g)].map((m) => m[1]!)),
];
// Route modules the entry imports too (Remix lists them in its manifest, modulepreload).
let firstLoadBytes = html.bytes;
for (const a of assets) firstLoadBytes += (await gz(a)).bytes;
const firstLoad = {
  htmlKB: Math.round(html.bytes / 102.4) / 10,
  totalKB: Math.round(firstLoadBytes / 102.4) / 10,
  files: 1 + assets.length,
};
console.log(`first load of /results: ${JSON.stringify(firstLoad)}`);

// ---- Origin: the three pages and the static file, 32 readers each. ----
await new Promise((r) => setTimeout(r, 2000));
const staticRead = await read(origin, [STATIC]);
const originPages: Record<
  string,
  { perSecond: number; ratio: number; cpuMsPerRequest: number; rendersPerSecond: number }
> = {};
for (const path of PAGES) {
  const cpu = cpuMeter(night.web.pid);
  const before = await renders();
  const r = await read(origin, [path]);
  const used = cpu(r.perSecond * (DURATION_MS / 1000));
  originPages[path] = {
    perSecond: r.perSecond,
    ratio: Math.round((100 * r.perSecond) / staticRead.perSecond) / 100,
    cpuMsPerRequest: used.cpuMs.web,
    rendersPerSecond: Math.round((((await renders()) - before) / (DURATION_MS / 1000)) * 10) / 10,
  };
  console.log(`origin ${path}: ${JSON.stringify(originPages[path])} (static ${staticRead.perSecond}/s)`);
}

// ---- Through nginx. ----
const proxy = await startProxy(PORT, PORT + 80);
await read(proxy.url, PAGES); // warm
const beforeProxy = await renders();
const proxied = await read(proxy.url, PAGES);
const proxyRenders = (await renders()) - beforeProxy;
await proxy.stop();
const answered = [...proxied.statuses.values()].reduce((a, b) => a + b, 0);
const hits = ["HIT", "STALE", "UPDATING", "REVALIDATED"].reduce((n, s) => n + (proxied.statuses.get(s) ?? 0), 0);
const proxyResult = {
  perSecond: proxied.perSecond,
  hitRatio: Math.round((10_000 * hits) / answered) / 100,
  statuses: Object.fromEntries(proxied.statuses),
  originRendersPerSecondPerPage: Math.round((proxyRenders / (DURATION_MS / 1000) / PAGES.length) * 100) / 100,
};
console.log(`through nginx: ${JSON.stringify(proxyResult)}`);

// ---- 2,000 followers on one web process. ----
const FOLLOWED = `/results/c/${unit.slice(0, 5)}`;
const delays: number[] = [];
const updateBytes: number[] = [];
let followersReady = 0;
let refusedFollowers = 0;
/** The change number a page says its figures reflect (its "as of" line). */
const asOfIn = (html: string): number =>
  Number(/data-testid="as-of"[^>]*>[^<\d]*([\d,]+)/.exec(html)?.[1]?.replaceAll(",", "") ?? 0);
const rss = () => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${night.web.pid}/status`, "utf8"))![1]) / 1024;
  } catch {
    return 0; // the web process is gone
  }
};
let peakRss = rss();
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, rss())), 200);
const aborts: AbortController[] = [];
const measuring = { from: Infinity };
const follower = async () => {
  const abort = new AbortController();
  aborts.push(abort);
  let etag = "";
  let seen = 0;
  let busy = false;
  let owed = false;
  const fetchData = async (): Promise<void> => {
    if (busy) return void (owed = true);
    busy = true;
    try {
      const r = await request(`${origin}${FOLLOWED}`, {
        dispatcher: agent,
        headers: { "accept-encoding": "gzip", ...(etag ? { "if-none-match": etag } : {}) },
        signal: abort.signal,
      });
      const body = Buffer.from(await r.body.arrayBuffer());
      if (r.statusCode === 200) {
        etag = String(r.headers.etag ?? "");
        const text = r.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body;
        const asOf = asOfIn(text.toString());
        const now = performance.now();
        if (now > measuring.from) {
          updateBytes.push(body.length);
          for (const c of changes) if (c.seq > seen && c.seq <= asOf && c.at > measuring.from) delays.push(now - c.at);
        }
        seen = Math.max(seen, asOf);
      }
    } finally {
      busy = false;
    }
    if (owed) {
      owed = false;
      return fetchData();
    }
  };
  try {
    const r = await request(`${origin}/results/stream`, { dispatcher: agent, signal: abort.signal });
    followersReady++;
    let buffer = "";
    for await (const chunk of r.body) {
      buffer += chunk.toString();
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const event = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        if (event.includes("event: version")) void fetchData().catch(() => {});
      }
    }
  } catch {
    if (!abort.signal.aborted) refusedFollowers++;
  }
};
const following = Array.from({ length: FOLLOWERS }, () => follower());
for (let i = 0; i < 100 && followersReady + refusedFollowers < FOLLOWERS; i++)
  await new Promise((r) => setTimeout(r, 200));
await new Promise((r) => setTimeout(r, 3000));
const followCpu = cpuMeter(night.web.pid);
measuring.from = performance.now();
const changesBefore = changes.length;
await new Promise((r) => setTimeout(r, 30_000));
measuring.from = Infinity;
const followChanges = changes.length - changesBefore;
const followUse = followCpu(Math.max(1, updateBytes.length));
for (const a of aborts) a.abort();
await Promise.allSettled(following);
clearInterval(rssTimer);
moving = false;
await mover;

const originRatios = Object.values(originPages).map((p) => p.ratio);
const result = {
  bench: "public",
  units: SIZE,
  changesPerSecond: 1,
  firstLoad,
  staticPerSecond: staticRead.perSecond,
  origin: originPages,
  originMinRatio: Math.min(...originRatios),
  proxy: proxyResult,
  followers: {
    connected: followersReady,
    refused: refusedFollowers,
    changes: followChanges,
    updateDelayMs: delays.length ? percentiles(delays) : null,
    updates: delays.length,
    updateKB: updateBytes.length ? percentiles(updateBytes.map((b) => b / 1024)) : null,
    webRssMB: Math.round(peakRss),
    webCpuMsPerUpdate: followUse.cpuMs.web,
    machineBusyPercent: followUse.machineBusyPercent,
  },
  targets: { originRatio: 0.5, proxyHitRatioPercent: 99, updateDelayP95Ms: 2000, firstLoadKB: 100, updateKB: 10 },
};
await agent.close();
await night.stop();
console.log(JSON.stringify(result));
process.exit(0);
