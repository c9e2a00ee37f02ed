// Incremental placement: after a full run over the whole country, newly approved
// volunteers are placed one by one (nearest uncovered unit, else nearest unit without a
// backup). 200 placements timed one at a time. Target: ≤ 50 ms each (p95).
import { Readable } from "node:stream";
import pg from "pg";
import { runAutoAssignment } from "../../web/assignment/auto-assign.server.ts";
import { importRosterCsv } from "../../web/recruitment/roster-import.server.ts";
import { generateRosterCsv } from "../../web/recruitment/roster-generator.ts";
import { benchSize } from "./lib.ts";
import { countryWithVolunteers } from "./assign-lib.ts";

const size = benchSize() ?? 100_000;
const PLACEMENTS = 200;
const { database, client, network, areas, electionId } = await countryWithVolunteers("assign_one", size);
const runner = new pg.Client({ connectionString: database.url });
await runner.connect();
const full = await runAutoAssignment(runner, electionId, null);
console.log(`full run: ${full.reporters} units with a reporter`);

// New people, approved, polling-unit duty, not yet placed.
const csv = [...generateRosterCsv({ count: PLACEMENTS * 2, first: 5_000_000, areas })]
  .join("")
  .replace(/,(pending|approved)\n/g, ",approved\n")
  .replace(/,war_room,/g, ",polling_unit,");
await importRosterCsv(client, Readable.from([csv]), { organisationId: network, actorId: null, minAge: 15 });
const { rows: fresh } = await client.query<{ volunteerId: string }>(`
  SELECT DISTINCT a."volunteerId" FROM "Affiliation" a WHERE a.status = 'approved' AND 'polling_unit' = ANY(a.tiers)
     AND a.phone >= '+66905000000' -- the people just added (not those an organisation's quota keeps out)
     AND NOT EXISTS (SELECT 1 FROM "UnitAssignment" x WHERE x."volunteerId" = a."volunteerId") ORDER BY 1 LIMIT ${PLACEMENTS}`);

const { placeVolunteer } = await import("../../web/assignment/placement.server.ts");
const { closeDb } = await import("../../web/db/db.server.ts");
await placeVolunteer(electionId, fresh[0]!.volunteerId); // warm-up (connection, plans)
const times: number[] = [];
const outcome = { reporter: 0, backup: 0, none: 0 };
for (const { volunteerId } of fresh.slice(1)) {
  const t = performance.now();
  const placed = await placeVolunteer(electionId, volunteerId);
  times.push(performance.now() - t);
  outcome[placed ? (placed.slot === 0 ? "reporter" : "backup") : "none"]++;
}
times.sort((a, b) => a - b);
const at = (p: number) =>
  Math.round(times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]! * 10) / 10;

await closeDb();
await runner.end();
await client.end();
await database.drop();
console.log(
  JSON.stringify({
    bench: "assign-one",
    units: full.units,
    reportersBefore: full.reporters,
    placements: times.length,
    p50Ms: at(50),
    p95Ms: at(95),
    maxMs: Math.round(times[times.length - 1]! * 10) / 10,
    outcome,
    targets: { p95Ms: 50 },
  }),
);
process.exit(0);
