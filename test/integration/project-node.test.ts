// scripts/node.mjs, the project's Node (ADR 0018): the version rules, and the one-line
// refusals when a command meets a Node that is too old or an install without Hardhat's
// native package. The too-old cases run the wrapper under the machine's own Node 20 when
// it has one (this machine kind does), as a newcomer's shell would.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { atLeast, hardhatNativeMissing, minimumNode } from "../../scripts/node.mjs";
import { projectRoot } from "../../scripts/lib/migrations.ts";

const wrapper = path.join(projectRoot, "scripts/node.mjs");
const oldNode = ["/usr/bin/node", "/usr/local/bin/node"].find((file) => {
  if (!existsSync(file)) return false;
  const version = spawnSync(file, ["--version"], { encoding: "utf8" }).stdout.trim();
  return version !== "" && !atLeast(version, "22.13");
});
const temporary: string[] = [];
afterAll(async () => {
  for (const dir of temporary) await rm(dir, { recursive: true, force: true });
});
async function tempDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "project-node-"));
  temporary.push(dir);
  return dir;
}

/** The environment of a newcomer's shell: no npm variables from this test run. */
function shellEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: process.env.HOME ?? "/", NODE_ENV: "development", ...extra };
}

describe("versions", () => {
  it("reads the minimum from package.json's engines and compares versions as numbers", () => {
    expect(minimumNode(">=22.13")).toBe("22.13");
    expect(() => minimumNode("^22")).toThrow(/engines/);
    expect(atLeast("22.23.3", "22.13")).toBe(true);
    expect(atLeast("v22.13.0", "22.13")).toBe(true);
    expect(atLeast("22.9.0", "22.13")).toBe(false); // 9 < 13, though "9" > "13" as text
    expect(atLeast("20.20.2", "22.13")).toBe(false);
    expect(atLeast("24.0.0", "22.13")).toBe(true);
  });

  it("finds Hardhat's native package missing only when Hardhat is there without it", async () => {
    const modules = await tempDir();
    expect(hardhatNativeMissing(modules)).toBe(false);
    await mkdir(path.join(modules, "@nomicfoundation/edr"), { recursive: true });
    expect(hardhatNativeMissing(modules)).toBe(true);
    await mkdir(path.join(modules, `@nomicfoundation/edr-${process.platform}-${process.arch}-gnu`));
    expect(hardhatNativeMissing(modules)).toBe(false);
  });
});

describe.runIf(oldNode)("under a Node older than the project needs", () => {
  it("a command that may not install Node says so in one line, with the command that fixes it", async () => {
    const result = spawnSync(oldNode!, [wrapper, "node", "-e", "console.log('ran')"], {
      cwd: projectRoot,
      env: shellEnv({ PROJECT_TOOLS_DIR: await tempDir(), PROJECT_NODE_BOOTSTRAP: "off" }),
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\[node\] Node\.js 20\.\d+\.\d+ is too old for this project \(it needs ≥ 22\.13\): run `npm start`/,
    );
  });

  it("a plain npm install is refused in one line that names npm start", () => {
    const result = spawnSync(oldNode!, [wrapper, "--preinstall"], {
      cwd: projectRoot,
      env: shellEnv({}),
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\[node\] npm install ran on Node\.js 20\.\d+\.\d+, too old .*run `npm start` or `npm test` instead/,
    );
  });

  it("runs the command under the project's Node once it is in .tools/", () => {
    // This run's own Node (22) stands in for the one installed into .tools/.
    const tools = path.join(projectRoot, ".tools");
    const pinned = readFileSync(path.join(projectRoot, ".nvmrc"), "utf8").trim();
    const installed = path.join(tools, `node-${pinned}`, "node_modules/node/bin/node");
    if (!existsSync(installed)) return expect(atLeast(process.versions.node, "22.13")).toBe(true); // a machine whose own Node is new enough
    const result = spawnSync(oldNode!, [wrapper, "node", "-p", "process.version + ' ' + process.env.NODE"], {
      cwd: projectRoot,
      env: shellEnv({ PROJECT_NODE_INSTALLING: "1" }),
      encoding: "utf8",
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(`v${pinned} ${installed}`);
  });
});

describe("with Hardhat's native package missing", () => {
  it("a Hardhat command says so in one line, with the command that fixes it", async () => {
    // A copy of the project's wrapper and manifest over an install that lacks the package.
    const project = await tempDir();
    await mkdir(path.join(project, "scripts"));
    await cp(wrapper, path.join(project, "scripts/node.mjs"));
    for (const file of ["package.json", ".nvmrc"]) await cp(path.join(projectRoot, file), path.join(project, file));
    await mkdir(path.join(project, "node_modules/@nomicfoundation/edr"), { recursive: true });
    await writeFile(path.join(project, "node_modules/@nomicfoundation/edr/package.json"), "{}");
    const result = spawnSync(process.execPath, [path.join(project, "scripts/node.mjs"), "hardhat", "compile"], {
      cwd: project,
      env: shellEnv({ PROJECT_NODE_INSTALLING: "1", PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` }),
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      `[node] Hardhat's native package (@nomicfoundation/edr-${process.platform}-${process.arch}-…) is missing: run \`npm start\``,
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
