// The command centre at the country's size (issue 37): the synthetic country (≈ 95,000
// units, the general election's two contests and a referendum, 400 constituencies) well
// into the night — most units verified, some counting live, 10,000 results in dispute —
// while a night replays at ten times its speed over HTTP (reports, live snapshots, flagged
// forms, decisions). Prints:
// - the server's time to load the national board and a constituency's board, as a
//   browser's revalidation asks for them (p95 target ≤ 200 ms);
// - the work queue's filtered query over 10,000 open items (p95 target ≤ 100 ms), and the
//   whole queue page's data;
// - how long a change takes to reach 100 connected board screens — from the entry's
//   acceptance to each screen holding the board that shows it (p95 target ≤ 2 s) — and the
//   web process's CPU per pushed update.
// --size N: the units seeded into the night (default: all).
import { randomUUID } from "node:crypto";
import { Agent, request } from "undici";
import { benchSize, seconds } from "./lib.ts";
import {
  benchEntryRow,
  benchSnapshot,
  countFor,
  cpuMeter,
  electionNight,
  formPhotoIds,
  percentiles,
  PORT,
  postEntry,
} from "./ingest-lib.ts";

const night = await electionNight("warroom");
const SIZE = Math.min(benchSize() ?? night.units.length, night.units.length);
const units = night.units.slice(0, SIZE);
const OPEN = Math.min(10_000, Math.floor(SIZE / 5));
const [reporter, checker] = night.people as [{ id: string; cookie: string }, { id: string; cookie: string }];
const { submitEntries } = await import("../../web/tally/tally.sql.server.ts");
const { storeSnapshots, foldSnapshots } = await import("../../web/live/live.sql.server.ts");
const { workQueue } = await import("../../web/command/queue.server.ts");

// ---- The night so far, through the election-night SQL functions. ----
const t0 = performance.now();
const photoOf = await formPhotoIds(night.client, night.electionId, units, reporter.id);
const entry = (unit: string, i: number, actor: string, over: { vote_1?: number } = {}) =>
  benchEntryRow({
    electionId: night.electionId,
    unit,
    i,
    actor,
    reporter: actor === reporter.id,
    photoId: photoOf.get(unit) ?? null,
    vote1: over.vote_1,
  });
// Units 0…OPEN: in dispute (two entries that differ); then 60% verified; then 15% counting
// live; the rest nothing yet (those the replay reports, and the late ones).
const disputed = units.slice(0, OPEN);
const verified = units.slice(OPEN, Math.floor(SIZE * 0.6));
const counting = units.slice(Math.floor(SIZE * 0.6), Math.floor(SIZE * 0.75));
const pending = units.slice(Math.floor(SIZE * 0.75));
// The last few are kept out of the replay: each push round's change is one of them
// reporting, so that it moves the board.
const ROUNDS = 20;
const untouched = pending.splice(-ROUNDS);
for (let i = 0; i < disputed.length; i += 500) {
  const part = disputed.slice(i, i + 500);
  await submitEntries(part.map((u, k) => entry(u, i + k, reporter.id)));
  await submitEntries(part.map((u, k) => entry(u, i + k, checker.id, { vote_1: 1 })));
}
for (let i = 0; i < verified.length; i += 500) {
  const part = verified.slice(i, i + 500);
  for (const actor of [reporter.id, checker.id]) await submitEntries(part.map((u, k) => entry(u, OPEN + i + k, actor)));
}
const snapshot = (unit: string, seq: number, n: number) => benchSnapshot(night.electionId, reporter.id, unit, seq, n);
for (let i = 0; i < counting.length; i += 1000)
  await storeSnapshots(counting.slice(i, i + 1000).map((u) => snapshot(u, 1, 40)));
while ((await foldSnapshots(20_000, 0.1, 0.1)) > 0);
console.log(
  `night seeded in ${seconds(performance.now() - t0)} s: ${disputed.length} disputed, ${verified.length} verified, ` +
    `${counting.length} counting, ${pending.length} pending of ${SIZE} units`,
);

// ---- Screens. ----
const agent = new Agent({ connections: 256, pipelining: 1 });
const get = async (path: string, cookie: string) => {
  const t = performance.now();
  const r = await request(`http://127.0.0.1:${PORT}${path}`, { dispatcher: agent, headers: { cookie } });
  await r.body.arrayBuffer();
  if (r.statusCode !== 200) throw new Error(`${path}: ${r.statusCode}`);
  return performance.now() - t;
};
// A browser's revalidation of the board: the route's data, single fetch.
const NATIONAL = "/command.data";
const CONSTITUENCY = "/command/c/10-01.data";

// ---- The replay: the night at ten times its speed, in the background. ----
// About 95,000 units report over some four hours: ~7 a second, ×10 = 70 a second; live
// snapshots twice that; now and then a flagged form.
let replaying = true;
let replayed = 0;
let refused = 0;
const replay = (async () => {
  let i = 0;
  while (replaying && i < pending.length) {
    const unit = pending[i]!;
    const figures = countFor(OPEN + i);
    if (i % 25 === 0) figures.invalid = String(Number(figures.invalid) + 3); // does not add up: flagged
    void postEntry(reporter.cookie, {
      submissionId: randomUUID(),
      unitCode: unit,
      ballot: "constituency",
      source: "reporter",
      figures,
    }).then(
      (status) => (status === 201 ? replayed++ : refused++),
      () => refused++,
    );
    i++;
    await new Promise((r) => setTimeout(r, 1000 / 70));
  }
})();
const snapshotsReplay = (async () => {
  let seq = 2;
  while (replaying) {
    const part = counting.slice((seq * 140) % counting.length, ((seq * 140) % counting.length) + 140);
    await storeSnapshots(part.map((u) => snapshot(u, seq, 40 + seq)));
    seq++;
    await new Promise((r) => setTimeout(r, 1000));
  }
})();

// Board loads under the replay: the national board and a constituency's, as 100 screens
// would ask after each change (a few at a time).
const nationalMs: number[] = [];
const constituencyMs: number[] = [];
for (let round = 0; round < 60; round++) {
  const batch = await Promise.all([
    ...Array.from({ length: 4 }, () => get(NATIONAL, reporter.cookie)),
    ...Array.from({ length: 4 }, () => get(CONSTITUENCY, reporter.cookie)),
  ]);
  nationalMs.push(...batch.slice(0, 4));
  constituencyMs.push(...batch.slice(4));
  await new Promise((r) => setTimeout(r, 250));
}

// The queue's filtered query over the open items: by province, kind and age, paged (the
// impact from the latest board, as the page has it); and the whole page's data (its items'
// entries side by side, the provisional panels).
const operator = {
  id: reporter.id,
  roles: [{ role: "war_room_operator", organisationId: null, constituencyId: null }],
};
const election = { id: night.electionId, closesAt: new Date("2027-03-14T10:00:00Z") };
const queueMs: number[] = [];
const all = await workQueue(operator as never, election, {
  ballot: null,
  province: null,
  constituency: null,
  kind: "all",
  olderThanMinutes: null,
  unit: null,
  page: 1,
});
const openItems = all.total;
for (let round = 0; round < 60; round++) {
  const t = performance.now();
  const q = await workQueue(operator as never, election, {
    ballot: round % 2 ? "constituency" : null,
    province: round % 3 ? null : "10",
    constituency: null,
    kind: round % 4 ? "decidable" : "all",
    olderThanMinutes: null,
    unit: round % 5 ? null : units[round]!.slice(0, 8),
    page: 1 + (round % 7),
  });
  queueMs.push(performance.now() - t);
  if (q.items.length > 25) throw new Error("a page holds at most 25 items");
}
const queuePageMs: number[] = [];
for (let round = 0; round < 20; round++) queuePageMs.push(await get(`/review.data?page=${1 + round}`, reporter.cookie));
replaying = false;
await Promise.all([replay, snapshotsReplay]);
await new Promise((r) => setTimeout(r, 2000));
// ---- Pushes: a change at a time reaching 100 connected screens. ----
const SCREENS = 100;
type Screen = { waiting: ((at: number) => void) | null };
const screens: Screen[] = [];
const aborts: AbortController[] = [];
for (let s = 0; s < SCREENS; s++) {
  const screen: Screen = { waiting: null };
  screens.push(screen);
  const abort = new AbortController();
  aborts.push(abort);
  void (async () => {
    try {
      const r = await request(`http://127.0.0.1:${PORT}/command/stream?contest=constituency`, {
        dispatcher: agent,
        headers: { cookie: reporter.cookie },
        signal: abort.signal,
      });
      let buffer = "";
      for await (const chunk of r.body) {
        buffer += chunk.toString();
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const event = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          if (event.includes("event: version") && screen.waiting) {
            const done = screen.waiting;
            screen.waiting = null;
            // The screen reloads its board, as the page does on a new version.
            void get(NATIONAL, reporter.cookie).then(() => done(performance.now()));
          }
        }
      }
    } catch {
      /* closed at the end */
    }
  })();
}
await new Promise((r) => setTimeout(r, 3000)); // connected, first version seen
const cpu = cpuMeter(night.web.pid);
const delays: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const arrived = screens.map((s) => new Promise<number>((resolve) => (s.waiting = resolve)));
  const status = await postEntry(checker.cookie, {
    submissionId: randomUUID(),
    unitCode: untouched[round]!,
    ballot: "constituency",
    source: "blind",
    figures: countFor(round),
  });
  if (status !== 201) throw new Error(`the change of round ${round} was refused: ${status}`);
  const accepted = performance.now();
  const times = await Promise.race([
    Promise.all(arrived),
    new Promise<number[]>((r) => setTimeout(() => r([]), 15_000)),
  ]);
  for (const at of times) delays.push(at - accepted);
  if (times.length < SCREENS) console.log(`round ${round}: not every screen updated within 15 s`);
  await new Promise((r) => setTimeout(r, 1500));
}
const pushCpu = cpu(ROUNDS * SCREENS);
for (const a of aborts) a.abort();

const result = {
  bench: "warroom",
  units: SIZE,
  constituencies: 400,
  openItems,
  replayedEntries: replayed,
  replayRefused: refused,
  nationalBoardMs: percentiles(nationalMs),
  constituencyBoardMs: percentiles(constituencyMs),
  queueQueryMs: percentiles(queueMs),
  queuePageMs: percentiles(queuePageMs),
  pushDelayMs: percentiles(delays),
  pushes: delays.length,
  cpuMsPerPushedUpdate: { web: pushCpu.cpuMs.web, postgres: pushCpu.cpuMs.postgres },
  machineBusyPercent: pushCpu.machineBusyPercent,
  targets: { boardP95Ms: 200, queueP95Ms: 100, pushP95Ms: 2000 },
};
await agent.close();
await night.stop();
console.log(JSON.stringify(result));
process.exit(0);
