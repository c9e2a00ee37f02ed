// What `npm start`'s supervisor recorded (scripts/lib/supervisor.ts): each service's
// restarts and last exit, for /healthz and /metrics. Null where nothing supervises this
// process (a deployment under systemd, a test).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { getConfig } from "../config/config.server.ts";

export interface SupervisedService {
  pid: number | null;
  restarts: number;
  lastExit: string | null;
  lastRestartAt: string | null;
}

export async function supervisedServices(): Promise<Record<string, SupervisedService> | null> {
  try {
    const text = await readFile(path.resolve(getConfig().DATA_DIR, "supervisor.json"), "utf8");
    return (JSON.parse(text) as { services?: Record<string, SupervisedService> }).services ?? null;
  } catch {
    return null;
  }
}

/** Restarts per service, for a health answer. */
export async function restartCounts(): Promise<Record<string, number> | undefined> {
  const services = await supervisedServices();
  return services ? Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.restarts])) : undefined;
}
