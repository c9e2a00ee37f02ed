// Running totals of verified results. When a unit ballot's verified entry changes (from
// none, to none, or from one entry to another) its figures leave the totals and the new
// ones enter, in the same transaction; each change is a ResultChange for the feed.
import type pg from "pg";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Ballot } from "./tally-rules.ts";

export type Sql = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

export const sqlOf =
  (client: pg.PoolClient): Sql =>
  async (text, params = []) =>
    (await client.query(text, params)).rows;
export const sqlOfTx =
  (tx: Prisma.TransactionClient): Sql =>
  (text, params = []) =>
    tx.$queryRawUnsafe(text, ...params);

/** Moves a unit ballot's verified figures in the totals (SQL function tally_move_verified,
 *  shared with tally_submit so that there is one definition). */
export async function moveVerified(
  sql: Sql,
  electionId: string,
  unitCode: string,
  ballot: Ballot,
  from: string | null,
  to: string | null,
) {
  if (from === to) return;
  // Called in FROM: a void result is not a value the Prisma driver adapter can read.
  await sql(`SELECT 1 AS done FROM tally_move_verified($1::uuid, $2, $3::"BallotKind", $4::uuid, $5::uuid)`, [
    electionId,
    unitCode,
    ballot,
    from,
    to,
  ]);
}
