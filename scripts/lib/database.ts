// Which PostgreSQL the command-line tools use: DATABASE_URL when set, otherwise the
// embedded cluster under .data/ (joined if `npm start` already runs it, started if not).
import type { ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { getConfig } from "../../web/config/config.server.ts";
import { startEmbeddedPostgres } from "./embedded-postgres.ts";
import { projectRoot } from "./migrations.ts";

export const EMBEDDED_DATABASE = "election";

export function portIsOpen(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
  /** At once, without waiting (a second Ctrl-C). */
  stopNow(): void;
  /** The embedded server process and how to start it again (npm start supervises it);
   *  null for a configured DATABASE_URL or a joined cluster. */
  supervised: { server(): ChildProcess | null; restart(): Promise<ChildProcess> } | null;
}

/** With `own` (npm start), this process runs the embedded cluster and stops it at the end:
 *  one left running by a start that died is stopped first. Without it (the command-line
 *  tools), a cluster already running on the port is joined. */
export async function openDatabase(
  log: (line: string) => void = () => {},
  opts: { own?: boolean } = {},
): Promise<DatabaseHandle> {
  const config = getConfig();
  if (config.DATABASE_URL)
    return { url: config.DATABASE_URL, embedded: false, stop: async () => {}, stopNow: () => {}, supervised: null };
  const port = config.EMBEDDED_PG_PORT;
  const dataDir = path.resolve(projectRoot, config.DATA_DIR, "postgres");
  const alreadyRunning = !opts.own && (await portIsOpen(port));
  const cluster = await startEmbeddedPostgres({ dataDir, port, log, reuseRunning: alreadyRunning });
  await cluster.createDatabase(EMBEDDED_DATABASE);
  return {
    url: cluster.urlFor(EMBEDDED_DATABASE),
    embedded: true,
    stop: () => cluster.stop(),
    stopNow: () => cluster.stopNow(),
    supervised: alreadyRunning ? null : { server: cluster.server, restart: cluster.restart },
  };
}
