// The accounts' SQL on election night's path (ADR 0021): the signed-in users of many
// session tokens in one statement, with their roles and the units they are placed on (a
// report's permission, which every phone's request asks: ADR 0033). Everything else about
// accounts goes through Prisma.
import type pg from "pg";
import { pool } from "../db/db.server.ts";
import type { Role } from "../generated/prisma/enums.ts";

export interface SessionUserRow {
  tokenHash: string;
  sessionId: string;
  id: string;
  phone: string;
  displayName: string | null;
  roles: { role: Role; organisationId: string | null; constituencyId: string | null; sponsorId: string | null }[];
  placements: { electionId: string; unitCode: string }[];
}

/** The users of the sessions whose token hashes are given, with their roles and
 *  placements (one per election at most); a session
 *  that has expired (Prisma keeps its times in UTC) or was deleted is not there. On
 *  `on`, a connection of the caller's (the tests ask it how the statement was planned). */
export async function sessionUsersOf(tokenHashes: string[], on: pg.Pool | pg.ClientBase = pool()) {
  const { rows } = await on.query<SessionUserRow>({
    // Named: parsed and planned once per connection, not on every batch (ADR 0035). The
    // hashes come as a JSON array, not a text[]: PostgreSQL sizes a text[] parameter by
    // its length and so planned each batch afresh (0.33 ms, four times the query's run),
    // where a set from JSON is sized alike every time and the plan is kept (ADR 0036).
    name: "accounts.session-users",
    text: `SELECT s."tokenHash", s.id AS "sessionId", u.id, u.phone, u."displayName",
            coalesce((SELECT json_agg(json_build_object('role', g.role, 'organisationId', g."organisationId",
                                                        'constituencyId', g."constituencyId", 'sponsorId', g."sponsorId")
                                      ORDER BY g."createdAt", g.id)
                        FROM "RoleGrant" g WHERE g."userId" = u.id), '[]'::json) AS roles,
            coalesce((SELECT json_agg(json_build_object('electionId', a."electionId", 'unitCode', a."unitCode"))
                        FROM "Volunteer" v JOIN "UnitAssignment" a ON a."volunteerId" = v.id
                       WHERE v."userId" = u.id), '[]'::json) AS placements
       FROM jsonb_array_elements_text($1::jsonb) AS t(hash)
       -- One index lookup each (LATERAL and LIMIT keep the planner from hashing the tables).
       CROSS JOIN LATERAL (SELECT s.id, s."tokenHash", s."userId" FROM "Session" s
                            WHERE s."tokenHash" = t.hash AND s."expiresAt" > (now() AT TIME ZONE 'UTC') LIMIT 1) s
       CROSS JOIN LATERAL (SELECT u.id, u.phone, u."displayName" FROM "User" u WHERE u.id = s."userId" LIMIT 1) u`,
    values: [JSON.stringify(tokenHashes)],
  });
  return rows;
}
