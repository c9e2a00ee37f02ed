// The automatic tier-1 assignment run: read who and what from PostgreSQL, plan in
// memory (planner.ts), write the new placements in one transaction. Existing
// placements are kept. One run at a time (an advisory lock that manual and incremental
// changes take in shared mode, so they wait for a run's few seconds and never clash).
import type pg from "pg";
import { db, pool } from "../db/db.server.ts";
import {
  copyPlacements,
  failRun,
  finishRun,
  loadPlanInput,
  startRun,
  tryLockAssignments,
  unlockAssignments,
  writePlacements,
} from "./assignment.sql.server.ts";
import { UserError } from "../errors.ts";
import { boss, QUEUES } from "../jobs/queue.server.ts";
import { plan, type Plan } from "./planner.ts";
import { currentElection } from "../elections/elections.server.ts";

export { loadPlanInput };

type Client = pg.PoolClient | pg.Client;

export interface RunResult extends Omit<Plan, "placements"> {
  runId: string;
  units: number;
  candidates: number;
  added: number;
  seconds: { read: number; plan: number; write: number };
}

/** Plans and writes the election's placements (on its units). `client` is a dedicated
 *  connection (the lock is held on it). */
export async function runAutoAssignment(
  client: Client,
  electionId: string,
  actorId: string | null,
): Promise<RunResult> {
  if (!(await tryLockAssignments(client))) throw new UserError(409, "assignment.busy");
  const runId = await startRun(client, electionId, actorId);
  try {
    let t = performance.now();
    const input = await loadPlanInput(client, electionId);
    const read = (performance.now() - t) / 1000;
    t = performance.now();
    const result = plan(input);
    const planned = (performance.now() - t) / 1000;
    t = performance.now();
    await writePlacements(client, electionId, result, actorId);
    const write = (performance.now() - t) / 1000;
    await finishRun(client, runId, {
      units: input.units.length,
      candidates: input.candidates.length,
      reporters: result.reporters,
      backups: result.backups,
      added: result.placements.length,
      bound: result.bound,
    });
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
    await failRun(client, runId).catch(() => {});
    throw error;
  } finally {
    await unlockAssignments(client).catch(() => {});
  }
}

/** Carries another election's placements over to this one where they fit (see
 *  copyPlacements), under the run's lock; how many. */
export async function carryOverPlacements(fromElectionId: string, toElectionId: string, actorId: string | null) {
  if (fromElectionId === toElectionId) return 0;
  const client = await pool().connect();
  try {
    if (!(await tryLockAssignments(client))) throw new UserError(409, "assignment.busy");
    try {
      return await copyPlacements(client, fromElectionId, toElectionId, actorId);
    } finally {
      await unlockAssignments(client).catch(() => {});
    }
  } finally {
    client.release();
  }
}

/** Queues a run for the worker (the page shows it in the list of runs once it starts). */
export async function queueAssignmentRun(electionId: string, actorId: string) {
  await (await boss()).send(QUEUES.assignAll, { electionId, actorId }, { singletonKey: `assign-all:${electionId}` });
}

/** The worker's handler: a run on a connection of its own (a job queued before runs had
 *  an election: the current one). */
export async function runQueuedAssignment(electionId: string | undefined, actorId: string | null) {
  const id = electionId ?? (await currentElection()).id;
  const client = await pool().connect();
  try {
    return await runAutoAssignment(client, id, actorId);
  } finally {
    client.release();
  }
}

export async function recentRuns(electionId: string, take = 10) {
  return db().assignmentRun.findMany({ where: { electionId }, orderBy: { startedAt: "desc" }, take });
}
