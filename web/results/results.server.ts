// Results from verified units only, read from the running totals. Every figure comes
// with the coverage it rests on (units verified of all units).
import { db } from "../db/db.server.ts";
import { projectSeatsExactly } from "./seats.ts";
import { constituencyOutcome, topOutcome } from "./outcome.ts";
import { getConfig } from "../config/config.server.ts";
import { FIGURES, type Ballot, type Figure } from "../tally/tally-rules.ts";
import { CONTEST_WIDE, KIND_RULES, type ContestKind } from "../elections/contest-kinds.ts";
import { contestOf, contestUnits, electionContests, unitsPerArea } from "../elections/contests.server.ts";
import { areaLeaders, constituencyCandidateRows, levelFactCounts, provincesVerified } from "./results.sql.server.ts";
import { LEVELS, verificationLevel, type VerificationLevel } from "../tally/verification.ts";

export type LevelCounts = Record<VerificationLevel, number>;
const noLevels = (): LevelCounts => Object.fromEntries(LEVELS.map((l) => [l, 0])) as LevelCounts;

/** Per area of the contest (or in one; "*": the whole contest under "*"): its unit
 *  ballots at each verification level, said the same way as on each unit's page
 *  (verificationLevel), and how many units reported (a silent unit, which sent nothing, is
 *  a state, not a report). */
export async function coverageByArea(electionId: string, ballot: Ballot, areaCode: string | null = null) {
  const byArea = new Map<string, { levels: LevelCounts; reported: number }>();
  for (const row of await levelFactCounts(electionId, ballot, areaCode)) {
    const area = byArea.get(row.areaCode) ?? { levels: noLevels(), reported: 0 };
    byArea.set(row.areaCode, area);
    if (row.reported) area.reported += row.n;
    const level = verificationLevel(row);
    if (level) area.levels[level] += row.n;
  }
  return byArea;
}

const noCoverage = () => ({ levels: noLevels(), reported: 0 });

/** A contest's sums over its areas: the verified units and the form's totals, and each
 *  number's votes. */
async function contestSums(electionId: string, ballot: Ballot) {
  const [votes, totals, units, levels] = await Promise.all([
    db().voteTotal.groupBy({ by: ["number"], where: { electionId, ballot }, _sum: { votes: true } }),
    db().areaTotal.aggregate({
      where: { electionId, ballot },
      _sum: { unitsVerified: true, eligible: true, voters: true, invalid: true, voteNo: true },
    }),
    contestUnits(electionId, ballot),
    coverageByArea(electionId, ballot, "*"),
  ]);
  const t = totals._sum;
  const coverage = levels.get("*") ?? noCoverage();
  return {
    votes: new Map(votes.map((v) => [v.number, v._sum.votes ?? 0])),
    units,
    unitsReported: coverage.reported,
    unitsVerified: t.unitsVerified ?? 0,
    levels: coverage.levels,
    turnout: t.eligible ? (t.voters ?? 0) / t.eligible : null,
    invalid: t.invalid ?? 0,
    voteNo: t.voteNo ?? 0,
  };
}

/** The party list nationally (the election's party_list contest): votes, shares and the
 *  seat projection over the contest's seats. */
export async function nationalResults(electionId: string) {
  const contest = await contestOf(electionId, "party_list");
  const seatsInContest = contest?.seats ?? null;
  const [parties, sums, provinces, provincesCovered] = await Promise.all([
    db().party.findMany({ where: { electionId }, orderBy: { number: "asc" } }),
    contestSums(electionId, "party_list"),
    db().province.count(),
    provincesVerified(electionId, "party_list"),
  ]);
  const byNumber = sums.votes;
  const rows = parties.map((p) => ({
    number: p.number,
    nameTh: p.nameTh,
    nameEn: p.nameEn,
    colour: p.colour,
    votes: byNumber.get(p.number) ?? 0,
  }));
  const valid = rows.reduce((s, r) => s + r.votes, 0);
  const projection = seatProjection(rows, seatsInContest ?? 0, {
    units: sums.units,
    unitsVerified: sums.unitsVerified,
    provinces,
    provincesCovered,
  });
  const seats = projection.published ? projection.seats : null;
  return {
    units: sums.units,
    unitsReported: sums.unitsReported,
    unitsVerified: sums.unitsVerified,
    levels: sums.levels,
    turnout: sums.turnout,
    valid,
    invalid: sums.invalid,
    voteNo: sums.voteNo,
    seatsInContest,
    parties: rows
      .map((r) => ({ ...r, share: valid ? r.votes / valid : 0, seats: seats ? (seats.get(r.number) ?? 0) : null }))
      .sort((a, b) => b.votes - a.votes || a.number - b.number),
    seatProjection: {
      published: projection.published,
      tiedForLastSeats: projection.published ? projection.tiedForLastSeats : [],
      rests: projection.rests,
    },
  };
}

/** The projection, published only above the configured coverage (early reports are not a
 *  random sample: the first units in are the small and the near); always with what it
 *  rests on. */
function seatProjection(
  rows: { number: number; votes: number }[],
  seats: number,
  c: { units: number; unitsVerified: number; provinces: number; provincesCovered: number },
) {
  const config = getConfig();
  const minUnits = Math.ceil((config.SEAT_PROJECTION_MIN_UNITS_PERCENT / 100) * c.units);
  const minProvinces = Math.ceil((config.SEAT_PROJECTION_MIN_PROVINCES_PERCENT / 100) * c.provinces);
  // A contest without seats has no projection at all.
  const published =
    seats > 0 && c.unitsVerified > 0 && c.unitsVerified >= minUnits && c.provincesCovered >= minProvinces;
  return {
    published,
    ...projectSeatsExactly(rows, seats),
    rests: { ...c, minUnits, minProvinces },
  };
}

export async function constituencyResults(electionId: string, constituencyId: string) {
  const constituency = await db().constituency.findUnique({
    where: { id: constituencyId },
    include: { province: true },
  });
  if (!constituency) return null;
  const areaCode = constituencyId;
  const [candidates, votes, total, units, coverage] = await Promise.all([
    db().candidate.findMany({
      where: { electionId, ballot: "constituency", areaCode },
      include: { party: true },
      orderBy: { number: "asc" },
    }),
    db().voteTotal.findMany({ where: { electionId, ballot: "constituency", areaCode } }),
    db().areaTotal.findUnique({
      where: { electionId_ballot_areaCode: { electionId, ballot: "constituency", areaCode } },
    }),
    contestUnits(electionId, "constituency", areaCode),
    coverageByArea(electionId, "constituency", areaCode).then((c) => c.get(areaCode) ?? noCoverage()),
  ]);
  const byNumber = new Map(votes.map((v) => [v.number, v.votes]));
  const rows = candidates
    .map((c) => ({
      number: c.number,
      name: c.nameTh,
      partyTh: c.party?.nameTh ?? null,
      partyEn: c.party?.nameEn ?? null,
      colour: c.party?.colour ?? "#888888",
      votes: byNumber.get(c.number) ?? 0,
    }))
    .sort((a, b) => b.votes - a.votes || a.number - b.number);
  const outcome = constituencyOutcome(rows, total?.voteNo ?? 0);
  return {
    id: constituency.id,
    number: constituency.number,
    provinceTh: constituency.province.nameTh,
    provinceEn: constituency.province.nameEn,
    units,
    unitsReported: coverage.reported,
    unitsVerified: total?.unitsVerified ?? 0,
    levels: coverage.levels,
    turnout: total?.eligible ? total.voters / total.eligible : null,
    invalid: total?.invalid ?? 0,
    voteNo: total?.voteNo ?? 0,
    candidates: rows,
    leader: outcome.leader && {
      number: outcome.leader.number,
      name: outcome.leader.name,
      margin: outcome.leader.margin,
    },
    runnerUp: outcome.runnerUp && { number: outcome.runnerUp.number, name: outcome.runnerUp.name },
    tiedForFirst: outcome.tiedForFirst,
    voteNoWins: outcome.voteNoWins,
  };
}

/** The media's per-candidate CSV rows, each with its constituency's outcome (leader,
 *  runner-up, tie, the vote-no rule), invalid and vote-no, and the levels its verified
 *  figures rest on. */
export async function constituencyCsvRows(electionId: string) {
  const [rows, totals, levels] = await Promise.all([
    constituencyCandidateRows(electionId),
    db().areaTotal.findMany({ where: { electionId, ballot: "constituency" } }),
    coverageByArea(electionId, "constituency"),
  ]);
  const total = new Map(totals.map((t) => [t.areaCode, t]));
  const byConstituency = new Map<string, typeof rows>();
  for (const r of rows) byConstituency.set(r.constituency, [...(byConstituency.get(r.constituency) ?? []), r]);
  return [...byConstituency].flatMap(([id, candidates]) => {
    const t = total.get(id);
    const outcome = constituencyOutcome(candidates, t?.voteNo ?? 0);
    const { standing, result } = areaStandings("district", candidates, t?.voteNo ?? 0, 1);
    return candidates.map((c) => ({
      ...c,
      standing: standing(c.number),
      result,
      margin: outcome.leader?.margin ?? null,
      invalid: t?.invalid ?? 0,
      voteNo: t?.voteNo ?? 0,
      levels: levels.get(id)?.levels ?? noLevels(),
    }));
  });
}

export async function constituencyOverview(electionId: string) {
  const [constituencies, totals, leaders, areas] = await Promise.all([
    db().constituency.findMany({ orderBy: [{ provinceCode: "asc" }, { number: "asc" }], include: { province: true } }),
    db().areaTotal.findMany({ where: { electionId, ballot: "constituency" } }),
    areaLeaders(electionId, "constituency"),
    db().contestArea.findMany({ where: { electionId, ballot: "constituency" }, select: { code: true } }),
  ]);
  const verified = new Map(totals.map((t) => [t.areaCode, t.unitsVerified]));
  const lead = new Map(leaders.map((l) => [l.areaCode, l]));
  // The election's constituencies: a by-election lists only its own.
  const inElection = new Set(areas.map((a) => a.code));
  const units = await unitsPerArea(electionId, "constituency");
  return constituencies
    .filter((c) => inElection.has(c.id))
    .map((c) => ({
      id: c.id,
      number: c.number,
      provinceTh: c.province.nameTh,
      provinceEn: c.province.nameEn,
      units: units(c.id),
      unitsVerified: verified.get(c.id) ?? 0,
      leaderNumber: lead.get(c.id)?.number ?? null,
    }));
}

/** A polling unit or a counting centre (null: no such unit). */
export async function unitKind(code: string) {
  return (await db().pollingUnit.findUnique({ where: { code }, select: { kind: true } }))?.kind ?? null;
}

export async function unitResults(electionId: string, unitCode: string) {
  const results = await db().unitResult.findMany({ where: { electionId, unitCode } });
  const entries = await db().tallyEntry.findMany({
    where: { id: { in: results.flatMap((r) => (r.verifiedEntryId ? [r.verifiedEntryId] : [])) } },
  });
  const photos = await db().tallyPhoto.findMany({
    where: { unitCode },
    orderBy: { createdAt: "asc" },
    select: { id: true, ballot: true, kind: true, sha256: true },
  });
  const contests = await electionContests(electionId);
  const here = new Set(
    (await db().areaUnit.findMany({ where: { electionId, unitCode }, select: { ballot: true } })).map((a) => a.ballot),
  );
  return contests
    .filter((c) => here.has(c.key))
    .map(({ key: ballot, nameTh, nameEn }) => {
      const r = results.find((x) => x.ballot === ballot);
      const e = entries.find((x) => x.id === r?.verifiedEntryId);
      return {
        ballot,
        nameTh,
        nameEn,
        status: r?.status ?? "none",
        level: r ? verificationLevel(r) : null,
        figures: e
          ? {
              ...(Object.fromEntries(FIGURES.map((k) => [k, e[k]])) as Record<Figure, number | null>),
              votes: e.votes as Record<string, number>,
            }
          : null,
        // The rest of the form as written, and what it was flagged for.
        form: e
          ? {
              remarks: e.remarks,
              countStartedAt: e.countStartedAt,
              countEndedAt: e.countEndedAt,
              formPosted: e.formPosted,
              flags: e.flags,
            }
          : null,
        // Photos are published with a verified or decided result (photos.server.ts's rule).
        photos: r?.status === "verified" ? photos.filter((p) => p.ballot === ballot) : [],
      };
    });
}

/** Any contest's result over all its areas, by its kind's rule: an area-wide seat's
 *  leader (the vote-no rule too), the party list's seats over the contest's seats, a
 *  question's options with their shares; a contest decided per area has its areas'
 *  results instead (areaResults). Null for a contest the election does not have. */
export async function contestResults(electionId: string, ballot: Ballot) {
  const contest = await contestOf(electionId, ballot);
  if (!contest) return null;
  const rules = KIND_RULES[contest.kind];
  const [sums, choices] = await Promise.all([
    contestSums(electionId, ballot),
    contestChoices(electionId, ballot, CONTEST_WIDE),
  ]);
  const rows = choices.map((c) => ({ ...c, votes: sums.votes.get(c.number) ?? 0 }));
  const valid = rows.reduce((s, r) => s + r.votes, 0);
  const ranked = rows
    .map((r) => ({ ...r, share: valid ? r.votes / valid : 0 }))
    .sort((a, b) => b.votes - a.votes || a.number - b.number);
  // An area-wide seat's leader (the vote-no rule too); a question's leading option (its
  // ballot has no vote-no box: abstaining is one of its options).
  const outcome =
    contest.kind === "area_wide" || contest.kind === "referendum"
      ? constituencyOutcome(
          ranked.map((r) => ({ ...r, name: r.nameTh })),
          rules.voteNo ? sums.voteNo : 0,
        )
      : null;
  const seats = contest.kind === "party_list" && contest.seats ? projectSeatsExactly(rows, contest.seats) : null;
  return {
    contest: {
      key: contest.key,
      kind: contest.kind,
      nameTh: contest.nameTh,
      nameEn: contest.nameEn,
      seats: contest.seats,
    },
    decidedIn: rules.decidedIn,
    ...sums,
    valid,
    choices: ranked.map((r) => ({ ...r, seats: seats ? (seats.seats.get(r.number) ?? 0) : null })),
    leader: outcome?.leader ? { number: outcome.leader.number, margin: outcome.leader.margin } : null,
    tiedForFirst: outcome?.tiedForFirst ?? [],
    voteNoWins: outcome?.voteNoWins ?? false,
    tiedForLastSeats: seats?.tiedForLastSeats ?? [],
  };
}

/** One area of a contest: its figures, its choices' votes and — where the kind decides
 *  per area — who is elected there: a district's one seat (ties, the vote-no rule), a
 *  multi-member area's top k (a tie at the cut-off named). Null for an unknown area. */
export async function areaResults(electionId: string, ballot: Ballot, areaCode: string) {
  const [contest, area] = await Promise.all([
    contestOf(electionId, ballot),
    db().contestArea.findUnique({ where: { electionId_ballot_code: { electionId, ballot, code: areaCode } } }),
  ]);
  if (!contest || !area) return null;
  const rules = KIND_RULES[contest.kind];
  const [choices, votes, total, units, coverage] = await Promise.all([
    contestChoices(electionId, ballot, rules.decidedIn === "area" ? areaCode : CONTEST_WIDE),
    db().voteTotal.findMany({ where: { electionId, ballot, areaCode } }),
    db().areaTotal.findUnique({ where: { electionId_ballot_areaCode: { electionId, ballot, areaCode } } }),
    contestUnits(electionId, ballot, areaCode),
    coverageByArea(electionId, ballot, areaCode).then((c) => c.get(areaCode) ?? noCoverage()),
  ]);
  const byNumber = new Map(votes.map((v) => [v.number, v.votes]));
  const rows = choices
    .map((c) => ({ ...c, votes: byNumber.get(c.number) ?? 0 }))
    .sort((a, b) => b.votes - a.votes || a.number - b.number);
  const voteNo = total?.voteNo ?? 0;
  const named = rows.map((r) => ({ ...r, name: r.nameTh }));
  const district = contest.kind === "district" ? constituencyOutcome(named, voteNo) : null;
  const top = contest.kind === "multi_member" ? topOutcome(named, area.seats) : null;
  return {
    contest: { key: contest.key, kind: contest.kind, nameTh: contest.nameTh, nameEn: contest.nameEn },
    area: { code: area.code, nameTh: area.nameTh, nameEn: area.nameEn, seats: area.seats },
    units,
    unitsReported: coverage.reported,
    unitsVerified: total?.unitsVerified ?? 0,
    levels: coverage.levels,
    turnout: total?.eligible ? total.voters / total.eligible : null,
    invalid: total?.invalid ?? 0,
    voteNo,
    choices: rows,
    elected: district?.leader ? [district.leader.number] : (top?.elected ?? []),
    tiedForFirst: district?.tiedForFirst ?? [],
    tiedForLastSeats: top?.tiedForLastSeats ?? [],
    voteNoWins: district?.voteNoWins ?? false,
  };
}

/** What can receive votes in a contest (in one area, or "*": contest-wide): the parties on
 *  a party list, else the candidates or options. */
export async function contestChoices(electionId: string, ballot: Ballot, areaCode: string) {
  const contest = await contestOf(electionId, ballot);
  if (contest && KIND_RULES[contest.kind].choices === "parties") {
    const parties = await db().party.findMany({ where: { electionId }, orderBy: { number: "asc" } });
    return parties.map((p) => ({ number: p.number, nameTh: p.nameTh, nameEn: p.nameEn, colour: p.colour }));
  }
  const candidates = await db().candidate.findMany({
    where: { electionId, ballot, areaCode },
    include: { party: true },
    orderBy: { number: "asc" },
  });
  return candidates.map((c) => ({
    number: c.number,
    nameTh: c.nameTh,
    nameEn: c.nameEn ?? c.nameTh,
    colour: c.party?.colour ?? "#888888",
  }));
}

/** Each area of a contest with its coverage and its leading number (verified votes). */
export async function contestAreasOverview(electionId: string, ballot: Ballot) {
  const [areas, totals, leaders, units] = await Promise.all([
    db().contestArea.findMany({ where: { electionId, ballot }, orderBy: { code: "asc" } }),
    db().areaTotal.findMany({ where: { electionId, ballot } }),
    areaLeaders(electionId, ballot),
    unitsPerArea(electionId, ballot),
  ]);
  const verified = new Map(totals.map((t) => [t.areaCode, t.unitsVerified]));
  const lead = new Map(leaders.map((l) => [l.areaCode, l.number]));
  return areas.map((a) => ({
    code: a.code,
    nameTh: a.nameTh,
    nameEn: a.nameEn,
    seats: a.seats,
    units: units(a.code),
    unitsVerified: verified.get(a.code) ?? 0,
    leaderNumber: lead.get(a.code) ?? null,
  }));
}

/** One row of a contest's CSV: a choice in an area (or, under area "*", in the whole
 *  contest where the winners are decided over it), with the outcome there by the kind's
 *  rule and the coverage it rests on. */
export interface ContestCsvRow {
  area: string;
  areaName: string;
  areaSeats: number | null;
  number: number;
  name: string;
  party: string;
  votes: number;
  share: number;
  /** leader | runner_up | tied_for_first | elected | tied_for_last_seat | "" */
  standing: string;
  /** Where decided here: leader | tie | vote_no_wins | elected | none; else "". */
  result: string;
  seats: number | null;
  invalid: number;
  voteNo: number;
  levels: LevelCounts;
  units: number;
}

/** Any contest as CSV rows (routes/api.v1.results.contests.$ballot.ts): each area's
 *  choices with their verified votes, and the whole contest's under area "*" where the
 *  winners are decided over it (an area-wide seat, a party list) or nowhere (a question).
 *  Null for a contest the election does not have. */
export async function contestCsvRows(electionId: string, ballot: Ballot): Promise<ContestCsvRow[] | null> {
  const contest = await contestOf(electionId, ballot);
  if (!contest) return null;
  const rules = KIND_RULES[contest.kind];
  const [areas, totals, votes, coverage, units, candidates, parties, whole] = await Promise.all([
    db().contestArea.findMany({ where: { electionId, ballot }, orderBy: { code: "asc" } }),
    db().areaTotal.findMany({ where: { electionId, ballot } }),
    db().voteTotal.findMany({ where: { electionId, ballot } }),
    coverageByArea(electionId, ballot),
    unitsPerArea(electionId, ballot),
    db().candidate.findMany({ where: { electionId, ballot }, include: { party: true }, orderBy: { number: "asc" } }),
    rules.choices === "parties"
      ? db().party.findMany({ where: { electionId }, orderBy: { number: "asc" } })
      : Promise.resolve([]),
    rules.decidedIn === "area" ? Promise.resolve(null) : contestResults(electionId, ballot),
  ]);
  type Choice = { number: number; name: string; party: string };
  const choicesIn = new Map<string, Choice[]>();
  for (const c of candidates)
    choicesIn.set(c.areaCode, [
      ...(choicesIn.get(c.areaCode) ?? []),
      { number: c.number, name: c.nameTh, party: c.party?.nameTh ?? "" },
    ]);
  const partyChoices = parties.map((p) => ({ number: p.number, name: p.nameTh, party: p.nameTh }));
  const choicesOf = (area: string) =>
    rules.choices === "parties"
      ? partyChoices
      : (choicesIn.get(rules.decidedIn === "area" ? area : CONTEST_WIDE) ?? []);
  const total = new Map(totals.map((t) => [t.areaCode, t]));
  const areaVotes = new Map(votes.map((v) => [`${v.areaCode}|${v.number}`, v.votes]));

  const rows: ContestCsvRow[] = [];
  for (const a of areas) {
    const t = total.get(a.code);
    const voteNo = t?.voteNo ?? 0;
    const ranked = choicesOf(a.code)
      .map((c) => ({ ...c, votes: areaVotes.get(`${a.code}|${c.number}`) ?? 0 }))
      .sort((x, y) => y.votes - x.votes || x.number - y.number);
    const valid = ranked.reduce((s, r) => s + r.votes, 0);
    const decided = areaStandings(contest.kind, ranked, voteNo, a.seats);
    for (const c of ranked)
      rows.push({
        area: a.code,
        areaName: a.nameTh,
        areaSeats: a.seats,
        number: c.number,
        name: c.name,
        party: c.party,
        votes: c.votes,
        share: valid ? c.votes / valid : 0,
        standing: decided.standing(c.number),
        result: decided.result,
        seats: null,
        invalid: t?.invalid ?? 0,
        voteNo,
        levels: coverage.get(a.code)?.levels ?? noLevels(),
        units: units(a.code),
      });
  }
  if (whole) {
    const tied = new Set([...whole.tiedForFirst, ...whole.tiedForLastSeats]);
    const result =
      contest.kind !== "area_wide"
        ? ""
        : whole.voteNoWins
          ? "vote_no_wins"
          : whole.tiedForFirst.length
            ? "tie"
            : whole.leader
              ? "leader"
              : "none";
    const byNumber = new Map(choicesOf(CONTEST_WIDE).map((c) => [c.number, c]));
    for (const c of whole.choices)
      rows.push({
        area: CONTEST_WIDE,
        areaName: contest.nameTh,
        areaSeats: contest.seats,
        number: c.number,
        name: c.nameTh,
        party: byNumber.get(c.number)?.party ?? "",
        votes: c.votes,
        share: c.share,
        standing:
          whole.leader?.number === c.number
            ? "leader"
            : tied.has(c.number)
              ? whole.tiedForFirst.includes(c.number)
                ? "tied_for_first"
                : "tied_for_last_seat"
              : "",
        result,
        seats: c.seats,
        invalid: whole.invalid,
        voteNo: whole.voteNo,
        levels: whole.levels,
        units: whole.units,
      });
  }
  return rows;
}

/** Who stands where in one area, by the kind's rule: a district's leader (ties, the
 *  vote-no rule), a multi-member area's elected; nothing where the area decides nothing. */
function areaStandings(
  kind: ContestKind,
  ranked: { number: number; name: string; votes: number }[],
  voteNo: number,
  seats: number,
): { standing: (n: number) => string; result: string } {
  if (kind === "district") {
    const o = constituencyOutcome(ranked, voteNo);
    return {
      standing: (n) =>
        o.tiedForFirst.includes(n)
          ? "tied_for_first"
          : o.leader?.number === n
            ? "leader"
            : o.runnerUp?.number === n
              ? "runner_up"
              : "",
      result: o.voteNoWins ? "vote_no_wins" : o.tiedForFirst.length ? "tie" : o.leader ? "leader" : "none",
    };
  }
  if (kind === "multi_member") {
    const o = topOutcome(ranked, seats);
    return {
      standing: (n) => (o.elected.includes(n) ? "elected" : o.tiedForLastSeats.includes(n) ? "tied_for_last_seat" : ""),
      result: o.tiedForLastSeats.length ? "tie" : o.elected.length ? "elected" : "none",
    };
  }
  return { standing: () => "", result: "" };
}
