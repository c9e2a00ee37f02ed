// Generate the whole synthetic country as CSV, then import it (streamed) into a fresh
// database, then import it again (idempotent: nothing changes). Targets: generation
// ≤ 20 s, import ≤ 30 s, memory bounded (peak RSS well below what the rows would take).
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { generateCountryCsv } from "../../web/geography/generator.ts";
import { importGeographyCsv } from "../../web/geography/import.server.ts";
import { projectRoot } from "../../scripts/lib/migrations.ts";
import { benchSize, memorySampler, scratchDatabase, seconds } from "./lib.ts";

const size = benchSize();
const file = path.join(projectRoot, ".data/bench/country.csv");
await mkdir(path.dirname(file), { recursive: true });
const memory = memorySampler();

function* limited() {
  if (!size) return yield* generateCountryCsv();
  let rows = -1;
  for (const chunk of generateCountryCsv()) {
    const lines = chunk.split("\n").filter(Boolean);
    const take = lines.slice(0, Math.max(0, size - rows));
    rows += take.length;
    if (take.length) yield take.join("\n") + "\n";
    if (rows >= size) return;
  }
}

let t = performance.now();
await pipeline(Readable.from(limited()), createWriteStream(file));
const generateSeconds = seconds(performance.now() - t);
const fileMb = Math.round(((await stat(file)).size / 1024 / 1024) * 10) / 10;
const generatePeakMb = memory.peak();
console.log(`generated ${fileMb} MiB in ${generateSeconds} s`);

const database = await scratchDatabase("geo");
const client = new pg.Client({ connectionString: database.url });
await client.connect();
memory.reset();
const baselineMb = memory.peak();
t = performance.now();
const first = await importGeographyCsv(client, createReadStream(file), (p) => {
  if (p.rowsRead % 20_000 === 0) console.log(`  imported ${p.rowsRead} rows`);
});
const importSeconds = seconds(performance.now() - t);
const importPeakMb = memory.peak();
if (!first.ok) throw new Error(`import failed: ${JSON.stringify(first.errors.slice(0, 5))}`);
console.log(`imported ${first.summary.units} units in ${importSeconds} s`);

t = performance.now();
const second = await importGeographyCsv(client, createReadStream(file));
const reimportSeconds = seconds(performance.now() - t);
if (!second.ok) throw new Error("re-import failed");
console.log(`re-imported in ${reimportSeconds} s, ${second.summary.changed} changes`);

await client.end();
await database.drop();
memory.stop();
console.log(
  JSON.stringify({
    bench: "geo",
    units: first.summary.units,
    provinces: first.summary.provinces,
    constituencies: first.summary.constituencies,
    fileMb,
    generateSeconds,
    importSeconds,
    rowsPerSecond: Math.round(first.summary.units / importSeconds),
    reimportSeconds,
    reimportChanges: second.summary.changed,
    generatePeakRssMb: generatePeakMb,
    importRssBeforeMb: baselineMb,
    importPeakRssMb: importPeakMb,
    targets: { generateSeconds: 20, importSeconds: 30 },
  }),
);
process.exit(0);
