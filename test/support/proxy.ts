// nginx in front of the platform, as deploy/nginx/nginx.conf configures it, with the
// test's ports: the web processes' (3000 in the file) and the proxy's own (8080 in the file).
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { NGINX } from "../../scripts/lib/browser.ts";

export async function startProxy(platformPorts: number | number[], proxyPort: number) {
  const prefix = mkdtempSync(path.join(os.tmpdir(), "nginx-"));
  // nginx's workers run as an unprivileged user when the master is root: they write here.
  chmodSync(prefix, 0o755);
  for (const dir of ["cache", "temp"]) {
    mkdirSync(path.join(prefix, dir));
    chmodSync(path.join(prefix, dir), 0o777);
  }
  const config = readFileSync(path.resolve(import.meta.dirname, "../../deploy/nginx/nginx.conf"), "utf8")
    // One `server` line per web process (issue 41: scaled out).
    .replace(/server 127\.0\.0\.1:3000(.*);/, (_, options: string) =>
      [platformPorts]
        .flat()
        .map((port) => `server 127.0.0.1:${port}${options};`)
        .join("\n        "),
    )
    .replace("listen 8080;", `listen 127.0.0.1:${proxyPort};`)
    .replace("worker_processes auto;", "worker_processes 2;");
  writeFileSync(path.join(prefix, "nginx.conf"), config);
  const child: ChildProcess = spawn(NGINX, ["-p", prefix, "-c", path.join(prefix, "nginx.conf"), "-g", "daemon off;"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let errors = "";
  child.stderr!.on("data", (d: Buffer) => (errors += d.toString()));
  for (let i = 0; ; i++) {
    if (await listening(proxyPort)) break;
    if (i > 100 || child.exitCode !== null) throw new Error(`nginx did not start: ${errors}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${proxyPort}`,
    /** nginx's error log so far (why it answered 502, say). */
    errorLog: () => readFileSync(path.join(prefix, "error.log"), "utf8"),
    async stop() {
      // Fast shutdown: a graceful one would wait for any event stream still open.
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

function listening(port: number) {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}
