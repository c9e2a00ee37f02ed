// The systemd units of a deployment (deploy/systemd, issue 41): systemd itself checks them
// (systemd-analyze verify); they run the very processes npm start runs; and the worker's
// unit, run as systemd runs it (its environment file, its instance, its stop signal),
// comes up on a database and stops cleanly within the unit's stop timeout.
import { execFile, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/lib/migrations.ts";
import { serviceArgs, webServiceOptions } from "../../scripts/lib/processes.ts";
import { getConfig } from "../../web/config/config.server.ts";

const units = path.join(projectRoot, "deploy/systemd");
const SYSTEMD_ANALYZE = "/usr/bin/systemd-analyze";

/** A unit's settings, `[Section] Key=value`, repeated keys kept in order. */
function unitFile(name: string) {
  const settings = new Map<string, string[]>();
  let section = "";
  for (const line of readFileSync(path.join(units, name), "utf8").split("\n")) {
    const header = /^\[(\w+)\]$/.exec(line.trim());
    if (header) section = header[1]!;
    const setting = /^(\w+)=(.*)$/.exec(line);
    if (setting)
      settings.set(`${section}.${setting[1]}`, [...(settings.get(`${section}.${setting[1]}`) ?? []), setting[2]!]);
  }
  const one = (key: string) => settings.get(key)?.at(-1);
  return { one, all: (key: string) => settings.get(key) ?? [] };
}
/** An EnvironmentFile's variables. */
const environmentFile = (file: string) =>
  Object.fromEntries(
    readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => /^\w+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
/** `Environment=A=1 B=2` lines with the instance name put in. */
const environment = (lines: string[], instance: string) =>
  Object.fromEntries(
    lines.flatMap((l) => l.split(/\s+/)).map((pair) => pair.replaceAll("%i", instance).split("=") as [string, string]),
  );

describe("systemd units", () => {
  // Skipped (and shown as skipped) only where systemd is not installed.
  it.skipIf(!existsSync(SYSTEMD_ANALYZE))("pass systemd's own check", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "units-"));
    for (const name of ["election-watch-web@.service", "election-watch-worker@.service", "election-watch.target"])
      await copyFile(path.join(units, name), path.join(dir, name));
    const checked = await promisify(execFile)(
      SYSTEMD_ANALYZE,
      [
        "verify",
        "--man=no",
        "./election-watch-web@3000.service",
        "./election-watch-worker@1.service",
        "./election-watch.target",
      ],
      { cwd: dir },
    ).catch((error: { stderr: string }) => ({ stderr: error.stderr, failed: true }));
    await rm(dir, { recursive: true, force: true });
    expect(checked).not.toHaveProperty("failed");
    expect(checked.stderr).toBe("");
  });

  it("run the processes npm start runs, restart them and stop them with SIGTERM", () => {
    const web = unitFile("election-watch-web@.service");
    const worker = unitFile("election-watch-worker@.service");
    const config = getConfig();
    expect(web.one("Service.ExecStart")).toBe(
      ["/usr/bin/env", "node", ...serviceArgs("web/server.ts", webServiceOptions({ WEB_HEAP_MB: 192 }))].join(" "),
    );
    expect(config.WEB_HEAP_MB).toBe(192); // the unit's heap ceiling is the default's
    expect(worker.one("Service.ExecStart")).toBe(["/usr/bin/env", "node", ...serviceArgs("jobs/worker.ts")].join(" "));
    for (const unit of [web, worker]) {
      expect(unit.one("Service.Restart")).toBe("always");
      expect(unit.one("Service.KillSignal")).toBe("SIGTERM");
      expect(Number(unit.one("Unit.StartLimitBurst"))).toBeGreaterThan(1);
      expect(unit.one("Service.EnvironmentFile")).toBe("/etc/election-watch/env");
    }
    expect(environment(web.all("Service.Environment"), "3001")).toMatchObject({ PORT: "3001" });
  });

  it("start the worker as systemd would, which comes up and stops cleanly on SIGTERM", async () => {
    const worker = unitFile("election-watch-worker@.service");
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "unit-data-"));
    const [command, ...args] = worker.one("Service.ExecStart")!.split(" ");
    const child = spawn(command!, args, {
      cwd: projectRoot,
      env: {
        // The example environment file, pointed at this test's database; no chain reachable.
        ...environmentFile(path.join(units, "env.example")),
        ...environment(worker.all("Service.Environment"), "1"),
        NODE_ENV: "production",
        DATABASE_URL: process.env.DATABASE_URL!,
        DATA_DIR: dataDir,
        RPC_URL: "http://127.0.0.1:1",
        LOG_LEVEL: "info",
        // Node 22 first on the PATH, as the deployment's README asks.
        PATH: `${path.dirname(process.execPath)}:${process.env.PATH}`,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d));
    child.stderr.on("data", (d: Buffer) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    for (let i = 0; i < 600 && !output.includes('"msg":"worker ready"'); i++) {
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(output).toContain('"service":"worker-1"');
    expect(output).toContain('"msg":"worker ready"');
    const stopping = performance.now();
    child.kill(worker.one("Service.KillSignal") as NodeJS.Signals);
    expect(await exited, output.slice(-2000)).toBe(0);
    expect((performance.now() - stopping) / 1000).toBeLessThan(Number(worker.one("Service.TimeoutStopSec")));
    await rm(dataDir, { recursive: true, force: true });
  }, 120_000);
});
