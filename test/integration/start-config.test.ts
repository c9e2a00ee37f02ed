import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/lib/migrations.ts";

const start = (env: Record<string, string>, entry = "scripts/start.ts") =>
  spawnSync(process.execPath, ["--import", "tsx", entry], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "development", ...env },
    encoding: "utf8",
    timeout: 30_000,
  });

describe("npm start with bad configuration", () => {
  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ DATABASE_URL: "mysql://localhost/x" }, "DATABASE_URL"],
    [{ SMS_PROVIDER: "pigeon" }, "SMS_PROVIDER"],
  ])("stops before starting anything, with one line naming the variable (%o)", (env, variable) => {
    const result = start(env);
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Configuration error: ${variable} `));
    expect(result.stdout).not.toContain("[start]");
  });
});

describe("a worker or web process started on its own (as systemd does) with bad configuration", () => {
  it.each(["jobs/worker.ts", "web/server.ts"])("%s stops with one line naming the variable, no stack", (entry) => {
    const result = start({ LOG_LEVEL: "loud", DATABASE_URL: "postgresql://u:p@127.0.0.1:1/x" }, entry);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^Configuration error: LOG_LEVEL /)]);
  });
});
