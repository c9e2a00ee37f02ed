// The live board of election night (issue 37): every unit's state per area of a contest,
// as counts per area, province and nation; what is late; what could still change a
// leader. Built from the rows kept incrementally (AreaStateCount, LiveTotal, VoteTotal) and
// one pass over the open units, once per change of the board's version for every screen
// of this process.
import { cached } from "../db/cache.server.ts";
import { db } from "../db/db.server.ts";
import { getConfig } from "../config/config.server.ts";
import { coverageByArea } from "../results/results.server.ts";
import { electionContests } from "../elections/contests.server.ts";
import { MAX_FIGURE_BY_KIND } from "../tally/tally-rules.ts";
import { verificationLevel } from "../tally/verification.ts";
import {
  areaFacts,
  boardVersion,
  countingUnits,
  lateCounts,
  openFigures,
  rankedVotes,
  unitStates,
} from "./command.sql.server.ts";

/** A unit ballot's place on the board, from not yet counting to verified or decided. */
export const BOARD_STATES = [
  "notYet",
  "counting",
  "reported",
  "flagged",
  "disputed",
  "verified",
  "decided",
  "silent",
] as const;
export type BoardState = (typeof BOARD_STATES)[number];
export type StateCounts = Record<BoardState, number>;

const noCounts = (): StateCounts => Object.fromEntries(BOARD_STATES.map((s) => [s, 0])) as StateCounts;

/** The states that count as "in": a result has arrived. */
const ARRIVED: BoardState[] = ["reported", "flagged", "disputed", "verified", "decided"];

export interface AreaImpact {
  /** The leading number by verified votes (null: none counted yet). */
  leader: number | null;
  /** Between the last seat's holder and the first one out (for one seat: first and second). */
  margin: number;
  /** What the units not yet verified could still bring. */
  outstanding: number;
  /** The part of it in units whose forms are flagged or disputed. */
  quarantined: number;
  /** The open units could change who leads. */
  couldChange: boolean;
  /** The flagged and disputed units alone could change who leads: the war room's first work. */
  quarantineCouldChange: boolean;
}

export interface AreaRow {
  areaCode: string;
  nameTh: string;
  nameEn: string;
  provinceCode: string;
  units: number;
  counts: StateCounts;
  late: number;
  impact: AreaImpact;
}

export interface Totals {
  units: number;
  counts: StateCounts;
  late: number;
  couldChange: number;
}

export interface Board {
  version: string;
  ballot: string;
  /** Late units are those with no snapshot and no report this long after the close. */
  lateSince: string | null;
  areas: AreaRow[];
  provinces: (Totals & { code: string; nameTh: string; nameEn: string })[];
  nation: Totals;
}

/** The board's version: changes with every change of the feed or of the provisional
 *  totals. Shared by every screen of the process for a moment. */
export function currentVersion(electionId: string) {
  return cached(`board-version:${electionId}`, 400, () => boardVersion(electionId));
}

/** The contest the board shows: the one asked for, else the first whose areas are
 *  constituencies, else the first. */
export async function boardContest(electionId: string, asked: string | null) {
  const contests = await electionContests(electionId);
  const ballot =
    contests.find((c) => c.key === asked)?.key ??
    contests.find((c) => c.kind === "district")?.key ??
    contests[0]?.key ??
    null;
  return { contests, ballot };
}

/** When units become late in an election: its close plus LATE_UNIT_MINUTES. */
export function lateAfter(election: { closesAt: Date }) {
  return new Date(election.closesAt.getTime() + getConfig().LATE_UNIT_MINUTES * 60_000);
}

/** The board of one contest of an election: the latest one built, answered at once.
 *  Boards are built once per version of the data for every screen of the process, and at
 *  most every MIN_BUILD_MS: when the data moved since the latest build, the next one
 *  starts in the background (or after the interval), and `/command/stream` tells the
 *  screens when it is there (`builtVersion`). Only the very first board is waited for. */
export async function electionBoard(
  election: { id: string; closesAt: Date },
  ballot: string,
  now = new Date(),
): Promise<Board> {
  const late = now >= lateAfter(election);
  const key = `${election.id}:${ballot}:${late}`;
  const version = await currentVersion(election.id);
  let entry = builds.get(key);
  if (!entry) {
    const first = buildBoard(election, ballot, version, late);
    entry = { version, startedAt: Date.now(), board: first, pending: null };
    builds.set(key, entry);
    first.catch(() => builds.delete(key));
    return first;
  }
  if (entry.version !== version && !entry.pending) {
    const e = entry;
    const wait = Math.max(0, e.startedAt + MIN_BUILD_MS - Date.now());
    e.pending = (async () => {
      if (wait) await new Promise((r) => setTimeout(r, wait));
      e.startedAt = Date.now();
      // The version as the build starts: at least the one that asked for it.
      const at = await boardVersion(election.id);
      const board = await buildBoard(election, ballot, at, late);
      e.board = Promise.resolve(board);
      e.version = at;
    })().finally(() => (e.pending = null));
    e.pending.catch(() => {});
  }
  return entry.board;
}

/** The version of the latest board built of a contest (null before the first): what the
 *  screens' stream announces. Asking starts the next build when the data moved. */
export async function builtVersion(election: { id: string; closesAt: Date }, ballot: string) {
  return (await electionBoard(election, ballot)).version;
}

const MIN_BUILD_MS = 500;
const builds = new Map<
  string,
  { version: string; startedAt: number; board: Promise<Board>; pending: Promise<void> | null }
>();

/** Forgets the boards built (tests that change what a version does not see, e.g. the clock). */
export function forgetBoards() {
  builds.clear();
}

/** The board as of now, waiting for a build that holds every change so far (tests). */
export async function freshBoard(election: { id: string; closesAt: Date }, ballot: string, now = new Date()) {
  forgetBoards();
  return electionBoard(election, ballot, now);
}

/** What moves slowly and costs a pass over every unit of the contest — the late units
 *  (minutes) and what the open units could still bring (the impact) — kept a few seconds
 *  for every build. */
function slowParts(electionId: string, ballot: string, late: boolean, race: boolean) {
  return cached(`board-slow:${electionId}:${ballot}:${late}`, 5_000, () =>
    Promise.all([
      late ? lateCounts(electionId, ballot) : Promise.resolve([]),
      race ? openFigures(electionId, ballot, MAX_FIGURE_BY_KIND.polling) : Promise.resolve([]),
    ]),
  );
}

async function buildBoard(
  election: { id: string; closesAt: Date },
  ballot: string,
  version: string,
  late: boolean,
): Promise<Board> {
  const kind = (await electionContests(election.id)).find((c) => c.key === ballot)?.kind;
  // A race of candidates has a leader to lose; a party list's seats are shared out (issue
  // 39's seat ranges), a referendum's answer has no margin of seats.
  const race = kind === "district" || kind === "area_wide" || kind === "multi_member";
  const [facts, coverage, live, [lates, open], ranked, provinces] = await Promise.all([
    cached(`area-facts:${election.id}:${ballot}`, 60_000, () => areaFacts(election.id, ballot)),
    coverageByArea(election.id, ballot),
    countingUnits(election.id, ballot),
    slowParts(election.id, ballot, late, race),
    race ? rankedVotes(election.id, ballot) : Promise.resolve([]),
    cached("provinces", 600_000, () => db().province.findMany({ orderBy: { code: "asc" } })),
  ]);
  const counting = new Map(live.map((a) => [a.areaCode, a.n]));
  const lateBy = new Map(lates.map((l) => [l.areaCode, l.late]));
  const openBy = new Map(open.map((o) => [o.areaCode, o]));
  const rankedBy = groupBy(ranked, (r) => r.areaCode);
  const areas = facts.map((f): AreaRow => {
    const counts = noCounts();
    const levels = coverage.get(f.areaCode)?.levels;
    if (levels) for (const [level, n] of Object.entries(levels)) counts[level as BoardState] += n;
    const arrived = ARRIVED.reduce((s, k) => s + counts[k], 0) + counts.silent;
    counts.counting = Math.min(counting.get(f.areaCode) ?? 0, Math.max(0, f.units - arrived));
    counts.notYet = Math.max(0, f.units - arrived - counts.counting);
    return {
      areaCode: f.areaCode,
      nameTh: f.nameTh,
      nameEn: f.nameEn,
      provinceCode: f.provinceCode,
      units: f.units,
      counts,
      late: lateBy.get(f.areaCode) ?? 0,
      impact: impactOf(rankedBy.get(f.areaCode) ?? [], f.seats, openBy.get(f.areaCode)),
    };
  });
  const names = new Map(provinces.map((p) => [p.code, p]));
  const byProvince = groupBy(areas, (a) => a.provinceCode);
  return {
    version,
    ballot,
    lateSince: late ? lateAfter(election).toISOString() : null,
    areas,
    provinces: [...byProvince].map(([code, rows]) => ({
      code,
      nameTh: names.get(code)?.nameTh ?? code,
      nameEn: names.get(code)?.nameEn ?? code,
      ...totalsOf(rows),
    })),
    nation: totalsOf(areas),
  };
}

/** The leader's margin against what is still open (Tally-Ho's alert: quarantined forms
 *  that could change who wins). For k seats the margin is between the k-th and the
 *  (k+1)-th; a margin no larger than what is open could still change. */
export function impactOf(
  ranked: { number: number; votes: number; rank: number }[],
  seats: number,
  open: { outstanding: number; quarantined: number } | undefined,
): AreaImpact {
  const at = (rank: number) => ranked.find((r) => r.rank === rank);
  const first = at(1);
  const outstanding = open?.outstanding ?? 0;
  const quarantined = open?.quarantined ?? 0;
  // Nothing verified yet: whatever is open decides who leads.
  if (!first)
    return {
      leader: null,
      margin: 0,
      outstanding,
      quarantined,
      couldChange: outstanding > 0,
      quarantineCouldChange: quarantined > 0,
    };
  const margin = (at(seats)?.votes ?? 0) - (at(seats + 1)?.votes ?? 0);
  return {
    leader: first.number,
    margin,
    outstanding,
    quarantined,
    couldChange: outstanding > 0 && margin <= outstanding,
    quarantineCouldChange: quarantined > 0 && margin <= quarantined,
  };
}

function totalsOf(rows: AreaRow[]): Totals {
  const counts = noCounts();
  for (const r of rows) for (const s of BOARD_STATES) counts[s] += r.counts[s];
  return {
    units: rows.reduce((s, r) => s + r.units, 0),
    counts,
    late: rows.reduce((s, r) => s + r.late, 0),
    couldChange: rows.filter((r) => r.impact.couldChange).length,
  };
}

/** The share of units whose result has arrived (0..1). */
export function progressOf(t: { units: number; counts: StateCounts }) {
  return t.units ? ARRIVED.reduce((s, k) => s + t.counts[k], 0) / t.units : 0;
}

/** A constituency's units on the board: each one's state, its last snapshot and first
 *  report, whether it is late. */
export async function constituencyUnits(
  election: { id: string; closesAt: Date },
  ballot: string,
  id: string,
  now = new Date(),
) {
  const late = now >= lateAfter(election);
  const rows = await unitStates(election.id, ballot, id);
  return rows.map((r) => {
    const level = r.status
      ? verificationLevel({
          status: r.status,
          decided: !!r.decided,
          hasFormPhoto: !!r.hasFormPhoto,
          flagged: !!r.flagged,
        })
      : null;
    const state: BoardState = level ?? (r.lastSnapshotAt ? "counting" : "notYet");
    return {
      unitCode: r.unitCode,
      areaCode: r.areaCode,
      state,
      lastSnapshotAt: r.lastSnapshotAt,
      liveBallots: r.liveBallots,
      liveFlags: r.liveFlags ?? [],
      reportedAt: r.reportedAt,
      late: late && !r.lastSnapshotAt && !r.reported,
      inSample: r.inSample,
    };
  });
}

function groupBy<T>(rows: T[], key: (row: T) => string) {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}
