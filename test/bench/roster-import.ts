// Import a 100,000-person roster CSV (streamed) into a fresh database that holds the
// whole synthetic country, then import it again (idempotent: nothing changes), then
// import the same people through a second organisation (found again by national ID:
// new affiliations, no new volunteers). Target: 100,000 rows ≤ 60 s, memory bounded.
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { generateCountryCsv } from "../../web/geography/generator.ts";
import { importGeographyCsv } from "../../web/geography/import.server.ts";
import { importRosterCsv, type RosterImportSummary } from "../../web/recruitment/roster-import.server.ts";
import { generateRosterCsv } from "../../web/recruitment/roster-generator.ts";
import { rosterAreas } from "../../web/recruitment/recruitment.sql.server.ts";
import { projectRoot } from "../../scripts/lib/migrations.ts";
import { benchSize, memorySampler, scratchDatabase, seconds } from "./lib.ts";

const size = benchSize() ?? 100_000;
const memory = memorySampler();
const database = await scratchDatabase("roster_import");
const client = new pg.Client({ connectionString: database.url });
await client.connect();

const t = performance.now();
const geo = await importGeographyCsv(client, Readable.from(generateCountryCsv()));
if (!geo.ok) throw new Error("geography import failed");
console.log(`country imported in ${seconds(performance.now() - t)} s`);

const file = path.join(projectRoot, ".data/bench/roster.csv");
await mkdir(path.dirname(file), { recursive: true });
await pipeline(
  Readable.from(generateRosterCsv({ count: size, areas: await rosterAreas(client) })),
  createWriteStream(file),
);
const fileMb = Math.round(((await stat(file)).size / 1024 / 1024) * 10) / 10;
console.log(`roster CSV: ${size} rows, ${fileMb} MiB`);

const organisation = async (slug: string) =>
  (
    await client.query<{ id: string }>(
      `INSERT INTO "Organisation" (id, slug, "nameTh", "nameEn") VALUES (gen_random_uuid(), $1, $1, $1) RETURNING id`,
      [slug],
    )
  ).rows[0]!.id;
const orgA = await organisation("bench-a");
const orgB = await organisation("bench-b");

async function run(
  label: string,
  organisationId: string,
): Promise<{ summary: RosterImportSummary; seconds: number; peakRssMb: number }> {
  memory.reset();
  const started = performance.now();
  const summary = await importRosterCsv(client, createReadStream(file), {
    organisationId,
    actorId: null,
    minAge: 15,
    onProgress: ({ rowsRead }) => {
      if (rowsRead % 20_000 === 0) console.log(`  ${label}: ${rowsRead} rows`);
    },
  });
  const result = { summary, seconds: seconds(performance.now() - started), peakRssMb: memory.peak() };
  console.log(
    `${label}: ${result.seconds} s, created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, invalid ${summary.invalid}`,
  );
  return result;
}

const rssBeforeMb = memory.peak();
const first = await run("first import", orgA);
const again = await run("same file again", orgA);
const second = await run("same people, second organisation", orgB);
const volunteers = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Volunteer"`)).rows[0]!.n;
const affiliations = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Affiliation"`)).rows[0]!.n;

await client.end();
await database.drop();
memory.stop();
console.log(
  JSON.stringify({
    bench: "roster-import",
    rows: size,
    fileMb,
    importSeconds: first.seconds,
    rowsPerSecond: Math.round(size / first.seconds),
    created: first.summary.created,
    invalid: first.summary.invalid,
    reimportSeconds: again.seconds,
    reimportCreated: again.summary.created,
    reimportUpdated: again.summary.updated,
    secondOrganisationSeconds: second.seconds,
    secondOrganisationCreated: second.summary.created,
    volunteers,
    affiliations,
    rssBeforeMb,
    importPeakRssMb: first.peakRssMb,
    reimportPeakRssMb: again.peakRssMb,
    targets: { importSeconds: 60 },
  }),
);
process.exit(0);
