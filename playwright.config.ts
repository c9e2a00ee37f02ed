// End-to-end tests in Debian's Chromium against the real platform, started by the same
// script as `npm start` (embedded Postgres, local chain, worker, built web app) with a
// data directory of its own that is wiped first.
import "./scripts/lib/node-guard.ts";
import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM } from "./scripts/lib/browser.ts";

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "test/e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL,
    locale: "th-TH",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "mobile-chromium", use: { ...devices["Pixel 7"], browserName: "chromium", channel: undefined } }],
  webServer: {
    command: "rm -rf .data/e2e && node --disable-warning=ExperimentalWarning --import tsx scripts/start.ts",
    url: `${baseURL}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: "SIGINT", timeout: 20_000 },
    stdout: process.env.E2E_SERVER_LOGS ? "pipe" : "ignore",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      DATA_DIR: ".data/e2e",
      // The demo's elections without their counts: the tests count every unit themselves.
      DEMO_COUNTS: "0",
      EMBEDDED_PG_PORT: process.env.E2E_PG_PORT ?? "54349",
      CHAIN_PORT: process.env.E2E_CHAIN_PORT ?? "8555",
      LOG_LEVEL: "warn",
      // Every test signs in through the real SMS-code flow from 127.0.0.1: the limits
      // themselves are tested in test/integration/accounts.test.ts.
      OTP_MAX_PER_IP_PER_HOUR: "2000",
      OTP_MAX_PER_PHONE_PER_HOUR: "100",
      // Count photos are anchored every 2 s here (30 s by default).
      ANCHOR_INTERVAL_SECONDS: "2",
      // Coupons are granted and minted every 2 s here (10 s by default).
      COUPON_INTERVAL_SECONDS: "2",
      // A test taps faster than any tally board reads out ballots, and a device flagged too
      // fast never leads its unit's provisional figures (issue 36): no such flag here. The
      // flag itself is tested in test/integration/live.test.ts.
      LIVE_MIN_SECONDS_PER_BALLOT: "0",
    },
  },
});
