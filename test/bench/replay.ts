// Retries on a bad network: 10,000 submissions, each sent 5 times at once (50,000
// requests through POST /api/v1/entries) → exactly 10,000 records. `--size N` changes
// the number of submissions.
import { randomUUID } from "node:crypto";
import { benchSize, seconds } from "./lib.ts";
import { countFor, electionNight, postEntry, runConcurrently } from "./ingest-lib.ts";

const SUBMISSIONS = benchSize() ?? 10_000;
const COPIES = 5;
const night = await electionNight("replay");
const ids = Array.from({ length: SUBMISSIONS }, () => randomUUID());
const statuses: Record<number, number> = {};
const t = performance.now();
await runConcurrently(SUBMISSIONS * COPIES, 40, async (i) => {
  const s = Math.floor(i / COPIES); // the five copies of one submission are in flight together
  const status = await postEntry(night.people[0]!.cookie, {
    submissionId: ids[s],
    unitCode: night.units[s % night.units.length],
    ballot: s < night.units.length ? "constituency" : "party_list",
    source: "reporter",
    figures: countFor(s),
  });
  statuses[status] = (statuses[status] ?? 0) + 1;
});
const took = seconds(performance.now() - t);
const { rows } = await night.client.query<{ n: number; distinct: number }>(
  `SELECT count(*)::int AS n, count(DISTINCT "submissionId")::int AS distinct FROM "TallyEntry"`,
);
await night.stop();
console.log(`${SUBMISSIONS * COPIES} requests in ${took} s: ${JSON.stringify(statuses)}; ${rows[0]!.n} records`);
console.log(
  JSON.stringify({
    bench: "replay",
    submissions: SUBMISSIONS,
    copiesEach: COPIES,
    requests: SUBMISSIONS * COPIES,
    seconds: took,
    statuses,
    records: rows[0]!.n,
    distinctSubmissions: rows[0]!.distinct,
    exact: rows[0]!.n === SUBMISSIONS,
  }),
);
process.exit(0);
