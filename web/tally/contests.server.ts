// An election's contests and which of them each unit votes in (Contest, ContestArea,
// AreaUnit): read on every entry, so cached for a few seconds per process.
import { db } from "../db/db.server.ts";
import { cached } from "./cache.server.ts";
import type { ContestKind } from "./contest-kinds.ts";

export interface ContestSummary {
  key: string;
  kind: ContestKind;
  nameTh: string;
  nameEn: string;
  seats: number | null;
  position: number;
}

/** The election's contests, in their order. */
export function electionContests(electionId: string): Promise<ContestSummary[]> {
  return cached(`contests:${electionId}`, 10_000, () =>
    db().contest.findMany({
      where: { electionId },
      orderBy: { position: "asc" },
      select: { key: true, kind: true, nameTh: true, nameEn: true, seats: true, position: true },
    }),
  );
}

/** One contest of the election, or null. */
export async function contestOf(electionId: string, ballot: string) {
  return (await electionContests(electionId)).find((c) => c.key === ballot) ?? null;
}

/** The contests a unit votes in, each with its area there (a unit outside a by-election's
 *  areas has none of its ballots). */
export function ballotsOfUnit(electionId: string, unitCode: string): Promise<Map<string, string>> {
  return cached(`unit-areas:${electionId}:${unitCode}`, 60_000, async () => {
    const rows = await db().areaUnit.findMany({
      where: { electionId, unitCode },
      select: { ballot: true, areaCode: true },
    });
    return new Map(rows.map((r) => [r.ballot, r.areaCode]));
  });
}

/** The unit's area in a contest, or null where it does not vote in it. */
export async function areaOfUnit(electionId: string, unitCode: string, ballot: string) {
  return (await ballotsOfUnit(electionId, unitCode)).get(ballot) ?? null;
}
