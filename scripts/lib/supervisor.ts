// Supervision of `npm start`'s processes (issue 41): a web process or worker that dies is
// started again after a pause that doubles with each crash (0.5 s, 1 s, 2 s … 30 s), one
// at a time, never taking the others down; a process that keeps crashing (5 times within a
// minute) is a crash loop, and the platform stops with one line that says so. What
// happened is written to DATA_DIR/supervisor.json, which /healthz and /metrics read.
import { renameSync, writeFileSync } from "node:fs";

export interface RestartOptions {
  baseMs: number;
  maxMs: number;
  windowMs: number;
  maxInWindow: number;
}

export const RESTARTS: RestartOptions = { baseMs: 500, maxMs: 30_000, windowMs: 60_000, maxInWindow: 5 };

/** When to start a crashed process again, or that it is crashing in a loop. */
export class RestartPolicy {
  private crashes: number[] = [];
  private readonly options: RestartOptions;
  restarts = 0;
  constructor(options: RestartOptions = RESTARTS) {
    this.options = options;
  }

  next(now = Date.now()): { delayMs: number } | { giveUp: true; crashes: number } {
    this.crashes = [...this.crashes.filter((t) => now - t < this.options.windowMs), now];
    if (this.crashes.length > this.options.maxInWindow) return { giveUp: true, crashes: this.crashes.length };
    const delayMs = Math.min(this.options.maxMs, this.options.baseMs * 2 ** (this.crashes.length - 1));
    this.restarts++;
    return { delayMs };
  }
}

export interface ServiceState {
  pid: number | null;
  restarts: number;
  lastExit: string | null;
  lastRestartAt: string | null;
}

/** The supervisor's record, written whole on each change (small, one writer). */
export class SupervisorRecord {
  private readonly services: Record<string, ServiceState> = {};
  private readonly file: string;
  constructor(file: string) {
    this.file = file;
  }

  update(name: string, change: Partial<ServiceState>) {
    const before = this.services[name] ?? { pid: null, restarts: 0, lastExit: null, lastRestartAt: null };
    this.services[name] = { ...before, ...change };
    try {
      // Whole or not at all (a new file renamed over the old): /healthz may be reading it.
      writeFileSync(
        `${this.file}.next`,
        JSON.stringify({ pid: process.pid, services: this.services, at: new Date().toISOString() }, null, 2),
      );
      renameSync(`${this.file}.next`, this.file);
    } catch {
      // A read-only data directory: the record is a convenience, supervision goes on.
    }
  }
}
