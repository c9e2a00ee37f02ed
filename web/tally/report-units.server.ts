// The units a volunteer reports for, with each ballot's state (the /report page).
import { db } from "../db/db.server.ts";
import { unitWithPlace } from "../assignment/views.server.ts";
import { currentElection } from "./entries.server.ts";
import { BALLOTS } from "./tally-rules.ts";

/** Units the user reports for: their own placement. */
export async function myReportUnits(userId: string) {
  const mine = await db().unitAssignment.findFirst({ where: { volunteer: { userId } } });
  if (!mine) return [];
  const election = await currentElection().catch(() => null);
  const results = election
    ? await db().unitResult.findMany({ where: { electionId: election.id, unitCode: mine.unitCode } })
    : [];
  const unit = await unitWithPlace(mine.unitCode);
  return unit
    ? [
        {
          ...unit,
          statuses: Object.fromEntries(BALLOTS.map((b) => [b, results.find((r) => r.ballot === b)?.status ?? "none"])),
        },
      ]
    : [];
}
