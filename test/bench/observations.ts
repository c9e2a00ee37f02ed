// Watching the units at national scale (issue 42): 95,000 units each answering a checklist
// of 12 questions (8 yes/no), and incidents reported from across the 400 constituencies
// (default 20,000: Vote62 had 375 complaints from advance voting alone). Times what the war
// room and the public read — the triage queue and its map, the export, the public
// statistics — each the median of several runs, with this process's CPU per read (the
// database's work is on its own process). `--size N` changes the number of incidents.
import pg from "pg";
import { benchSize, scratchDatabase, seconds } from "./lib.ts";
import { percentiles } from "./ingest-lib.ts";
import layout from "../../web/results/hexmap/constituencies.hex.json";

const INCIDENTS = benchSize() ?? 20_000;
const UNITS = 95_000;
const QUESTIONS = 12;
const YES_NO = 8;
const RUNS = 7;

const database = await scratchDatabase("observations");
process.env.DATABASE_URL = database.url;
const { incidentExport, incidentMap, incidentQueue, incidentStatistics, incidentSummary } =
  await import("../../web/incidents/incidents.server.ts");
const { checklistStatistics } = await import("../../web/checklists/checklists.server.ts");
const { closeDb } = await import("../../web/db/db.server.ts");
const client = new pg.Client({ connectionString: database.url });
await client.connect();

const constituencies = Object.keys(layout.hexes);
const { rows: elected } = await client.query<{ id: string }>(
  `INSERT INTO "Election" (id, slug, "nameTh", "nameEn", date, "closesAt") VALUES (gen_random_uuid(), 'observe', 'ทดสอบ', 'Bench', '2027-03-14', '2027-03-14T10:00:00Z') RETURNING id`,
);
const electionId = elected[0]!.id;
await client.query(
  `INSERT INTO "Contest" (id, "electionId", key, kind, "nameTh", "nameEn", position) VALUES (gen_random_uuid(), $1, 'constituency', 'district', 'ส.ส. เขต', 'Constituency MP', 1)`,
  [electionId],
);
await client.query(
  `INSERT INTO "ContestArea" ("electionId", ballot, code, "nameTh", "nameEn") SELECT $1, 'constituency', c, 'เขต ' || c, 'Constituency ' || c FROM unnest($2::text[]) c`,
  [electionId, constituencies],
);
const unitOf = (i: number) => {
  const c = constituencies[i % constituencies.length]!;
  return `${c}-${String(100101 + (i % 997)).padStart(6, "0")}-${String(1 + Math.floor(i / 400)).padStart(3, "0")}`;
};

console.log(`${UNITS} units answering ${QUESTIONS} questions; ${INCIDENTS} incidents…`);
const t0 = performance.now();
await client.query(
  `INSERT INTO "ChecklistQuestion" (id, "electionId", key, phase, kind, "textTh", "textEn", position)
   SELECT gen_random_uuid(), $1, 'q' || i, (ARRAY['opening','during','close','count'])[1 + i % 4]::"ChecklistPhase",
          (CASE WHEN i <= $3 THEN 'yes_no' WHEN i % 2 = 0 THEN 'number' ELSE 'text' END)::"ChecklistKind",
          'คำถาม ' || i, 'Question ' || i, i
     FROM generate_series(1, $2) i`,
  [electionId, QUESTIONS, YES_NO],
);
const units = Array.from({ length: UNITS }, (_, i) => unitOf(i));
for (let from = 0; from < UNITS; from += 10_000) {
  await client.query(
    `INSERT INTO "ChecklistAnswer" (id, "questionId", "unitCode", value)
     SELECT gen_random_uuid(), q.id, u,
            CASE q.kind WHEN 'yes_no' THEN (CASE WHEN random() < 0.9 THEN 'yes' ELSE 'no' END)
                        WHEN 'number' THEN (floor(random() * 10))::int::text ELSE 'ปกติ' END
       FROM unnest($2::text[]) u CROSS JOIN "ChecklistQuestion" q WHERE q."electionId" = $1`,
    [electionId, units.slice(from, from + 10_000)],
  );
}
await client.query(
  `INSERT INTO "Incident" (id, "submissionId", "electionId", "unitCode", "constituencyId", kind, severity, status, description, "occurredAt", "updatedAt")
   SELECT gen_random_uuid(), gen_random_uuid(), $1, u, left(u, 5),
          (ARRAY['observation_blocked','photo_blocked','form_not_posted','figures_mismatch','intimidation','vote_buying','equipment','other'])[1 + (i * 7) % 8]::"IncidentKind",
          (ARRAY['low','medium','medium','high','critical'])[1 + (i * 3) % 5]::"IncidentSeverity",
          (ARRAY['open','open','assigned','escalated','resolved','resolved'])[1 + i % 6]::"IncidentStatus",
          'เจ้าหน้าที่ไม่ให้ถ่ายภาพ', '2027-03-14T08:00:00Z'::timestamp + (i % 600) * interval '1 minute', now()
     FROM unnest($2::text[]) WITH ORDINALITY AS x(u, i)`,
  [electionId, Array.from({ length: INCIDENTS }, (_, i) => unitOf((i * 7919) % UNITS))],
);
await client.query("ANALYZE");
console.log(`loaded in ${seconds(performance.now() - t0)} s`);

const warRoom = { roles: [{ role: "war_room_operator" as const, organisationId: null, constituencyId: null }] };
const head = { roles: [{ role: "constituency_head" as const, organisationId: null, constituencyId: "10-01" }] };

/** The median of RUNS reads, and this process's CPU per read (ms). */
async function time<T>(label: string, read: () => Promise<T>) {
  await read(); // warm: plans, connections
  const ms: number[] = [];
  const cpu0 = process.cpuUsage();
  let last: T | undefined;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    last = await read();
    ms.push(performance.now() - t);
  }
  const cpu = process.cpuUsage(cpu0);
  const p = percentiles(ms);
  console.log(`${label}: p50 ${p.p50} ms, max ${p.max} ms`);
  return {
    figures: { p50Ms: p.p50, maxMs: p.max, cpuMs: Math.round((cpu.user + cpu.system) / RUNS / 100) / 10 },
    last,
  };
}

const queue = await time("war room queue", () => incidentQueue(warRoom, electionId));
const map = await time("war room map", async () =>
  incidentMap(warRoom, electionId, (await incidentQueue(warRoom, electionId)).byConstituency, "th"),
);
const headQueue = await time("head's queue", () => incidentQueue(head, electionId));
const summary = await time("board summary", () => incidentSummary(electionId));
const exported = await time("export (war room, all)", () => incidentExport(warRoom, electionId));
const stats = await time("public incident statistics", () => incidentStatistics(electionId));
const checklist = await time("public checklist statistics", () => checklistStatistics(electionId));

// Maintained nowhere, recomputed here: the map's counts equal a count of the rows.
const { rows: recount } = await client.query<{ active: number }>(
  `SELECT count(*)::int AS active FROM "Incident" WHERE "electionId" = $1 AND status <> 'resolved'`,
  [electionId],
);
const mapActive = map.last!.areas.reduce((n, a) => n + a.active, 0);

await client.end();
await closeDb();
await database.drop();
console.log(
  JSON.stringify({
    bench: "observations",
    units: UNITS,
    checklistAnswers: UNITS * QUESTIONS,
    incidents: INCIDENTS,
    warRoomQueue: { ...queue.figures, rows: queue.last!.incidents.length },
    warRoomMap: { ...map.figures, areas: map.last!.areas.length },
    headQueue: { ...headQueue.figures, rows: headQueue.last!.incidents.length },
    boardSummary: summary.figures,
    export: { ...exported.figures, rows: exported.last!.length },
    publicIncidentStatistics: stats.figures,
    publicChecklistStatistics: { ...checklist.figures, questions: checklist.last!.length },
    mapEqualsRecount: mapActive === recount[0]!.active,
  }),
);
process.exit(0);
