// npm run backup -- [folder]   |   npm run restore -- <folder>
// A backup of this install while it runs (or not): its database, file store, chain state,
// contracts and secrets (scripts/lib/backup.ts); a restore into a DATA_DIR that has none of
// them yet, which `npm start` then serves as it was.
import "./lib/node-guard.ts";
import path from "node:path";
import { getConfig } from "../web/config/config.server.ts";
import { BackupError, backup, restore } from "./lib/backup.ts";
import { openDatabase } from "./lib/database.ts";
import { projectRoot } from "./lib/migrations.ts";

const [command, folder] = process.argv.slice(2);
const config = getConfig();
const dataDir = path.resolve(projectRoot, config.DATA_DIR);
const say = (line: string) => console.log(`[${command}] ${line}`);
const stamp = () => new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
let code = 0;
try {
  if (command === "create") {
    const out = path.resolve(folder ?? path.join(projectRoot, "backups", stamp()));
    // The embedded cluster npm start runs is joined (or started for the copy, and stopped).
    const database = await openDatabase();
    try {
      const manifest = await backup({
        dataDir,
        databaseUrl: database.url,
        embedded: database.embedded,
        out,
        log: say,
      });
      say(`done: ${path.relative(process.cwd(), out) || out} (database consistent at ${manifest.walEnd ?? "—"})`);
      say("it holds the install's secrets: keep it as safe as the server itself");
    } finally {
      await database.stop();
    }
  } else if (command === "restore") {
    if (!folder) throw new BackupError("usage: npm run restore -- <backup folder>");
    await restore({ from: path.resolve(folder), dataDir, log: say });
    say(`start it with: DATA_DIR=${config.DATA_DIR} npm start`);
  } else throw new BackupError("usage: npm run backup -- [folder]  |  npm run restore -- <folder>");
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  console.error(`[${command ?? "backup"}] ${error.message}`);
  code = 1;
}
process.exit(code);
