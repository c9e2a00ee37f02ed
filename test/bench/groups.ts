// What a group of entries costs PostgreSQL by its size: tally_submit_many called directly,
// one group after another on one connection (no HTTP, no web process), for groups of
// 1 to 48 entries shaped as on election night (a unit's three ballots, the reporter's
// entry and a blind one each, verifying them). Prints, per size, the backend's CPU per
// group and per entry; a straight line through them splits each group's cost into a
// fixed part and a part per entry. `--size N`: units per group size.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { benchSize, countryDatabase, statementProfile } from "./lib.ts";
import { BENCH_BALLOTS, benchElection, countFor, seedFormPhotos } from "./ingest-lib.ts";
import { fingerprintOf, readDetails, readFigures, FIGURES } from "../../web/tally/tally-rules.ts";
import { entryRow } from "../../web/tally/tally.sql.server.ts";

const { client, database } = await countryDatabase("groups");
const electionId = await benchElection(client);
const { rows: unitRows } = await client.query<{ code: string }>(`SELECT code FROM "PollingUnit" ORDER BY code`);
const perSize = benchSize() ?? 3000;
const SIZES = [1, 3, 6, 12, 24, 48];
const units = unitRows.map((u) => u.code).slice(0, perSize * SIZES.length);
for (const b of BENCH_BALLOTS) await seedFormPhotos(client, electionId, units, b.ballot);
const actors = await Promise.all(
  ["+66890000001", "+66890000002"].map(
    async (phone) =>
      (
        await client.query<{ id: string }>(
          `INSERT INTO "User" (id, phone) VALUES (gen_random_uuid(), $1) RETURNING id`,
          [phone],
        )
      ).rows[0]!.id,
  ),
);

// Entry i of a size's units, as the web app sends it (entryRow).
const entryOf = (unitIndex: number, k: number) => {
  const shape = BENCH_BALLOTS[Math.floor(k / 2)]!;
  const numbers = Array.from({ length: shape.numbers }, (_, n) => n + 1);
  const asked = shape.voteNo ? undefined : FIGURES.filter((f) => f !== "voteNo");
  const { figures } = readFigures(countFor(unitIndex, shape.numbers, shape.voteNo), numbers, asked);
  return entryRow(
    {
      submission: randomUUID(),
      election: electionId,
      unit: units[unitIndex]!,
      ballot: shape.ballot,
      source: k & 1 ? "blind" : "reporter",
      actor: actors[k & 1]!,
      flags: [],
      fingerprint: fingerprintOf(figures),
      photos: [],
    },
    figures,
    readDetails({}).details,
  );
};
const { rows: pidRow } = await client.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`);
const backendCpuMs = () => {
  const f = readFileSync(`/proc/${pidRow[0]!.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(f[11]) + Number(f[12])) * 10;
};
const submit = (group: unknown[]) =>
  client.query({
    name: "submit",
    text: `SELECT * FROM tally_submit_many($1::jsonb) ORDER BY ord`,
    values: [JSON.stringify(group)],
  });
const profile = await statementProfile(client);
await profile.start();
const results: {
  size: number;
  groups: number;
  cpuMsPerGroup: number;
  cpuMsPerEntry: number;
  wallMsPerGroup: number;
}[] = [];
for (const [s, size] of SIZES.entries()) {
  const entries = Array.from({ length: perSize }, (_, u) =>
    Array.from({ length: 6 }, (_, k) => entryOf(s * perSize + u, k)),
  ).flat();
  const groups = Array.from({ length: Math.ceil(entries.length / size) }, (_, g) =>
    entries.slice(g * size, (g + 1) * size),
  );
  // The first groups plan the statements: not counted.
  for (const g of groups.slice(0, 20)) await submit(g);
  const timed = groups.slice(20);
  const cpu = backendCpuMs();
  const t = performance.now();
  for (const g of timed) await submit(g);
  const wall = performance.now() - t;
  const used = backendCpuMs() - cpu;
  const n = timed.reduce((a, g) => a + g.length, 0);
  results.push({
    size,
    groups: timed.length,
    cpuMsPerGroup: Math.round((1000 * used) / timed.length) / 1000,
    cpuMsPerEntry: Math.round((1000 * used) / n) / 1000,
    wallMsPerGroup: Math.round((1000 * wall) / timed.length) / 1000,
  });
  console.log(JSON.stringify(results.at(-1)));
}
await profile.print();
const { rows: check } = await client.query<{ n: number }>(
  `SELECT count(*)::int AS n FROM "UnitResult" WHERE status = 'verified'`,
);
// Least squares: cpu per group = fixed + perEntry × size.
const mx = SIZES.reduce((a, b) => a + b, 0) / SIZES.length;
const my = results.reduce((a, r) => a + r.cpuMsPerGroup, 0) / results.length;
const perEntry =
  results.reduce((a, r) => a + (r.size - mx) * (r.cpuMsPerGroup - my), 0) /
  SIZES.reduce((a, x) => a + (x - mx) ** 2, 0);
await client.end();
await database.drop();
console.log(
  JSON.stringify({
    bench: "groups",
    unitsPerSize: perSize,
    verified: check[0]!.n,
    sizes: results,
    fixedCpuMsPerGroup: Math.round(1000 * (my - perEntry * mx)) / 1000,
    cpuMsPerEntry: Math.round(1000 * perEntry) / 1000,
  }),
);
process.exit(0);
