// The accounts' SQL on election night's path (ADR 0021): the signed-in users of many
// session tokens in one statement, with their roles and the units they are placed on (a
// report's permission, which every phone's request asks: ADR 0033). Everything else about
// accounts goes through Prisma.
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
 *  that has expired (Prisma keeps its times in UTC) or was deleted is not there. */
export async function sessionUsersOf(tokenHashes: string[]) {
  const { rows } = await pool().query<SessionUserRow>({
    // Named: parsed and planned once per connection, not on every batch (ADR 0035).
    name: "accounts.session-users",
    text: `SELECT s."tokenHash", s.id AS "sessionId", u.id, u.phone, u."displayName",
            coalesce((SELECT json_agg(json_build_object('role', g.role, 'organisationId', g."organisationId",
                                                        'constituencyId', g."constituencyId", 'sponsorId', g."sponsorId")
                                      ORDER BY g."createdAt", g.id)
                        FROM "RoleGrant" g WHERE g."userId" = u.id), '[]'::json) AS roles,
            coalesce((SELECT json_agg(json_build_object('electionId', a."electionId", 'unitCode', a."unitCode"))
                        FROM "Volunteer" v JOIN "UnitAssignment" a ON a."volunteerId" = v.id
                       WHERE v."userId" = u.id), '[]'::json) AS placements
       FROM "Session" s JOIN "User" u ON u.id = s."userId"
      WHERE s."tokenHash" = ANY($1::text[]) AND s."expiresAt" > (now() AT TIME ZONE 'UTC')`,
    values: [tokenHashes],
  });
  return rows;
}
