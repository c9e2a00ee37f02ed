// The newsroom feed's races (issue 38), in the shape newsrooms know from the AP Elections
// API: each contest in each area (and, where a contest is decided over all its areas,
// the contest as a whole), with units reporting of all, ballots counted against eligible
// voters, where the tabulation stands and whether the winner is known. A `next` cursor
// (the change the answer reflects) returns only what changed after it.
import { db } from "../db/db.server.ts";
import { cached } from "../db/cache.server.ts";
import { CONTEST_WIDE, KIND_RULES, type ContestKind } from "../elections/contest-kinds.ts";
import { electionContests } from "../elections/contests.server.ts";
import { changedAreas, flaggedVotes, lastChangeSeq, raceUnits } from "./results.sql.server.ts";
import {
  projectedCall,
  raceCall,
  tabulationStatus,
  type CallStatus,
  type RaceFigures,
  type TabulationStatus,
} from "./calls.ts";

export interface Race {
  id: string;
  contest: string;
  kind: ContestKind;
  /** The area's code; "*" for a contest as a whole. */
  area: string;
  nameTh: string;
  nameEn: string;
  seats: number;
  unitsTotal: number;
  unitsReporting: number;
  unitsReportingPct: number;
  unitsCounted: number;
  eligibleVoters: number;
  ballotsCounted: number;
  /** Ballots counted over the eligible voters of all the race's units (AP's expected vote share). */
  ballotsCountedPct: number;
  invalid: number;
  voteNo: number;
  tabulationStatus: TabulationStatus;
  /** Whether the winner is known on verified figures; null where the contest elects
   *  nobody per race (a question) or by seat allocation (a party list). */
  callStatus: CallStatus | null;
  /** The same call with the realtime count's provisional figures added: a projection,
   *  labelled as such; null where callStatus is. */
  projectedCallStatus: CallStatus | null;
  choices: { number: number; nameTh: string; nameEn: string; party: string | null; votes: number }[];
}

/** The election's choices by `<ballot>|<area>` (contest-wide ones under "*"): they do not
 *  change on the night. */
function choicesOf(electionId: string) {
  return cached(`races:choices:${electionId}`, 60_000, async () => {
    const [candidates, parties] = await Promise.all([
      db().candidate.findMany({ where: { electionId }, include: { party: true }, orderBy: { number: "asc" } }),
      db().party.findMany({ where: { electionId }, orderBy: { number: "asc" } }),
    ]);
    const byArea = new Map<string, Race["choices"]>();
    for (const c of candidates) {
      const key = `${c.ballot}|${c.areaCode}`;
      const list = byArea.get(key) ?? [];
      list.push({
        number: c.number,
        nameTh: c.nameTh,
        nameEn: c.nameEn ?? c.nameTh,
        party: c.party?.nameEn ?? null,
        votes: 0,
      });
      byArea.set(key, list);
    }
    const partyChoices = parties.map((p) => ({
      number: p.number,
      nameTh: p.nameTh,
      nameEn: p.nameEn,
      party: p.nameEn,
      votes: 0,
    }));
    return { byArea, partyChoices };
  });
}

const pct = (part: number, whole: number) => (whole ? Math.round((10_000 * part) / whole) / 100 : 0);

/** The races that changed after change `after` (null: every race), as of the latest
 *  change: `asOfChange` is the cursor of the next call. `calls`: whether calls may be
 *  said yet (not before the election's close: callStatus is then null). */
export async function racesAfter(electionId: string, after: number | null, { calls = true } = {}) {
  const asOfChange = await lastChangeSeq(electionId);
  const keys = after !== null ? await changedAreas(electionId, after, asOfChange) : null;
  if (keys && !keys.length) return { asOfChange, races: [] as Race[] };
  const contests = await electionContests(electionId);
  const contestByKey = new Map(contests.map((c) => [c.key, c]));
  // A contest decided over all its areas is a race of its own when any of its areas changed.
  const wholeContests = contests.filter((c) => KIND_RULES[c.kind].decidedIn !== "area").map((c) => c.key);
  const touchedWhole = new Set((keys ?? contests.map((c) => `${c.key}|`)).map((k) => k.split("|")[0]!));
  const wanted = wholeContests.filter((k) => touchedWhole.has(k));
  const [units, wholeUnits, totals, votes, areas, choices, flagged, live] = await Promise.all([
    raceUnits(electionId, keys),
    wanted.length && keys ? raceUnits(electionId, null) : Promise.resolve(null),
    db().areaTotal.findMany({ where: { electionId } }),
    db().voteTotal.findMany({ where: { electionId } }),
    db().contestArea.findMany({ where: { electionId } }),
    choicesOf(electionId),
    calls ? flaggedVotes(electionId, wanted.length ? null : keys) : Promise.resolve([]),
    calls ? liveFigures(electionId) : Promise.resolve(new Map<string, LiveFigures>()),
  ]);
  const flaggedOf = groupFlagged(flagged);
  const totalOf = new Map(totals.map((t) => [`${t.ballot}|${t.areaCode}`, t]));
  const votesOf = new Map<string, Map<number, number>>();
  for (const v of votes) {
    const key = `${v.ballot}|${v.areaCode}`;
    const m = votesOf.get(key) ?? new Map<number, number>();
    m.set(v.number, (m.get(v.number) ?? 0) + v.votes);
    votesOf.set(key, m);
  }
  const areaOf = new Map(areas.map((a) => [`${a.ballot}|${a.code}`, a]));
  const choicesFor = (ballot: string, area: string) => {
    const contest = contestByKey.get(ballot)!;
    if (KIND_RULES[contest.kind].choices === "parties") return choices.partyChoices;
    const rules = KIND_RULES[contest.kind];
    return choices.byArea.get(`${ballot}|${rules.decidedIn === "area" ? area : CONTEST_WIDE}`) ?? [];
  };

  const race = (
    ballot: string,
    area: string,
    u: {
      units: number;
      reporting: number;
      counted: number;
      eligible: number;
      eligibleUncounted: number;
      unknownUncounted: number;
      flagged: number;
      eligibleFlagged: number;
      unknownFlagged: number;
    },
    sums: { ballots: number; invalid: number; voteNo: number },
    votesByNumber: Map<number, number>,
    extra: { flagged: FlaggedFigures | undefined; live: LiveFigures | undefined },
  ): Race => {
    const contest = contestByKey.get(ballot)!;
    const rules = KIND_RULES[contest.kind];
    const named = area === CONTEST_WIDE ? contest : (areaOf.get(`${ballot}|${area}`) ?? { nameTh: area, nameEn: area });
    const seats = area === CONTEST_WIDE ? (contest.seats ?? 1) : (areaOf.get(`${ballot}|${area}`)?.seats ?? 1);
    const rows = choicesFor(ballot, area)
      .map((c) => ({ ...c, votes: votesByNumber.get(c.number) ?? 0 }))
      .sort((a, b) => b.votes - a.votes || a.number - b.number);
    const singleWinner =
      (contest.kind === "district" && area !== CONTEST_WIDE) || (contest.kind === "area_wide" && area === CONTEST_WIDE);
    const figures: RaceFigures = {
      votes: new Map(rows.map((r) => [r.number, r.votes])),
      voteNo: rules.voteNo ? sums.voteNo : null,
      counted: u.counted,
      units: u.units,
      uncountedVoters: u.unknownUncounted > 0 ? null : u.eligibleUncounted,
      flagged: flaggedFigures(u, extra.flagged),
    };
    return {
      id: `${ballot}/${area}`,
      contest: ballot,
      kind: contest.kind,
      area,
      nameTh: named.nameTh,
      nameEn: named.nameEn,
      seats,
      unitsTotal: u.units,
      unitsReporting: u.reporting,
      unitsReportingPct: pct(u.reporting, u.units),
      unitsCounted: u.counted,
      eligibleVoters: u.eligible,
      ballotsCounted: sums.ballots,
      ballotsCountedPct: pct(sums.ballots, u.eligible),
      invalid: sums.invalid,
      voteNo: sums.voteNo,
      tabulationStatus: tabulationStatus(u),
      callStatus: calls && singleWinner ? raceCall(figures) : null,
      projectedCallStatus:
        calls && singleWinner ? projectedCall(figures, extra.live ?? { ...NO_LIVE, votes: new Map() }) : null,
      choices: rows,
    };
  };

  const sumsOf = (key: string) => {
    const t = totalOf.get(key);
    return { ballots: t?.ballotsUsed ?? 0, invalid: t?.invalid ?? 0, voteNo: t?.voteNo ?? 0 };
  };
  const races: Race[] = units
    .filter((u) => contestByKey.has(u.ballot))
    .map((u) =>
      race(
        u.ballot,
        u.areaCode,
        u,
        sumsOf(`${u.ballot}|${u.areaCode}`),
        votesOf.get(`${u.ballot}|${u.areaCode}`) ?? new Map(),
        { flagged: flaggedOf.get(`${u.ballot}|${u.areaCode}`), live: live.get(`${u.ballot}|${u.areaCode}`) },
      ),
    );
  for (const ballot of wanted) {
    const own = (wholeUnits ?? units).filter((u) => u.ballot === ballot);
    const add = <K extends string>(rows: Record<K, number>[], k: K) => rows.reduce((s, r) => s + r[k], 0);
    const u = {
      units: add(own, "units"),
      reporting: add(own, "reporting"),
      counted: add(own, "counted"),
      eligible: add(own, "eligible"),
      eligibleUncounted: add(own, "eligibleUncounted"),
      unknownUncounted: add(own, "unknownUncounted"),
      flagged: add(own, "flagged"),
      eligibleFlagged: add(own, "eligibleFlagged"),
      unknownFlagged: add(own, "unknownFlagged"),
    };
    const sums = { ballots: 0, invalid: 0, voteNo: 0 };
    const byNumber = new Map<number, number>();
    const areaKeys = own.map((a) => `${ballot}|${a.areaCode}`);
    for (const key of areaKeys) {
      const s = sumsOf(key);
      sums.ballots += s.ballots;
      sums.invalid += s.invalid;
      sums.voteNo += s.voteNo;
      for (const [n, v] of votesOf.get(key) ?? []) byNumber.set(n, (byNumber.get(n) ?? 0) + v);
    }
    races.push(
      race(ballot, CONTEST_WIDE, u, sums, byNumber, {
        flagged: mergeFlagged(areaKeys.map((k) => flaggedOf.get(k))),
        live: mergeLive(areaKeys.map((k) => live.get(k))),
      }),
    );
  }
  return { asOfChange, races };
}

/** How many of a contest's areas stand at each call (verified figures, and projected),
 *  for the war room's board (internal: before the close too). Kept five seconds. */
export function callCounts(electionId: string, ballot: string) {
  return cached(`races:calls:${electionId}:${ballot}`, 5_000, async () => {
    const { races } = await racesAfter(electionId, null);
    const verified: Partial<Record<CallStatus, number>> = {};
    const projected: Partial<Record<CallStatus, number>> = {};
    let areas = 0;
    for (const r of races) {
      if (r.contest !== ballot || r.area === CONTEST_WIDE || !r.callStatus) continue;
      areas++;
      verified[r.callStatus] = (verified[r.callStatus] ?? 0) + 1;
      if (r.projectedCallStatus) projected[r.projectedCallStatus] = (projected[r.projectedCallStatus] ?? 0) + 1;
    }
    return { areas, verified, projected };
  });
}

/** One area's call and tabulation status on verified figures (its race in racesAfter),
 *  and the projected call with the realtime count's figures. */
export async function areaCall(electionId: string, ballot: string, areaCode: string) {
  const key = `${ballot}|${areaCode}`;
  const [units, totals, votes, flagged, live] = await Promise.all([
    raceUnits(electionId, [key]),
    db().areaTotal.findUnique({ where: { electionId_ballot_areaCode: { electionId, ballot, areaCode } } }),
    db().voteTotal.findMany({ where: { electionId, ballot, areaCode } }),
    flaggedVotes(electionId, [key]),
    liveFigures(electionId),
  ]);
  const u = units[0];
  if (!u) return null;
  const figures: RaceFigures = {
    votes: new Map(votes.map((v) => [v.number, v.votes])),
    voteNo: totals?.voteNo ?? 0,
    counted: u.counted,
    units: u.units,
    uncountedVoters: u.unknownUncounted > 0 ? null : u.eligibleUncounted,
    flagged: flaggedFigures(u, groupFlagged(flagged).get(key)),
  };
  return {
    tabulationStatus: tabulationStatus(u),
    callStatus: raceCall(figures),
    projectedCallStatus: projectedCall(figures, live.get(key) ?? { ...NO_LIVE, votes: new Map() }),
  };
}

interface FlaggedFigures {
  votes: Map<number, number>;
  voteNo: number;
}

function groupFlagged(rows: { ballot: string; areaCode: string; number: number | null; votes: number }[]) {
  const out = new Map<string, FlaggedFigures>();
  for (const r of rows) {
    const key = `${r.ballot}|${r.areaCode}`;
    const f = out.get(key) ?? { votes: new Map<number, number>(), voteNo: 0 };
    if (r.number === null) f.voteNo += r.votes;
    else f.votes.set(r.number, (f.votes.get(r.number) ?? 0) + r.votes);
    out.set(key, f);
  }
  return out;
}

function mergeFlagged(list: (FlaggedFigures | undefined)[]): FlaggedFigures {
  const out: FlaggedFigures = { votes: new Map(), voteNo: 0 };
  for (const f of list) {
    if (!f) continue;
    out.voteNo += f.voteNo;
    for (const [n, v] of f.votes) out.votes.set(n, (out.votes.get(n) ?? 0) + v);
  }
  return out;
}

function flaggedFigures(
  u: { flagged: number; eligibleFlagged: number; unknownFlagged: number },
  f: FlaggedFigures | undefined,
): RaceFigures["flagged"] {
  if (!u.flagged) return undefined;
  return {
    units: u.flagged,
    votes: f?.votes ?? new Map(),
    voteNo: f?.voteNo ?? 0,
    voters: u.unknownFlagged > 0 ? null : u.eligibleFlagged,
  };
}

type LiveFigures = Parameters<typeof projectedCall>[1];
const NO_LIVE = { voteNo: 0, units: 0, knownBallots: 0 };

/** The realtime count's provisional figures per contest area (`<ballot>|<area>`). */
function liveFigures(electionId: string) {
  return cached(`races:live:${electionId}`, 1_000, async () => {
    const [totals, votes] = await Promise.all([
      db().liveTotal.findMany({ where: { electionId } }),
      db().liveVoteTotal.findMany({ where: { electionId } }),
    ]);
    const out = new Map<string, LiveFigures>();
    for (const t of totals)
      out.set(`${t.ballot}|${t.areaCode}`, {
        votes: new Map(),
        voteNo: t.voteNo,
        units: t.unitsCounting + t.unitsFinished,
        knownBallots: t.knownBallots,
      });
    for (const v of votes) {
      const key = `${v.ballot}|${v.areaCode}`;
      const f = out.get(key) ?? { ...NO_LIVE, votes: new Map<number, number>() };
      f.votes.set(v.number, (f.votes.get(v.number) ?? 0) + v.votes);
      out.set(key, f);
    }
    return out;
  });
}

function mergeLive(list: (LiveFigures | undefined)[]): LiveFigures {
  const out: LiveFigures = { ...NO_LIVE, votes: new Map() };
  for (const f of list) {
    if (!f) continue;
    out.voteNo += f.voteNo;
    out.units += f.units;
    out.knownBallots += f.knownBallots;
    for (const [n, v] of f.votes) out.votes.set(n, (out.votes.get(n) ?? 0) + v);
  }
  return out;
}
