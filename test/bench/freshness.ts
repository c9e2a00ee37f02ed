// Freshness: from the moment a unit's verifying entry is accepted to the moment the
// media stream (server-sent events) carries it — p95 target ≤ 1 s — and the national
// aggregate at full data (every unit of the country verified) — target ≤ 100 ms.
import { randomUUID } from "node:crypto";
import { benchSize } from "./lib.ts";
import { countFor, electionNight, percentiles, PORT, postEntry, seedFormPhotos } from "./ingest-lib.ts";

const UNITS = benchSize() ?? 300;
const night = await electionNight("freshness");
const { createOutlet, setRelease } = await import("../../web/results/feed.server.ts");
const key = await createOutlet("bench");
// Each unit has an earlier entry with the form's photo: the reporter's entry verifies it.
await seedFormPhotos(night.client, night.electionId, night.units.slice(0, UNITS));
await setRelease(true, night.people[0]!.id);

// Listen to the stream.
const seen = new Map<string, number>();
const controller = new AbortController();
const stream = await fetch(`http://127.0.0.1:${PORT}/api/v1/stream`, {
  headers: { authorization: `Bearer ${key}` },
  signal: controller.signal,
});
const reader = stream.body!.getReader();
void (async () => {
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const event = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = /^data: (.*)$/m.exec(event)?.[1];
        if (data) seen.set(JSON.parse(data).unit, performance.now());
      }
    }
  } catch {
    /* aborted at the end */
  }
})();

const send = async (i: number, second: number) => {
  await postEntry(night.people[second]!.cookie, {
    submissionId: randomUUID(),
    unitCode: night.units[i],
    ballot: "constituency",
    source: second ? "blind" : "reporter",
    figures: countFor(i),
  });
  return performance.now();
};
const verifiedAt = new Map<string, number>();
for (let i = 0; i < UNITS; i++) {
  verifiedAt.set(night.units[i]!, await send(i, 0));
  await new Promise((r) => setTimeout(r, 20)); // a steady trickle, as units come in
}
for (let wait = 0; wait < 100 && seen.size < UNITS; wait++) await new Promise((r) => setTimeout(r, 50));
controller.abort();
const lags = [...verifiedAt].flatMap(([unit, at]) => (seen.has(unit) ? [Math.max(0, seen.get(unit)! - at)] : []));
const fresh = percentiles(lags);

// The national aggregate with every unit verified: fill the results and totals as the
// running totals would hold them, then time what the feed and the page run.
await night.client.query(
  `
  INSERT INTO "UnitResult" ("electionId", "unitCode", ballot, status, "updatedAt")
  SELECT $1, code, 'party_list', 'verified', now() FROM "PollingUnit" ON CONFLICT DO NOTHING`,
  [night.electionId],
);
await night.client.query(
  `
  INSERT INTO "AreaTotal" ("electionId", ballot, "areaCode", "unitsVerified", eligible, voters, "ballotsUsed", invalid, "voteNo")
  SELECT $1, 'party_list', "constituencyId", count(*), count(*) * 800, count(*) * 600, count(*) * 600, count(*) * 10, count(*) * 20 FROM "PollingUnit" GROUP BY 3
  ON CONFLICT DO NOTHING`,
  [night.electionId],
);
await night.client.query(
  `
  INSERT INTO "VoteTotal" ("electionId", ballot, "areaCode", number, votes)
  SELECT $1, 'party_list', c."constituencyId", n, c.units * (100 - n * 9) FROM (SELECT "constituencyId", count(*)::int AS units FROM "PollingUnit" GROUP BY 1) c CROSS JOIN generate_series(1, 8) n
  ON CONFLICT DO NOTHING`,
  [night.electionId],
);
await night.client.query("ANALYZE");
const { nationalJson } = await import("../../web/results/api.server.ts");
await nationalJson();
const times: number[] = [];
for (let i = 0; i < 50; i++) {
  const t = performance.now();
  await nationalJson();
  times.push(performance.now() - t);
}
const national = percentiles(times);
await night.stop();
console.log(
  JSON.stringify({
    bench: "freshness",
    units: UNITS,
    delivered: lags.length,
    streamLagMs: { p50: fresh.p50, p95: fresh.p95, p99: fresh.p99, max: fresh.max },
    nationalAggregateMs: { p50: national.p50, p95: national.p95, max: national.max },
    targets: { streamLagP95Ms: 1000, nationalAggregateMs: 100 },
  }),
);
process.exit(0);
