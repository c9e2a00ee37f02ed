// Running totals of verified results. When a unit ballot's verified entry changes (from
// none, to none, or from one entry to another) its figures leave the totals and the new
// ones enter, in the same transaction; each change is a ResultChange for the feed.
// Written as plain SQL over a `Sql` function so that the hot path (a pg client) and the
// review (a Prisma transaction) share it.
import type pg from "pg";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Ballot } from "./tally-rules.ts";

export type Sql = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

export const sqlOf = (client: pg.PoolClient): Sql => async (text, params = []) => (await client.query(text, params)).rows;
export const sqlOfTx = (tx: Prisma.TransactionClient): Sql => (text, params = []) => tx.$queryRawUnsafe(text, ...params);

export async function moveVerified(sql: Sql, electionId: string, unitCode: string, ballot: Ballot, from: string | null, to: string | null) {
  if (from === to) return;
  const constituencyId = unitCode.slice(0, 5);
  const apply = async (entryId: string, sign: 1 | -1) => {
    await sql(
      `INSERT INTO "ConstituencyTotal" ("electionId", ballot, "constituencyId", "unitsVerified", eligible, voters, "ballotsUsed", invalid, "voteNo")
       SELECT $1::uuid, $2::"BallotKind", $3, $4::int, $4::int * eligible, $4::int * voters, $4::int * "ballotsUsed", $4::int * invalid, $4::int * "voteNo"
         FROM "TallyEntry" WHERE id = $5::uuid
       ON CONFLICT ("electionId", ballot, "constituencyId") DO UPDATE SET
         "unitsVerified" = "ConstituencyTotal"."unitsVerified" + EXCLUDED."unitsVerified", eligible = "ConstituencyTotal".eligible + EXCLUDED.eligible,
         voters = "ConstituencyTotal".voters + EXCLUDED.voters, "ballotsUsed" = "ConstituencyTotal"."ballotsUsed" + EXCLUDED."ballotsUsed",
         invalid = "ConstituencyTotal".invalid + EXCLUDED.invalid, "voteNo" = "ConstituencyTotal"."voteNo" + EXCLUDED."voteNo"`,
      [electionId, ballot, constituencyId, sign, entryId],
    );
    await sql(
      `INSERT INTO "VoteTotal" ("electionId", ballot, "constituencyId", number, votes)
       SELECT $1::uuid, $2::"BallotKind", $3, v.key::int, $4::int * v.value::int FROM "TallyEntry" e, jsonb_each_text(e.votes) v WHERE e.id = $5::uuid
       ON CONFLICT ("electionId", ballot, "constituencyId", number) DO UPDATE SET votes = "VoteTotal".votes + EXCLUDED.votes`,
      [electionId, ballot, constituencyId, sign, entryId],
    );
  };
  if (from) await apply(from, -1);
  if (to) await apply(to, 1);
  await sql(`INSERT INTO "ResultChange" ("electionId", "unitCode", ballot, kind, "entryId") VALUES ($1::uuid, $2, $3::"BallotKind", $4, $5::uuid)`, [
    electionId, unitCode, ballot, !from ? "verified" : !to ? "withdrawn" : "corrected", to,
  ]);
}
