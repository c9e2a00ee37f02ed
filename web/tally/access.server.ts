// Who may send or key a unit's counts: the reporters placed on it for the election, and
// staff in its scope (its constituency's head and team, the war room).
import { can, type HasRoles } from "../accounts/permissions.ts";
import { batched } from "../db/batcher.server.ts";
import { placedOf } from "../assignment/assignment.sql.server.ts";

/** Who sends a count: roles, and (signed in) the units they are placed on. */
export type User = HasRoles & { id: string; placements?: { electionId: string; unitCode: string }[] };

/** The geographic constituency of a unit (its code's first five characters): the scope of
 *  the staff roles, which belong to the country's constituencies, not to one election. */
export const constituencyOf = (unitCode: string) => unitCode.slice(0, 5);

/** Staff who may key figures for a unit: its constituency's head and team's staff, the war room. */
export function isStaffFor(user: User, unitCode: string) {
  return can(user, "constituency:manage", { constituencyId: constituencyOf(unitCode) }) || can(user, "warroom:verify");
}

/** Whether a user is placed on a unit in an election; asked on every report, so asked
 *  together (one statement for all the reports arriving at once). */
const isPlaced = batched(
  async (asks: { electionId: string; userId: string; unitCode: string }[]) => {
    const placed = await placedOf(asks);
    return asks.map((a) => placed.has(`${a.electionId}|${a.userId}|${a.unitCode}`));
  },
  { maxInFlight: 2, maxBatch: 500 },
);

/** The unit's reporters placed for the election (reporter or backup), and staff in scope.
 *  A signed-in user's placements come with their session (at most two seconds old), which
 *  spares a query on every report; a placement not there yet (placed a moment ago) is
 *  asked of the database. */
export async function mayReport(user: User, electionId: string, unitCode: string) {
  if (isStaffFor(user, unitCode)) return true;
  if (user.placements?.some((p) => p.electionId === electionId && p.unitCode === unitCode)) return true;
  return isPlaced({ electionId, userId: user.id, unitCode });
}
