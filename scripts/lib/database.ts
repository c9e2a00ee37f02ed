// Which PostgreSQL the command-line tools use: DATABASE_URL when set, otherwise the
// embedded cluster under .data/ (joined if `npm start` already runs it, started if not).
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
}

export async function openDatabase(log: (line: string) => void = () => {}): Promise<DatabaseHandle> {
  const config = getConfig();
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: async () => {} };
  const port = config.EMBEDDED_PG_PORT;
  const dataDir = path.resolve(projectRoot, config.DATA_DIR, "postgres");
  const alreadyRunning = await portIsOpen(port);
  const cluster = await startEmbeddedPostgres({ dataDir, port, log, reuseRunning: alreadyRunning });
  await cluster.createDatabase(EMBEDDED_DATABASE);
  return { url: cluster.urlFor(EMBEDDED_DATABASE), embedded: true, stop: () => cluster.stop() };
}
