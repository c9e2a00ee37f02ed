// The automatic tier-1 assignment run: read who and what from PostgreSQL, plan in
// memory (planner.ts), write the new placements in one transaction. Existing
// placements are kept. One run at a time (an advisory lock that manual and incremental
// changes take in shared mode, so they wait for a run's few seconds and never clash).
import type pg from "pg";
import { db, pool } from "../db/db.server.ts";
import { UserError } from "../errors.ts";
import { boss, QUEUES } from "../jobs/queue.server.ts";
import { plan, type Plan, type PlanInput } from "./planner.ts";

/** Advisory lock key for assignment changes (exclusive: a run; shared: single changes). */
export const ASSIGNMENT_LOCK = 7_000_001;

type Client = pg.PoolClient | pg.Client;

/** Who can be placed: one row per volunteer with an approved affiliation that offers
 *  the polling-unit tier and names a province (the earliest such affiliation counts). */
export const CANDIDATES_SQL = `
  SELECT DISTINCT ON (a."volunteerId")
         a."volunteerId" AS "volunteerId", a."organisationId" AS "organisationId", a."provinceCode" AS "provinceCode",
         a."constituencyId" AS "constituencyId", a."subdistrictCode" AS "subdistrictCode", a."districtCode" AS "districtCode"
    FROM "Affiliation" a JOIN "Volunteer" v ON v.id = a."volunteerId"
   WHERE a.status = 'approved' AND 'polling_unit' = ANY(a.tiers) AND a."provinceCode" IS NOT NULL AND v."erasedAt" IS NULL`;

export async function loadPlanInput(client: Client): Promise<PlanInput> {
  const units = await client.query(`SELECT code, "constituencyId", "subdistrictCode" FROM "PollingUnit"`);
  const candidates = await client.query(`${CANDIDATES_SQL} ORDER BY a."volunteerId", a."createdAt", a.id`);
  const existing = await client.query(`SELECT "unitCode", slot, "volunteerId", "organisationId" FROM "UnitAssignment"`);
  const quotas = await client.query<{ id: string; unitQuota: number }>(
    `SELECT id, "unitQuota" FROM "Organisation" WHERE "unitQuota" IS NOT NULL`,
  );
  return {
    units: units.rows,
    candidates: candidates.rows,
    existing: existing.rows,
    quotas: new Map(quotas.rows.map((q) => [q.id, q.unitQuota])),
  };
}

export interface RunResult extends Omit<Plan, "placements"> {
  runId: string;
  units: number;
  candidates: number;
  added: number;
  seconds: { read: number; plan: number; write: number };
}

/** Plans and writes. `client` is a dedicated connection (the lock is held on it). */
export async function runAutoAssignment(client: Client, actorId: string | null): Promise<RunResult> {
  const { rows: locked } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock($1) AS ok`, [
    ASSIGNMENT_LOCK,
  ]);
  if (!locked[0]!.ok) throw new UserError(409, "assignment.busy");
  const { rows: run } = await client.query<{ id: string }>(
    `INSERT INTO "AssignmentRun" (id, "actorId") VALUES (gen_random_uuid(), $1) RETURNING id`,
    [actorId],
  );
  const runId = run[0]!.id;
  try {
    let t = performance.now();
    const input = await loadPlanInput(client);
    const read = (performance.now() - t) / 1000;
    t = performance.now();
    const result = plan(input);
    const planned = (performance.now() - t) / 1000;
    t = performance.now();
    await writePlacements(client, result, actorId);
    const write = (performance.now() - t) / 1000;
    await client.query(
      `UPDATE "AssignmentRun" SET status = 'succeeded', "finishedAt" = now(), units = $2, candidates = $3, reporters = $4, backups = $5, added = $6, bound = $7 WHERE id = $1`,
      [
        runId,
        input.units.length,
        input.candidates.length,
        result.reporters,
        result.backups,
        result.placements.length,
        result.bound,
      ],
    );
    return {
      runId,
      units: input.units.length,
      candidates: input.candidates.length,
      reporters: result.reporters,
      backups: result.backups,
      bound: result.bound,
      added: result.placements.length,
      seconds: { read, plan: planned, write },
    };
  } catch (error) {
    await client
      .query(`UPDATE "AssignmentRun" SET status = 'failed', "finishedAt" = now() WHERE id = $1`, [runId])
      .catch(() => {});
    throw error;
  } finally {
    await client.query(`SELECT pg_advisory_unlock($1)`, [ASSIGNMENT_LOCK]).catch(() => {});
  }
}

async function writePlacements(client: Client, result: Plan, actorId: string | null) {
  const p = result.placements;
  await client.query("BEGIN");
  try {
    const BATCH = 20_000;
    for (let i = 0; i < p.length; i += BATCH) {
      const part = p.slice(i, i + BATCH);
      const columns = [
        part.map((x) => x.unitCode),
        part.map((x) => x.slot),
        part.map((x) => x.volunteerId),
        part.map((x) => x.organisationId),
      ];
      await client.query(
        `INSERT INTO "UnitAssignment" (id, "unitCode", slot, "volunteerId", "organisationId", source, "updatedAt")
         SELECT gen_random_uuid(), u, s, v, o, 'auto', now() FROM unnest($1::text[], $2::int[], $3::uuid[], $4::uuid[]) AS t(u, s, v, o)`,
        columns,
      );
      await client.query(
        `INSERT INTO "AssignmentEvent" (id, "unitCode", slot, "volunteerId", action, source, "actorId")
         SELECT gen_random_uuid(), u, s, v, 'assigned', 'auto', $4::uuid FROM unnest($1::text[], $2::int[], $3::uuid[]) AS t(u, s, v)`,
        [columns[0], columns[1], columns[2], actorId],
      );
      await client.query(
        `UPDATE "PollingUnit" SET "assignmentVersion" = "assignmentVersion" + 1 WHERE code = ANY($1::text[])`,
        [[...new Set(columns[0] as string[])]],
      );
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

/** Queues a run for the worker (the page shows it in the list of runs once it starts). */
export async function queueAssignmentRun(actorId: string) {
  await (await boss()).send(QUEUES.assignAll, { actorId }, { singletonKey: "assign-all" });
}

/** The worker's handler: a run on a connection of its own. */
export async function runQueuedAssignment(actorId: string | null) {
  const client = await pool().connect();
  try {
    return await runAutoAssignment(client, actorId);
  } finally {
    client.release();
  }
}

export async function recentRuns(take = 10) {
  return db().assignmentRun.findMany({ orderBy: { startedAt: "desc" }, take });
}
