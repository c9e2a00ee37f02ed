// Assignment's SQL, in one place (ADR 0021): the full run's reads and set-based writes,
// the assignment lock (exclusive for a run, shared for single changes), the candidate
// and free-unit searches of single placements, and coverage. Rows are typed here.
import type pg from "pg";
import { db, inClientTransaction, pool } from "../db/db.server.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { CoverageRow } from "./coverage.ts";
import type { Plan, PlanCandidate, PlanInput } from "./planner.ts";

type Client = pg.PoolClient | pg.Client;
type Tx = Prisma.TransactionClient;

/** Advisory lock key for assignment changes (exclusive: a run; shared: single changes). */
export const ASSIGNMENT_LOCK = 7_000_001;

/** The run's lock, on its own connection; false when another run holds it. */
export async function tryLockAssignments(client: Client) {
  const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock($1) AS ok`, [ASSIGNMENT_LOCK]);
  return rows[0]!.ok;
}

export async function unlockAssignments(client: Client) {
  await client.query(`SELECT pg_advisory_unlock($1)`, [ASSIGNMENT_LOCK]);
}

/** A single change's share of the lock, until its transaction ends (a run waits for it). */
export async function lockAssignmentsShared(tx: Tx) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${ASSIGNMENT_LOCK}::bigint)`;
}

/** Who can be placed: one row per volunteer with an approved affiliation that offers
 *  the polling-unit tier and names a province (the earliest such affiliation counts). */
export const CANDIDATES_SQL = `
  SELECT DISTINCT ON (a."volunteerId")
         a."volunteerId" AS "volunteerId", a."organisationId" AS "organisationId", a."provinceCode" AS "provinceCode",
         a."constituencyId" AS "constituencyId", a."subdistrictCode" AS "subdistrictCode", a."districtCode" AS "districtCode"
    FROM "Affiliation" a JOIN "Volunteer" v ON v.id = a."volunteerId"
   WHERE a.status = 'approved' AND 'polling_unit' = ANY(a.tiers) AND a."provinceCode" IS NOT NULL AND v."erasedAt" IS NULL`;

/** A unit `u` is one of the election's (it votes in one of its contests). */
const IN_ELECTION = (election: string) =>
  `EXISTS (SELECT 1 FROM "AreaUnit" au WHERE au."electionId" = ${election} AND au."unitCode" = u.code)`;

/** Everything a run plans from, read on the run's own connection: the election's units
 *  and its placements so far. */
export async function loadPlanInput(client: Client, electionId: string): Promise<PlanInput> {
  const units = await client.query<PlanInput["units"][number]>(
    `SELECT u.code, u."constituencyId", u."subdistrictCode", (s.code IS NOT NULL) AS "inSample"
       FROM "PollingUnit" u
       LEFT JOIN (SELECT unnest(units) AS code FROM "QuickCountSample" WHERE "electionId" = $1::uuid) s ON s.code = u.code
      WHERE ${IN_ELECTION("$1::uuid")}`,
    [electionId],
  );
  const candidates = await client.query<PlanCandidate>(
    `${CANDIDATES_SQL} ORDER BY a."volunteerId", a."createdAt", a.id`,
  );
  const existing = await client.query<PlanInput["existing"][number]>(
    `SELECT "unitCode", slot, "volunteerId", "organisationId" FROM "UnitAssignment" WHERE "electionId" = $1`,
    [electionId],
  );
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

/** A run's row, started (shown on the page while it runs). */
export async function startRun(client: Client, electionId: string, actorId: string | null) {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO "AssignmentRun" (id, "electionId", "actorId") VALUES (gen_random_uuid(), $1, $2) RETURNING id`,
    [electionId, actorId],
  );
  return rows[0]!.id;
}

export async function finishRun(
  client: Client,
  runId: string,
  r: { units: number; candidates: number; reporters: number; backups: number; added: number; bound: number },
) {
  await client.query(
    `UPDATE "AssignmentRun" SET status = 'succeeded', "finishedAt" = now(), units = $2, candidates = $3, reporters = $4, backups = $5, added = $6, bound = $7 WHERE id = $1`,
    [runId, r.units, r.candidates, r.reporters, r.backups, r.added, r.bound],
  );
}

export async function failRun(client: Client, runId: string) {
  await client.query(`UPDATE "AssignmentRun" SET status = 'failed', "finishedAt" = now() WHERE id = $1`, [runId]);
}

/** A plan's new placements, with their history, in one transaction. */
export async function writePlacements(client: Client, electionId: string, result: Plan, actorId: string | null) {
  const p = result.placements;
  await inClientTransaction(client, async () => {
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
        `INSERT INTO "UnitAssignment" (id, "electionId", "unitCode", slot, "volunteerId", "organisationId", source, "updatedAt")
         SELECT gen_random_uuid(), $5, u, s, v, o, 'auto', now() FROM unnest($1::text[], $2::int[], $3::uuid[], $4::uuid[]) AS t(u, s, v, o)`,
        [...columns, electionId],
      );
      await client.query(
        `INSERT INTO "AssignmentEvent" (id, "electionId", "unitCode", slot, "volunteerId", action, source, "actorId")
         SELECT gen_random_uuid(), $5, u, s, v, 'assigned', 'auto', $4::uuid FROM unnest($1::text[], $2::int[], $3::uuid[]) AS t(u, s, v)`,
        [columns[0], columns[1], columns[2], actorId, electionId],
      );
      await client.query(
        `UPDATE "PollingUnit" SET "assignmentVersion" = "assignmentVersion" + 1 WHERE code = ANY($1::text[])`,
        [[...new Set(columns[0] as string[])]],
      );
    }
  });
}

/** A volunteer's placing affiliation (approved, polling-unit tier, with a province), or null. */
export async function candidate(tx: Tx, volunteerId: string): Promise<PlanCandidate | null> {
  const rows = await tx.$queryRaw<PlanCandidate[]>`
    SELECT a."volunteerId", a."organisationId", a."provinceCode", a."constituencyId", a."subdistrictCode", a."districtCode"
      FROM "Affiliation" a JOIN "Volunteer" v ON v.id = a."volunteerId"
     WHERE a."volunteerId" = ${volunteerId}::uuid AND a.status = 'approved' AND 'polling_unit' = ANY(a.tiers) AND v."erasedAt" IS NULL
     ORDER BY a."provinceCode" IS NULL, a."createdAt", a.id LIMIT 1`;
  return rows[0] ?? null;
}

/** The nearest of the election's units in the volunteer's province whose `slot` is free
 *  (for a backup: a unit that has a reporter), locked for this transaction. */
export async function nearestFreeUnit(
  tx: Tx,
  electionId: string,
  c: PlanCandidate & { provinceCode: string },
  slot: number,
): Promise<string | null> {
  const rows = await tx.$queryRaw<{ code: string }[]>`
    SELECT u.code FROM "PollingUnit" u
     WHERE u."constituencyId" BETWEEN ${c.provinceCode + "-"} AND ${c.provinceCode + "-~"}
       AND EXISTS (SELECT 1 FROM "AreaUnit" au WHERE au."electionId" = ${electionId}::uuid AND au."unitCode" = u.code)
       AND NOT EXISTS (SELECT 1 FROM "UnitAssignment" a WHERE a."electionId" = ${electionId}::uuid AND a."unitCode" = u.code AND a.slot = ${slot})
       AND (${slot} = 0 OR EXISTS (SELECT 1 FROM "UnitAssignment" a WHERE a."electionId" = ${electionId}::uuid AND a."unitCode" = u.code AND a.slot = 0))
     ORDER BY EXISTS (SELECT 1 FROM "QuickCountSample" q WHERE q."electionId" = ${electionId}::uuid AND u.code = ANY(q.units)) DESC,
              u."subdistrictCode" = ${c.subdistrictCode ?? ""} DESC, left(u."subdistrictCode", 4) = ${c.districtCode ?? ""} DESC,
              u."constituencyId" = ${c.constituencyId ?? ""} DESC, u.code
     LIMIT 1 FOR UPDATE OF u SKIP LOCKED`;
  return rows[0]?.code ?? null;
}

/** Who in the province is free to take a slot in the election (not placed, not excluded). */
export function availableInProvince(tx: Tx, electionId: string, province: string, exclude: string[]) {
  return tx.$queryRaw<PlanCandidate[]>`
    SELECT DISTINCT ON (a."volunteerId") a."volunteerId", a."organisationId", a."provinceCode", a."constituencyId", a."subdistrictCode", a."districtCode"
      FROM "Affiliation" a JOIN "Volunteer" v ON v.id = a."volunteerId"
     WHERE a."provinceCode" = ${province} AND a.status = 'approved' AND 'polling_unit' = ANY(a.tiers) AND v."erasedAt" IS NULL
       AND NOT EXISTS (SELECT 1 FROM "UnitAssignment" x WHERE x."electionId" = ${electionId}::uuid AND x."volunteerId" = a."volunteerId")
       AND NOT (a."volunteerId" = ANY(${exclude}::uuid[]))
     ORDER BY a."volunteerId", a."createdAt"`;
}

/** Who in the province is free to take a slot in the election, with their names (a unit's page). */
export function availableWithNames(electionId: string, province: string) {
  return db().$queryRaw<
    {
      volunteerId: string;
      fullName: string;
      constituencyId: string | null;
      subdistrictCode: string | null;
      districtCode: string | null;
    }[]
  >`
    SELECT DISTINCT ON (a."volunteerId") a."volunteerId", a."fullName", a."constituencyId", a."subdistrictCode", a."districtCode"
      FROM "Affiliation" a JOIN "Volunteer" v ON v.id = a."volunteerId"
     WHERE a."provinceCode" = ${province} AND a.status = 'approved' AND 'polling_unit' = ANY(a.tiers) AND v."erasedAt" IS NULL
       AND NOT EXISTS (SELECT 1 FROM "UnitAssignment" x WHERE x."electionId" = ${electionId}::uuid AND x."volunteerId" = a."volunteerId")
     ORDER BY a."volunteerId", a."createdAt"`;
}

/** Per constituency with units in the election: units, reporters, backups, accepted, and
 *  free candidates (no election yet: every unit, nobody placed). */
export function coverageRows(electionId: string | null) {
  return db().$queryRaw<CoverageRow[]>`
    WITH slots AS (
      SELECT u."constituencyId" AS id, count(*)::int AS units,
             count(r.id)::int AS reporters, count(b.id)::int AS backups, count(r.id) FILTER (WHERE r.status = 'accepted')::int AS accepted
        FROM "PollingUnit" u
        LEFT JOIN "UnitAssignment" r ON r."electionId" = ${electionId}::uuid AND r."unitCode" = u.code AND r.slot = 0
        LEFT JOIN "UnitAssignment" b ON b."electionId" = ${electionId}::uuid AND b."unitCode" = u.code AND b.slot = 1
       WHERE (${electionId}::uuid IS NULL
              OR EXISTS (SELECT 1 FROM "AreaUnit" au WHERE au."electionId" = ${electionId}::uuid AND au."unitCode" = u.code))
       GROUP BY u."constituencyId"
    ), free AS (
      SELECT c."constituencyId" AS id, count(*)::int AS available
        FROM (${Prisma.raw(CANDIDATES_SQL)}) c
       WHERE c."constituencyId" IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM "UnitAssignment" x WHERE x."electionId" = ${electionId}::uuid AND x."volunteerId" = c."volunteerId")
       GROUP BY c."constituencyId"
    )
    SELECT s.id, s.units, s.reporters, s.backups, s.accepted, coalesce(f.available, 0)::int AS available
      FROM slots s LEFT JOIN free f ON f.id = s.id ORDER BY s.id`;
}

/** One page of the election's units without a reporter (no election yet: of every unit),
 *  and how many there are. */
export function uncoveredPage(
  electionId: string | null,
  opts: { province?: string; constituency?: string; page: number },
  size: number,
) {
  const uncovered = Prisma.sql`(${electionId}::uuid IS NULL
      OR EXISTS (SELECT 1 FROM "AreaUnit" au WHERE au."electionId" = ${electionId}::uuid AND au."unitCode" = u.code))
    AND NOT EXISTS (SELECT 1 FROM "UnitAssignment" a WHERE a."electionId" = ${electionId}::uuid AND a."unitCode" = u.code AND a.slot = 0)`;
  return Promise.all([
    db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "PollingUnit" u WHERE ${uncovered}
      AND (${opts.constituency ?? null}::text IS NULL OR u."constituencyId" = ${opts.constituency ?? null})
      AND (${opts.province ?? null}::text IS NULL OR left(u."constituencyId", 2) = ${opts.province ?? null})`,
    db().$queryRaw<
      { code: string; locationName: string; constituencyId: string; subdistrict: string; district: string }[]
    >`
      SELECT u.code, u."locationName", u."constituencyId", s."nameTh" AS subdistrict, d."nameTh" AS district
        FROM "PollingUnit" u JOIN "Subdistrict" s ON s.code = u."subdistrictCode" JOIN "District" d ON d.code = s."districtCode"
       WHERE ${uncovered}
         AND (${opts.constituency ?? null}::text IS NULL OR u."constituencyId" = ${opts.constituency ?? null})
         AND (${opts.province ?? null}::text IS NULL OR left(u."constituencyId", 2) = ${opts.province ?? null})
       ORDER BY u.code LIMIT ${size} OFFSET ${(opts.page - 1) * size}`,
  ]);
}

/** Of (election, user, unit) asks, those where the user is placed on the unit (either
 *  slot) in the election, as `<election>|<user>|<unit>`: one statement for many entries
 *  (the JSON endpoint asks on every report). */
export async function placedOf(asks: { electionId: string; userId: string; unitCode: string }[]) {
  const { rows } = await pool().query<{ key: string }>(
    `SELECT DISTINCT p."electionId" || '|' || p."userId" || '|' || p."unitCode" AS key
       FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS p("electionId", "userId", "unitCode")
       JOIN "Volunteer" v ON v."userId" = p."userId"
       JOIN "UnitAssignment" a ON a."electionId" = p."electionId" AND a."volunteerId" = v.id AND a."unitCode" = p."unitCode"`,
    [asks.map((p) => p.electionId), asks.map((p) => p.userId), asks.map((p) => p.unitCode)],
  );
  return new Set(rows.map((r) => r.key));
}

/** Another election's placements carried over to this one where they fit: the unit is
 *  one of this election's, the slot is free here and the volunteer not yet placed here
 *  (elections on one day at the same units keep their people); reporters first, then the
 *  backups of units that have a reporter here. With their history; how many. */
export async function copyPlacements(
  client: Client,
  fromElectionId: string,
  toElectionId: string,
  actorId: string | null,
) {
  return inClientTransaction(client, async () => {
    let carried = 0;
    for (const slot of [0, 1]) {
      const { rows } = await client.query<{ unitCode: string; volunteerId: string }>(
        `INSERT INTO "UnitAssignment" (id, "electionId", "unitCode", slot, "volunteerId", "organisationId", status, source, "updatedAt")
         SELECT gen_random_uuid(), $2, a."unitCode", a.slot, a."volunteerId", a."organisationId", a.status, 'carried', now()
           FROM "UnitAssignment" a
          WHERE a."electionId" = $1 AND a.slot = $3
            AND EXISTS (SELECT 1 FROM "AreaUnit" au WHERE au."electionId" = $2 AND au."unitCode" = a."unitCode")
            AND ($3 = 0 OR EXISTS (SELECT 1 FROM "UnitAssignment" r WHERE r."electionId" = $2 AND r."unitCode" = a."unitCode" AND r.slot = 0))
          ORDER BY a."unitCode"
         ON CONFLICT DO NOTHING
         RETURNING "unitCode", "volunteerId"`,
        [fromElectionId, toElectionId, slot],
      );
      await client.query(
        `INSERT INTO "AssignmentEvent" (id, "electionId", "unitCode", slot, "volunteerId", action, source, "actorId")
         SELECT gen_random_uuid(), $3, u, $4, v, 'assigned', 'carried', $5::uuid FROM unnest($1::text[], $2::uuid[]) AS t(u, v)`,
        [rows.map((r) => r.unitCode), rows.map((r) => r.volunteerId), toElectionId, slot, actorId],
      );
      carried += rows.length;
    }
    return carried;
  });
}
