// npm test: every suite, in order — unit and integration (vitest, real PostgreSQL),
// contracts (Hardhat's in-process chain), end-to-end (Chromium against the built app).
// Ends with one line "N passed, N failed" across all of them.
import "./lib/node-guard.ts";
import { spawn } from "node:child_process";
import { projectRoot } from "./lib/migrations.ts";
import { ensureBrowser } from "./lib/browser.ts";

interface Suite {
  name: string;
  command: string[];
  /** What the suite needs from the machine: null when ready, else the line saying what to run. */
  prepare?(): Promise<string | null>;
  /** Reads passed/failed counts from the suite's output. */
  count(output: string): { passed: number; failed: number };
  /** The lines of the suite's output that name a failed test (repeated at the very end,
   *  where a CI log cut to its tail still shows them). */
  failures(output: string): string[];
}

const num = (re: RegExp, text: string) => Number(re.exec(text)?.[1] ?? 0);
const ESC = String.fromCharCode(27);
const stripAnsi = (s: string) => s.replace(new RegExp(`${ESC}\\[[0-9;]*m`, "g"), "");

const suites: Suite[] = [
  {
    name: "unit + integration (vitest)",
    command: ["node_modules/vitest/vitest.mjs", "run"],
    // A file that fails before its tests (a beforeAll that throws) leaves them "skipped",
    // and the integration project's run can exit 0 even then: a failed file counts.
    count: (out) => {
      const tests = /^\s*Tests\s+(.*)$/m.exec(out)?.[1] ?? "";
      const files = /^\s*Test Files\s+(.*)$/m.exec(out)?.[1] ?? "";
      const failedTests = num(/(\d+) failed/, tests);
      return { passed: num(/(\d+) passed/, tests), failed: failedTests || num(/(\d+) failed/, files) };
    },
    // " FAIL  |integration| test/integration/x.test.ts > describe > test"
    failures: (out) => matching(/^\s*FAIL\s+.*$/gm, out),
  },
  {
    name: "contracts (hardhat + mocha)",
    command: ["node_modules/hardhat/dist/src/cli.js", "test", "mocha"],
    count: (out) => ({ passed: num(/(\d+) passing/, out), failed: num(/(\d+) failing/, out) }),
    // "  1) EvidenceAnchor\n       anchors…" after "N failing"
    failures: (out) => matching(/^\s+\d+\) .*$/gm, out.slice(out.search(/\d+ failing/) >>> 0)),
  },
  {
    name: "end-to-end (playwright + chromium)",
    command: ["node_modules/@playwright/test/cli.js", "test"],
    prepare: ensureBrowser,
    count: (out) => ({ passed: num(/(\d+) passed/, out), failed: num(/(\d+) failed/, out) }),
    // "    [mobile-chromium] › test/e2e/x.spec.ts:12:1 › test" in the summary's "N failed" list
    failures: (out) => matching(/^\s+\[[\w-]+\] › .*$/gm, out.slice(out.search(/^\s+\d+ failed$/m) >>> 0)),
  },
];

const matching = (re: RegExp, text: string) => [...new Set([...text.matchAll(re)].map((m) => m[0].trim()))];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
let broken = false;
const failedTests: string[] = [];
for (const suite of suites) {
  if (only.length && !only.some((o) => suite.name.includes(o))) continue;
  console.log(`\n━━ ${suite.name} ━━`);
  const missing = await suite.prepare?.();
  if (missing) {
    console.error(`[test] ${suite.name} not run: ${missing}`);
    failed += 1;
    broken = true;
    continue;
  }
  const { code, output } = await run(suite.command);
  const counts = suite.count(stripAnsi(output));
  passed += counts.passed;
  failed += counts.failed;
  if (counts.failed > 0)
    failedTests.push(...suite.failures(stripAnsi(output)).map((line) => `  ${suite.name}: ${line}`));
  if (code !== 0 && counts.failed === 0) {
    console.error(`${suite.name} exited with ${code} without reporting a failed test`);
    failed += 1;
  }
  if (code !== 0) broken = true;
}
if (failedTests.length) console.log(`\nFailed:\n${failedTests.join("\n")}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(broken || failed > 0 || passed === 0 ? 1 : 0);

function run(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: projectRoot,
      env: { ...process.env, FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (process.stdout.write(d), (output += d)));
    child.stderr.on("data", (d: Buffer) => (process.stderr.write(d), (output += d)));
    child.on("exit", (code) => resolve({ code: code ?? 1, output }));
  });
}
