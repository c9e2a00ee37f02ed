// Provisional results of the realtime count (ADR 0027): per contest and per area, from
// the folded totals, always labelled "provisional" and never added to the checked totals
// (results/). Read on every refresh of a results page and of the feed, so cached for a
// second per process (the fold itself runs every second).
import { db } from "../db/db.server.ts";
import { can, headedConstituencies, type HasRoles } from "../accounts/permissions.ts";
import { contestOf, contestUnits, electionContests } from "../elections/contests.server.ts";
import { cached } from "../db/cache.server.ts";
import { CONTEST_WIDE, KIND_RULES } from "../elections/contest-kinds.ts";
import { contestChoices } from "../results/results.server.ts";
import { flaggedLiveUnits, liveAreaTotals, type LiveAreaRow } from "./live.sql.server.ts";

const REFRESH_MS = 1_000;

type Sums = Omit<LiveAreaRow, "areaCode">;
const ZERO: Sums = {
  unitsCounting: 0,
  unitsFinished: 0,
  unitsFinal: 0,
  ballots: 0,
  invalid: 0,
  voteNo: 0,
  knownBallots: 0,
  knownEligible: 0,
};
const add = (a: Sums, b: Sums): Sums => ({
  unitsCounting: a.unitsCounting + b.unitsCounting,
  unitsFinished: a.unitsFinished + b.unitsFinished,
  unitsFinal: a.unitsFinal + b.unitsFinal,
  ballots: a.ballots + b.ballots,
  invalid: a.invalid + b.invalid,
  voteNo: a.voteNo + b.voteNo,
  knownBallots: a.knownBallots + b.knownBallots,
  knownEligible: a.knownEligible + b.knownEligible,
});

const withoutCode = ({ areaCode: _code, ...sums }: LiveAreaRow): Sums => sums;

/** What every provisional figure carries with it. */
const stamp = () => ({ label: "provisional" as const, refreshedAt: new Date().toISOString() });

function summary(sums: Sums, units: number) {
  return {
    units,
    ...sums,
    // Ballots counted so far over the eligible voters, where the units' register is known.
    countedShare: sums.knownEligible ? sums.knownBallots / sums.knownEligible : null,
  };
}

/** Choices with their provisional votes, most first, each with its share of the votes. */
function ranked(
  choices: { number: number; nameTh: string; nameEn: string; colour: string }[],
  votes: Map<number, number>,
) {
  const rows = choices.map((c) => ({ ...c, votes: votes.get(c.number) ?? 0 }));
  const cast = rows.reduce((n, r) => n + r.votes, 0);
  return rows
    .map((r) => ({ ...r, share: cast ? r.votes / cast : 0 }))
    .sort((a, b) => b.votes - a.votes || a.number - b.number);
}

/** A contest over all its areas: the running totals, and — where the winners are decided
 *  per area — each area's running leader; null for a contest the election does not have. */
export function provisionalContest(electionId: string, ballot: string) {
  return cached(`live:contest:${electionId}:${ballot}`, REFRESH_MS, async () => {
    const contest = await contestOf(electionId, ballot);
    if (!contest) return null;
    const perArea = KIND_RULES[contest.kind].decidedIn === "area";
    const [{ areas, votes }, units, names] = await Promise.all([
      liveAreaTotals(electionId, ballot, null),
      contestUnits(electionId, ballot),
      perArea
        ? db().contestArea.findMany({
            where: { electionId, ballot },
            select: { code: true, nameTh: true, nameEn: true },
          })
        : Promise.resolve([]),
    ]);
    const total = areas.reduce<Sums>((s, a) => add(s, a), ZERO);
    const byNumber = new Map<number, number>();
    for (const v of votes) byNumber.set(v.number, (byNumber.get(v.number) ?? 0) + v.votes);
    const leaders = new Map<string, { number: number; votes: number }>();
    for (const v of votes) {
      const best = leaders.get(v.areaCode);
      if (!best || v.votes > best.votes || (v.votes === best.votes && v.number < best.number))
        leaders.set(v.areaCode, { number: v.number, votes: v.votes });
    }
    const nameOf = new Map(names.map((n) => [n.code, n]));
    return {
      ...stamp(),
      contest: { key: contest.key, kind: contest.kind, nameTh: contest.nameTh, nameEn: contest.nameEn },
      ...summary(total, units),
      choices: perArea ? null : ranked(await contestChoices(electionId, ballot, CONTEST_WIDE), byNumber),
      areas: perArea
        ? areas
            .filter((a) => a.unitsCounting + a.unitsFinished > 0)
            .map((a) => ({
              code: a.areaCode,
              nameTh: nameOf.get(a.areaCode)?.nameTh ?? a.areaCode,
              nameEn: nameOf.get(a.areaCode)?.nameEn ?? a.areaCode,
              unitsCounting: a.unitsCounting,
              unitsFinished: a.unitsFinished,
              ballots: a.ballots,
              leader: leaders.get(a.areaCode) ?? null,
            }))
        : null,
    };
  });
}
export type ProvisionalContest = NonNullable<Awaited<ReturnType<typeof provisionalContest>>>;

/** One area of a contest: its running totals and choices; null for an unknown contest. */
export function provisionalArea(electionId: string, ballot: string, areaCode: string) {
  return cached(`live:area:${electionId}:${ballot}:${areaCode}`, REFRESH_MS, async () => {
    const contest = await contestOf(electionId, ballot);
    if (!contest) return null;
    const rules = KIND_RULES[contest.kind];
    const [{ areas, votes }, units, choices] = await Promise.all([
      liveAreaTotals(electionId, ballot, areaCode),
      contestUnits(electionId, ballot, areaCode),
      contestChoices(electionId, ballot, rules.decidedIn === "area" ? areaCode : CONTEST_WIDE),
    ]);
    const rows = ranked(choices, new Map(votes.map((v) => [v.number, v.votes])));
    return {
      ...stamp(),
      contest: { key: contest.key, kind: contest.kind, nameTh: contest.nameTh, nameEn: contest.nameEn },
      area: areaCode,
      ...summary(areas[0] ? withoutCode(areas[0]) : ZERO, units),
      choices: rows,
      leader: rows[0]?.votes ? { number: rows[0].number, votes: rows[0].votes } : null,
    };
  });
}
export type ProvisionalArea = NonNullable<Awaited<ReturnType<typeof provisionalArea>>>;

/** The realtime count's flagged units a user oversees: a head's constituencies, or every
 *  unit for the war room; none for anyone else. */
export async function flaggedForHead(user: HasRoles, electionId: string) {
  if (can(user, "warroom:verify")) return flaggedLiveUnits(electionId, null);
  const heads = headedConstituencies(user);
  return heads.length ? flaggedLiveUnits(electionId, heads) : [];
}

/** The provisional figures beside a reviewer's queue: every contest with units counting
 *  live for the war room; a head's constituencies (the constituency contest's areas). */
export async function provisionalForReviewer(user: HasRoles, electionId: string) {
  const live = (p: { unitsCounting: number; unitsFinished: number; unitsFinal: number } | null) =>
    !!p && p.unitsCounting + p.unitsFinished + p.unitsFinal > 0;
  if (can(user, "warroom:verify")) {
    const contests = await electionContests(electionId);
    const all = await Promise.all(contests.map((c) => provisionalContest(electionId, c.key)));
    return all.filter(live) as (ProvisionalContest | ProvisionalArea)[];
  }
  const heads = headedConstituencies(user);
  const areas = await Promise.all(heads.map((id) => provisionalArea(electionId, "constituency", id)));
  return areas.filter(live) as (ProvisionalContest | ProvisionalArea)[];
}
