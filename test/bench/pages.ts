// The weight and the Lighthouse scores of the five pages a phone meets first (issue 40):
// `/`, `/join`, `/report`, the realtime count and `/results`. The platform is started as
// `npm start` starts it (a data directory of its own, the demo's elections), a volunteer
// placed on a unit signs in through the real SMS-code flow, and Chromium (Debian's, with
// a Pixel 7's screen) loads each page with an empty cache: the bytes on the wire
// (compressed) and the JavaScript among them, from the DevTools protocol. Then Lighthouse
// (mobile, its simulated slow 4G and CPU) scores each page's performance, accessibility
// and best practices in the same browser, signed in where the page needs it.
// The machine is shared and noisy: Lighthouse's performance varies by several points
// between runs; --size N runs Lighthouse N times per page and keeps the median (default 1).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { chromium, devices, type Page } from "@playwright/test";
import { CHROMIUM } from "../../scripts/lib/browser.ts";
import { projectRoot } from "../../scripts/lib/migrations.ts";
import { benchSize } from "./lib.ts";

const PORT = Number(process.env.BENCH_PAGES_PORT ?? 3310);
const PG_PORT = Number(process.env.BENCH_PAGES_PG_PORT ?? 54389);
const DEBUG_PORT = 9333;
const RUNS = benchSize() ?? 1;
const origin = `http://127.0.0.1:${PORT}`;
const KB = (bytes: number) => Math.round(bytes / 102.4) / 10;

// ---- The platform, as `npm start` runs it. ----
const dataDir = path.join(projectRoot, ".data/bench-pages");
rmSync(dataDir, { recursive: true, force: true });
const platform = spawn(
  process.execPath,
  ["--disable-warning=ExperimentalWarning", "--import", "tsx", "scripts/start.ts"],
  {
    cwd: projectRoot,
    env: {
      ...process.env,
      PORT: String(PORT),
      DATA_DIR: dataDir,
      DEMO_COUNTS: "0",
      EMBEDDED_PG_PORT: String(PG_PORT),
      CHAIN_PORT: "8575",
      LOG_LEVEL: "warn",
      OTP_MAX_PER_IP_PER_HOUR: "2000",
    },
    stdio: ["ignore", "inherit", "inherit"],
  },
);
const stopPlatform = () =>
  new Promise<void>((done) => {
    platform.once("exit", () => done());
    platform.kill("SIGINT");
  });
for (let started = Date.now(); ;) {
  try {
    if ((await fetch(`${origin}/healthz`)).ok) break;
  } catch {
    /* not yet */
  }
  if (Date.now() - started > 300_000) throw new Error("the platform did not start in 5 minutes");
  await new Promise((r) => setTimeout(r, 500));
}
console.log(`platform up at ${origin}`);

// A volunteer placed on a unit of the demo election, and the results released.
const db = new pg.Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${PG_PORT}/election` });
await db.connect();
const [placed] = (
  await db.query<{ phone: string; unitCode: string }>(
    `SELECT u.phone, a."unitCode" FROM "UnitAssignment" a JOIN "Volunteer" v ON v.id = a."volunteerId"
       JOIN "User" u ON u.id = v."userId" JOIN "Election" e ON e.id = a."electionId"
      WHERE e.slug = 'demo-2027' AND a.slot = 0 ORDER BY a."unitCode" LIMIT 1`,
  )
).rows;
if (!placed) throw new Error("no volunteer of the demo is placed on a unit");
await db.query(
  `INSERT INTO "Setting" (key, value, "updatedAt") VALUES ('results.releasedAt', to_jsonb(now()::text), now())
   ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
);

// ---- One browser, its profile shared with Lighthouse (the sign-in holds for both). ----
const profile = mkdtempSync(path.join(tmpdir(), "bench-pages-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  ...devices["Pixel 7"],
  locale: "th-TH",
  args: ["--headless", "--no-sandbox", "--disable-gpu", `--remote-debugging-port=${DEBUG_PORT}`, "--no-first-run"],
});
const page = context.pages()[0] ?? (await context.newPage());

async function signIn(p: Page, localPhone: string, e164: string) {
  await p.goto(`${origin}/login`);
  await p.getByLabel("เบอร์โทรศัพท์มือถือ").fill(localPhone);
  await p.getByRole("button", { name: "ส่งรหัส" }).click();
  await p.getByRole("heading", { name: "กรอกรหัสที่ได้รับ" }).waitFor();
  const { rows } = await db.query<{ body: string }>(
    `SELECT body FROM "OutboxMessage" WHERE recipient = $1 ORDER BY "createdAt" DESC LIMIT 1`,
    [e164],
  );
  await p.getByLabel("รหัส 6 หลัก").fill(/(\d{6})/.exec(rows[0]!.body)![1]!);
  await p.getByRole("button", { name: "เข้าสู่ระบบ", exact: true }).click();
  await p.waitForURL((url) => url.pathname !== "/login");
}

/** Bytes on the wire for one page's first load (empty cache), by the DevTools protocol. */
async function firstLoad(url: string) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  // The first load, as a phone that never came here: no service worker answers it.
  await cdp.send("Network.setBypassServiceWorker", { bypass: true });
  const types = new Map<string, string>();
  let total = 0;
  let script = 0;
  cdp.on("Network.responseReceived", (e) => types.set(e.requestId, e.type));
  cdp.on("Network.loadingFinished", (e) => {
    total += e.encodedDataLength;
    if (types.get(e.requestId) === "Script") script += e.encodedDataLength;
  });
  const response = await page.goto(url, { waitUntil: "networkidle" });
  await new Promise((r) => setTimeout(r, 500));
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: false });
  await cdp.send("Network.setBypassServiceWorker", { bypass: false });
  await cdp.detach();
  return {
    status: response?.status() ?? 0,
    path: new URL(page.url()).pathname,
    totalKB: KB(total),
    javascriptKB: KB(script),
  };
}

const { default: lighthouse } = await import("lighthouse");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function scores(url: string) {
  const runs: Record<string, number>[] = [];
  for (let i = 0; i < RUNS; i++) {
    const result = await lighthouse(url, {
      port: DEBUG_PORT,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility", "best-practices"],
    });
    const c = result!.lhr.categories;
    if (result!.lhr.runtimeError)
      console.log(`lighthouse on ${url}: ${result!.lhr.runtimeError.code} ${result!.lhr.runtimeError.message}`);
    for (const w of result!.lhr.runWarnings) console.log(`lighthouse on ${url}: ${w}`);
    runs.push({
      performance: Math.round(100 * (c.performance?.score ?? 0)),
      accessibility: Math.round(100 * (c.accessibility?.score ?? 0)),
      bestPractices: Math.round(100 * (c["best-practices"]?.score ?? 0)),
    });
  }
  return {
    performance: median(runs.map((r) => r.performance!)),
    performanceRuns: runs.map((r) => r.performance),
    accessibility: median(runs.map((r) => r.accessibility!)),
    bestPractices: median(runs.map((r) => r.bestPractices!)),
  };
}

// Signed out, /join asks for the phone first (the sign-in page); a newcomer signed in
// meets the sign-up form itself ("joinForm").
type As = "nobody" | "volunteer" | "newcomer";
const pages: { name: string; path: string; as: As }[] = [
  { name: "home", path: "/", as: "nobody" },
  { name: "join", path: "/join", as: "nobody" },
  { name: "results", path: "/results", as: "nobody" },
  { name: "report", path: "/report", as: "volunteer" },
  { name: "realtime", path: `/live/${placed.unitCode}/constituency`, as: "volunteer" },
  { name: "joinForm", path: "/join", as: "newcomer" },
];
const figures: Record<string, unknown> = {};
const NEWCOMER = "+66899990401";
for (const as of ["nobody", "volunteer", "newcomer"] as As[]) {
  if (as !== "nobody") {
    if (as === "newcomer") await context.clearCookies();
    const e164 = as === "volunteer" ? placed.phone : NEWCOMER;
    await signIn(page, `0${e164.slice(3)}`, e164);
  }
  for (const p of pages.filter((x) => x.as === as)) {
    const load = await firstLoad(`${origin}${p.path}`);
    const lh = await scores(`${origin}${p.path}`);
    figures[p.name] = { ...load, ...lh };
    console.log(`${p.name}: ${JSON.stringify(figures[p.name])}`);
  }
}

await context.close();
rmSync(profile, { recursive: true, force: true });
await db.end();
await stopPlatform();
console.log(
  JSON.stringify({
    bench: "pages",
    lighthouseRuns: RUNS,
    pages: figures,
    targets: { totalKB: 100, performance: 90 },
  }),
);
