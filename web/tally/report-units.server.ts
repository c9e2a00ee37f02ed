// The units a volunteer reports for, with each ballot's state (the /report page).
import { db } from "../db/db.server.ts";
import { unitWithPlace } from "../assignment/views.server.ts";
import { currentElection } from "./entries.server.ts";
import { ballotsOfUnit, electionContests } from "./contests.server.ts";

/** Units the user reports for: their own placement, with the election's ballots there. */
export async function myReportUnits(userId: string) {
  const mine = await db().unitAssignment.findFirst({ where: { volunteer: { userId } } });
  if (!mine) return [];
  const election = await currentElection().catch(() => null);
  const results = election
    ? await db().unitResult.findMany({ where: { electionId: election.id, unitCode: mine.unitCode } })
    : [];
  const unit = await unitWithPlace(mine.unitCode);
  const [contests, here] = election
    ? await Promise.all([electionContests(election.id), ballotsOfUnit(election.id, mine.unitCode)])
    : [[], new Map<string, string>()];
  return unit
    ? [
        {
          ...unit,
          ballots: contests
            .filter((c) => here.has(c.key))
            .map((c) => ({
              key: c.key,
              nameTh: c.nameTh,
              nameEn: c.nameEn,
              status: results.find((r) => r.ballot === c.key)?.status ?? "none",
            })),
        },
      ]
    : [];
}
