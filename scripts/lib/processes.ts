// Stopping a child process politely, then firmly: the one way start, the local chain and
// the embedded PostgreSQL stop what they started.
import type { ChildProcess } from "node:child_process";

/** Sends `signal`, and `force` if the process is still there after `graceMs`; resolves
 *  when it has exited (at once if it already had). */
export function stopProcess(
  child: ChildProcess,
  { signal, graceMs, force = "SIGKILL" }: { signal: NodeJS.Signals; graceMs: number; force?: NodeJS.Signals },
): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode) return resolve();
    const timer = setTimeout(() => child.kill(force), graceMs);
    child.once("exit", () => (clearTimeout(timer), resolve()));
    child.kill(signal);
  });
}

/** The Node arguments that run one of the platform's services (web/server.ts,
 *  jobs/worker.ts): its TypeScript as Node itself strips the types (ADR 0028) — no loader
 *  thread and no transpiler beside it in memory — and, where given, a ceiling on its heap
 *  in MB (V8 otherwise lets an idle heap grow while the host has memory to spare) and
 *  WebAssembly (Prisma's query compiler) with V8's baseline compiler only: the web process's
 *  memory, not recompiled by the optimising compiler in the background, which held 30–80 MB
 *  more and saved no measurable CPU there; the worker keeps it for the evidence trees'
 *  keccak, 40% faster optimised (ADR 0032). */
export function serviceArgs(script: string, options: { heapMb?: number; baselineWasm?: boolean } = {}) {
  return [
    ...(options.heapMb ? [`--max-old-space-size=${options.heapMb}`] : []),
    ...(options.baselineWasm ? ["--liftoff-only"] : []),
    "--disable-warning=ExperimentalWarning",
    script,
  ];
}

/** The web process's options of serviceArgs, for `npm start` and the benchmarks alike. */
export const webServiceOptions = (config: { WEB_HEAP_MB: number }) => ({
  heapMb: config.WEB_HEAP_MB,
  baselineWasm: true,
});
