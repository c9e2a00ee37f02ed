// An election's contests, which of them each unit votes in (Contest, ContestArea,
// AreaUnit) and the choices on each ballot: read on every entry, so cached for a few
// seconds per process.
import { db } from "../db/db.server.ts";
import { cached, forget } from "../db/cache.server.ts";
import { UserError } from "../errors.ts";
import type { Ballot } from "../tally/tally-rules.ts";
import { CONTEST_WIDE, KIND_RULES, type ContestKind } from "./contest-kinds.ts";
import { areaUnitCounts, areaUnitsOf } from "./elections.sql.server.ts";

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

/** Every unit's areas in the election, in memory (reloaded every ten minutes): election
 *  night asks for a unit's area on every entry, and one query per unit (or a general cache
 *  of ~300,000 entries, cleared when full) would cost more than the entry itself. Per unit:
 *  [ballot, area, ballot, area, …]. */
function electionUnitAreas(electionId: string) {
  return cached(`unit-areas:${electionId}`, 10 * 60_000, async () => {
    const byUnit = new Map<string, string[]>();
    for (const r of await areaUnitsOf(electionId)) {
      const list = byUnit.get(r.unitCode);
      if (list) list.push(r.ballot, r.areaCode);
      else byUnit.set(r.unitCode, [r.ballot, r.areaCode]);
    }
    return byUnit;
  });
}

/** The contests a unit votes in, each with its area there (a unit outside a by-election's
 *  areas has none of its ballots); a unit added since the last load is looked up alone. */
export async function ballotsOfUnit(electionId: string, unitCode: string): Promise<Map<string, string>> {
  const pairs = await unitAreaPairs(electionId, unitCode);
  const out = new Map<string, string>();
  for (let i = 0; i < pairs.length; i += 2) out.set(pairs[i]!, pairs[i + 1]!);
  return out;
}

async function unitAreaPairs(electionId: string, unitCode: string) {
  return (
    (await electionUnitAreas(electionId)).get(unitCode) ??
    (await cached(`unit-area:${electionId}:${unitCode}`, 10_000, async () =>
      (
        await db().areaUnit.findMany({ where: { electionId, unitCode }, select: { ballot: true, areaCode: true } })
      ).flatMap((r) => [r.ballot, r.areaCode]),
    ))
  );
}

/** The unit's area in a contest, or null where it does not vote in it (asked on every
 *  entry and snapshot: read off the unit's pairs, no map built). */
export async function areaOfUnit(electionId: string, unitCode: string, ballot: string) {
  const pairs = await unitAreaPairs(electionId, unitCode);
  for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === ballot) return pairs[i + 1]!;
  return null;
}

/** Units per contest area, counted once every few seconds (every results read asks):
 *  keys `<ballot>|<area>`, and `<ballot>` for the whole contest. */
function unitCounts(electionId: string) {
  return cached(`area-unit-counts:${electionId}`, 5_000, async () => {
    const byArea = new Map<string, number>();
    for (const r of await areaUnitCounts(electionId)) {
      byArea.set(`${r.ballot}|${r.areaCode}`, r.n);
      byArea.set(r.ballot, (byArea.get(r.ballot) ?? 0) + r.n);
    }
    return byArea;
  });
}

/** How many units a contest has (or one of its areas). */
export async function contestUnits(electionId: string, ballot: string, areaCode?: string) {
  return (await unitCounts(electionId)).get(areaCode ? `${ballot}|${areaCode}` : ballot) ?? 0;
}

/** How many units each area of a contest has, as a lookup. */
export async function unitsPerArea(electionId: string, ballot: string) {
  const counts = await unitCounts(electionId);
  return (areaCode: string) => counts.get(`${ballot}|${areaCode}`) ?? 0;
}

/** After the election's units changed (an areas import): this process reads them afresh. */
export function forgetElectionUnits(electionId: string) {
  forget(`unit-areas:${electionId}`);
  forget(`area-unit-counts:${electionId}`);
}

/** The unit's ballot of a contest: the contest and the unit's area in it. A contest the
 *  election does not have, or one the unit does not vote in, is not found. */
export async function unitBallot(electionId: string, unitCode: string, ballot: Ballot) {
  const [contest, area] = await Promise.all([contestOf(electionId, ballot), areaOfUnit(electionId, unitCode, ballot)]);
  if (!contest || !area) throw new UserError(404, "tally.noBallot");
  return { contest, area };
}

/** The numbers that can receive votes on this ballot at this unit, with their names: the
 *  election's parties on a party list; the candidates of the unit's area where the kind
 *  decides per area; else the contest-wide candidates or options (area "*"). */
export async function ballotChoices(electionId: string, unitCode: string, ballot: Ballot) {
  const { contest, area } = await unitBallot(electionId, unitCode, ballot);
  const rules = KIND_RULES[contest.kind];
  const from = rules.choices === "parties" ? null : rules.decidedIn === "area" ? area : CONTEST_WIDE;
  return cached(`choices:${electionId}:${ballot}:${from ?? ""}`, 30_000, () => loadChoices(electionId, ballot, from));
}

async function loadChoices(electionId: string, ballot: Ballot, areaCode: string | null) {
  if (areaCode === null) {
    const parties = await db().party.findMany({ where: { electionId }, orderBy: { number: "asc" } });
    return parties.map((p) => ({ number: p.number, nameTh: p.nameTh, nameEn: p.nameEn, colour: p.colour }));
  }
  const candidates = await db().candidate.findMany({
    where: { electionId, ballot, areaCode },
    orderBy: { number: "asc" },
    include: { party: true },
  });
  return candidates.map((c) => ({
    number: c.number,
    nameTh: `${c.nameTh}${c.party ? ` (${c.party.nameTh})` : ""}`,
    nameEn: `${c.nameEn ?? c.nameTh}${c.party ? ` (${c.party.nameEn})` : ""}`,
    colour: c.party?.colour ?? "#888888",
  }));
}
