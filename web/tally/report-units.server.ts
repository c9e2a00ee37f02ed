// The units a volunteer reports for, with each ballot's state in each of the day's
// elections (the /report page).
import { db } from "../db/db.server.ts";
import { unitWithPlace } from "../assignment/views.server.ts";
import { activeElections } from "../elections/elections.server.ts";
import { ballotsOfUnit, electionContests } from "../elections/contests.server.ts";

/** Units the user reports for: in each of the day's elections, the unit they are placed
 *  on for it (usually one unit for all of them), with its ballots there (an election it
 *  has no ballot in is left out). */
export async function myReportUnits(userId: string) {
  const elections = await activeElections();
  const placements = await db().unitAssignment.findMany({
    where: { volunteer: { userId }, electionId: { in: elections.map((e) => e.id) } },
    select: { electionId: true, unitCode: true },
  });
  const units = [...new Set(placements.map((p) => p.unitCode))].sort();
  return (
    await Promise.all(
      units.map(async (unitCode) => {
        const unit = await unitWithPlace(unitCode);
        if (!unit) return null;
        const placedFor = new Set(placements.filter((p) => p.unitCode === unitCode).map((p) => p.electionId));
        const perElection = await Promise.all(
          elections.map(async (election, i) => {
            if (!placedFor.has(election.id)) return null;
            const [contests, here, results] = await Promise.all([
              electionContests(election.id),
              ballotsOfUnit(election.id, unitCode),
              db().unitResult.findMany({ where: { electionId: election.id, unitCode } }),
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
        return { ...unit, elections: perElection.flatMap((e) => (e && e.ballots.length > 0 ? [e] : [])) };
      }),
    )
  ).flatMap((u) => (u ? [u] : []));
}
