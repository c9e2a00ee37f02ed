// Full automatic tier-1 assignment: the whole synthetic country (~95,000 units) and
// 100,000 approved volunteers (80% offer polling-unit duty; one organisation of two has
// a quota). Times the complete run including the database writes, and prints the
// coverage achieved beside the maximum-matching bound computed independently.
// Target: ≤ 10 s, coverage = bound.
import pg from "pg";
import { runAutoAssignment } from "../../web/assignment/auto-assign.server.ts";
import { benchSize, memorySampler, seconds } from "./lib.ts";
import { countryWithVolunteers, independentBound } from "./assign-lib.ts";

const size = benchSize() ?? 100_000;
const memory = memorySampler();
const { database, client, units, electionId } = await countryWithVolunteers("assign", size);
const bound = await independentBound(client);

const runner = new pg.Client({ connectionString: database.url });
await runner.connect();
memory.reset();
const t = performance.now();
const result = await runAutoAssignment(runner, electionId, null);
const runSeconds = seconds(performance.now() - t);
const peakRssMb = memory.peak();
console.log(
  `assigned in ${runSeconds} s: ${result.reporters} units with a reporter (bound ${bound}), ${result.backups} backups`,
);

const t2 = performance.now();
const again = await runAutoAssignment(runner, electionId, null);
const rerunSeconds = seconds(performance.now() - t2);
const { rows } = await client.query<{ level: number; n: number }>(`
  SELECT CASE WHEN a."subdistrictCode" = u."subdistrictCode" THEN 0 WHEN a."districtCode" = left(u."subdistrictCode", 4) THEN 1
              WHEN a."constituencyId" = u."constituencyId" THEN 2 ELSE 3 END AS level, count(*)::int AS n
    FROM "UnitAssignment" x JOIN "PollingUnit" u ON u.code = x."unitCode"
    JOIN LATERAL (SELECT * FROM "Affiliation" a WHERE a."volunteerId" = x."volunteerId" ORDER BY a."createdAt" LIMIT 1) a ON true
   WHERE x.slot = 0 GROUP BY 1 ORDER BY 1`);
const quota = await client.query<{ n: number; quota: number }>(
  `SELECT count(x.id)::int AS n, o."unitQuota" AS quota FROM "Organisation" o LEFT JOIN "UnitAssignment" x ON x."organisationId" = o.id WHERE o."unitQuota" IS NOT NULL GROUP BY o.id`,
);

await runner.end();
await client.end();
await database.drop();
memory.stop();
console.log(
  JSON.stringify({
    bench: "assign",
    units,
    volunteers: size,
    candidates: result.candidates,
    runSeconds,
    readSeconds: Math.round(result.seconds.read * 100) / 100,
    planSeconds: Math.round(result.seconds.plan * 100) / 100,
    writeSeconds: Math.round(result.seconds.write * 100) / 100,
    reporters: result.reporters,
    bound,
    plannerBound: result.bound,
    coverage: Math.round((1000 * result.reporters) / units) / 10,
    backups: result.backups,
    reportersByProximity: Object.fromEntries(
      rows.map((r) => [["subdistrict", "district", "constituency", "province"][r.level], r.n]),
    ),
    quotaUsed: quota.rows[0],
    rerunSeconds,
    rerunAdded: again.added,
    peakRssMb,
    targets: { runSeconds: 10, reporters: "= bound" },
  }),
);
process.exit(0);
