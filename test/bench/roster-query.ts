// The roster page's server work (the filtered page and its total, and the status counts,
// as the loader runs them) at 100,000 volunteers in one organisation, with a second
// organisation's 20,000 in the same table. Each query shape runs 40 times after a
// warm-up; the figures are per shape and overall. Target: p95 ≤ 100 ms.
import { Readable } from "node:stream";
import pg from "pg";
import { generateCountryCsv } from "../../web/geography/generator.ts";
import { importGeographyCsv } from "../../web/geography/import.server.ts";
import { importRosterCsv } from "../../web/recruitment/roster-import.server.ts";
import { generateRosterCsv, syntheticNationalId } from "../../web/recruitment/roster-generator.ts";
import { rosterAreas } from "../../web/recruitment/recruitment.sql.server.ts";
import { benchSize, scratchDatabase, seconds } from "./lib.ts";

const size = benchSize() ?? 100_000;
const RUNS = 40;
const database = await scratchDatabase("roster_query");
process.env.DATABASE_URL = database.url;
const client = new pg.Client({ connectionString: database.url });
await client.connect();
const geo = await importGeographyCsv(client, Readable.from(generateCountryCsv()));
if (!geo.ok) throw new Error("geography import failed");
const areas = await rosterAreas(client);
const organisation = async (slug: string) =>
  (
    await client.query<{ id: string }>(
      `INSERT INTO "Organisation" (id, slug, "nameTh", "nameEn") VALUES (gen_random_uuid(), $1, $1, $1) RETURNING id`,
      [slug],
    )
  ).rows[0]!.id;
const orgA = await organisation("bench-a");
const orgB = await organisation("bench-b");
const t = performance.now();
await importRosterCsv(client, Readable.from(generateRosterCsv({ count: size, areas })), {
  organisationId: orgA,
  actorId: null,
  minAge: 15,
});
await importRosterCsv(
  client,
  Readable.from(generateRosterCsv({ count: Math.round(size / 5), first: size, areas, seed: 11 })),
  { organisationId: orgB, actorId: null, minAge: 15 },
);
await client.query("VACUUM ANALYZE"); // as autovacuum would have by now
console.log(
  `roster of ${size} (+${Math.round(size / 5)} in another organisation) loaded in ${seconds(performance.now() - t)} s`,
);

const { rosterPage, statusCounts } = await import("../../web/recruitment/roster.server.ts");
const { parseRosterFilter } = await import("../../web/recruitment/roster-filters.ts");
const { closeDb } = await import("../../web/db/db.server.ts");

const SHAPES: Record<string, string> = {
  "first page": "",
  "status=approved": "status=approved",
  "tier + province": "tier=war_room&province=10",
  "constituency + status": "constituency=10-05&status=pending",
  "age group": "age=18-24",
  "name search (Thai)": "q=ศรีสุข",
  "name + number search": "q=ทองมา 1234",
  "ID last 4": `q=${syntheticNationalId(4321).slice(-4)}`,
  phone: "q=0900043210",
  "page 500": "page=500",
  "everything at once": "status=approved&tier=polling_unit&province=10&age=25-39&q=สม",
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (ms: number) => Math.round(ms * 10) / 10;
const all: number[] = [];
const shapes: Record<string, { p50: number; p95: number; total: number }> = {};
for (const [name, query] of Object.entries(SHAPES)) {
  const filter = parseRosterFilter(new URLSearchParams(query));
  const once = () => Promise.all([rosterPage(orgA, filter), statusCounts(orgA)]);
  await once(); // warm-up
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const [page] = await once();
    times.push(performance.now() - started);
    total = page.total;
  }
  times.sort((a, b) => a - b);
  all.push(...times);
  shapes[name] = { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), total };
  console.log(`${name.padEnd(24)} p50 ${shapes[name]!.p50} ms  p95 ${shapes[name]!.p95} ms  (${total} matching)`);
}
all.sort((a, b) => a - b);

await closeDb();
await client.end();
await database.drop();
console.log(
  JSON.stringify({
    bench: "roster-query",
    volunteers: size,
    otherOrganisation: Math.round(size / 5),
    runsPerShape: RUNS,
    p50Ms: round(percentile(all, 50)),
    p95Ms: round(percentile(all, 95)),
    maxMs: round(all[all.length - 1]!),
    slowestShapeP95: Object.entries(shapes).sort((a, b) => b[1].p95 - a[1].p95)[0],
    shapes,
    targets: { p95Ms: 100 },
  }),
);
process.exit(0);
