// npm run geo:import -- <file.csv>: the same streamed, all-or-nothing import as the
// admin page, from the command line, with a progress bar on the terminal.
import "./lib/node-guard.ts";
import { createReadStream, statSync } from "node:fs";
import pg from "pg";
import { openDatabase } from "./lib/database.ts";
import { deployMigrations } from "./lib/migrations.ts";
import { importGeographyCsv } from "../web/geography/import.server.ts";

const file = process.argv[2];
if (!file) {
  console.error("Usage: npm run geo:import -- <file.csv>");
  process.exit(2);
}
const total = statSync(file).size;
const database = await openDatabase();
await deployMigrations(database.url);
const client = new pg.Client({ connectionString: database.url });
await client.connect();
const bar = (bytes: number) => {
  const pct = Math.min(100, Math.round((100 * bytes) / total));
  return `[${"#".repeat(pct / 2).padEnd(50, ".")}] ${pct}%`;
};
const result = await importGeographyCsv(client, createReadStream(file), (p) =>
  process.stderr.write(`\r${bar(p.bytesRead)} ${p.rowsRead} rows`),
);
process.stderr.write("\n");
await client.end();
await database.stop();
if (result.ok) {
  console.log(
    `Imported ${result.summary.units} units in ${result.summary.constituencies} constituencies; ${result.summary.changed} records added or changed.`,
  );
  process.exit(0);
}
console.error(`Nothing was imported: ${result.errorCount} problem(s).`);
for (const e of result.errors.slice(0, 50)) console.error(`  line ${e.line}: ${e.message}`);
process.exit(1);
