// The quick count's SQL, in one place (ADR 0021): the sampling frame and each unit's
// figures as they stand. Row types are generated from the database
// (quickcount.sql.server.types.ts, ADR 0039).
import { sql } from "@pgtyped/runtime";
import type pg from "pg";
import { sqlClient } from "../db/db.server.ts";
import type {
  IInsertSampleRowQuery,
  ISelectFrameQuery,
  ISelectUnitFiguresQuery,
} from "./quickcount.sql.server.types.ts";

/** The election's units (every unit of any of its contests), in code order. */
export function sampleFrame(electionId: string) {
  return selectFrame.run({ electionId }, sqlClient());
}

const selectFrame = sql<ISelectFrameQuery>`
  SELECT DISTINCT au."unitCode" AS code FROM "AreaUnit" au
   WHERE au."electionId" = $electionId!::uuid ORDER BY au."unitCode"`;

/** Each unit of a contest that has sent figures: its verified entry, or else its latest
 *  entry as written (the quick count reads reports as they arrive, as observers' PVTs do),
 *  with the unit's registered voters where known. */
export function unitFigures(electionId: string, ballot: string) {
  return selectUnitFigures.run({ electionId, ballot }, sqlClient());
}

const selectUnitFigures = sql<ISelectUnitFiguresQuery>`
  SELECT au."unitCode", (r."verifiedEntryId" IS NOT NULL) AS "verified!",
         coalesce(pu."eligibleVoters", e.eligible) AS "eligible!", e.voters, e."ballotsUsed", e.invalid,
         e."voteNo", e.votes
    FROM "AreaUnit" au
    JOIN "PollingUnit" pu ON pu.code = au."unitCode"
    JOIN "UnitResult" r ON r."electionId" = au."electionId" AND r."unitCode" = au."unitCode" AND r.ballot = au.ballot
    JOIN LATERAL (SELECT t.eligible, t.voters, t."ballotsUsed", t.invalid, t."voteNo", t.votes FROM "TallyEntry" t
                   WHERE t."electionId" = au."electionId" AND t."unitCode" = au."unitCode" AND t.ballot = au.ballot
                     AND (r."verifiedEntryId" IS NULL OR t.id = r."verifiedEntryId")
                   ORDER BY t."createdAt" DESC LIMIT 1) e ON true
   WHERE au."electionId" = $electionId!::uuid AND au.ballot = $ballot!`;

/** The drawn sample, in the transaction that puts its commitment in line for the chain. */
export async function insertSample(
  client: pg.PoolClient,
  s: {
    electionId: string;
    seed: number;
    size: number;
    strata: unknown;
    units: string[];
    commitment: string;
    anchorBatchId: string;
    drawnById: string;
    at: Date;
  },
) {
  await insertSampleRow.run(
    {
      electionId: s.electionId,
      seed: s.seed,
      size: s.size,
      strata: JSON.stringify(s.strata),
      units: s.units,
      commitment: s.commitment,
      anchorBatchId: s.anchorBatchId,
      drawnById: s.drawnById,
      at: s.at,
    },
    sqlClient(client),
  );
}

const insertSampleRow = sql<IInsertSampleRowQuery>`
  INSERT INTO "QuickCountSample" ("electionId", seed, size, "strataBy", strata, units, commitment, "anchorBatchId", "drawnById", "drawnAt")
  VALUES ($electionId!::uuid, $seed!, $size!, 'province', $strata!::jsonb, $units!::text[], $commitment!, $anchorBatchId!::uuid,
          $drawnById!::uuid, $at!)`;
