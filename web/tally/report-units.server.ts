// The units a volunteer reports for, with each ballot's state in each of the day's
// elections (the /report page).
import { db } from "../db/db.server.ts";
import { unitWithPlace } from "../assignment/views.server.ts";
import { activeElections } from "./entries.server.ts";
import { ballotsOfUnit, electionContests } from "./contests.server.ts";

/** Units the user reports for: their own placement, with the ballots it has in each of
 *  the day's elections (an election it has no ballot in is left out). */
export async function myReportUnits(userId: string) {
  const mine = await db().unitAssignment.findFirst({ where: { volunteer: { userId } } });
  if (!mine) return [];
  const unit = await unitWithPlace(mine.unitCode);
  if (!unit) return [];
  const elections = await activeElections();
  const perElection = await Promise.all(
    elections.map(async (election, i) => {
      const [contests, here, results] = await Promise.all([
        electionContests(election.id),
        ballotsOfUnit(election.id, mine.unitCode),
        db().unitResult.findMany({ where: { electionId: election.id, unitCode: mine.unitCode } }),
      ]);
      return {
        slug: election.slug,
        nameTh: election.nameTh,
        nameEn: election.nameEn,
        // The current election needs no query: it is every page's default.
        query: i === 0 ? "" : `?election=${encodeURIComponent(election.slug)}`,
        ballots: contests
          .filter((c) => here.has(c.key))
          .map((c) => ({
            key: c.key,
            nameTh: c.nameTh,
            nameEn: c.nameEn,
            status: results.find((r) => r.ballot === c.key)?.status ?? "none",
          })),
      };
    }),
  );
  return [{ ...unit, elections: perElection.filter((e) => e.ballots.length > 0) }];
}
