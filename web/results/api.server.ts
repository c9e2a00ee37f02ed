// The JSON the feed and the public pages share, so both always say the same.
import { currentElection } from "../elections/elections.server.ts";
import {
  areaResults,
  constituencyCsvRows,
  constituencyOverview,
  constituencyResults,
  contestAreasOverview,
  contestCsvRows,
  contestResults,
  nationalResults,
  unitKind,
  unitResults,
} from "./results.server.ts";
import { lastChangeSeq } from "./results.sql.server.ts";
import { electionContests } from "../elections/contests.server.ts";
import { csvText } from "../csv/write.ts";
import { FIGURES } from "../tally/tally-rules.ts";
import { SNAPSHOT_PAGE_MAX, unitSnapshot } from "./feed.server.ts";
import type { LevelCounts } from "./results.server.ts";

/** Every reader below takes the election's slug (null: the current election). */
type Slug = string | null;

export async function nationalJson(slug: Slug = null) {
  const election = await currentElection(slug);
  const asOfChange = await lastChangeSeq(election.id);
  const n = await nationalResults(election.id);
  return {
    asOfChange,
    election: {
      slug: election.slug,
      nameTh: election.nameTh,
      nameEn: election.nameEn,
      date: election.date.toISOString().slice(0, 10),
    },
    coverage: {
      units: n.units,
      reported: n.unitsReported,
      verified: n.unitsVerified,
      verifiedShare: n.units ? n.unitsVerified / n.units : 0,
      // Party-list unit ballots at each verification level (verified, decided, reported, flagged, disputed).
      levels: n.levels,
    },
    turnout: n.turnout,
    partyList: {
      valid: n.valid,
      invalid: n.invalid,
      voteNo: n.voteNo,
      parties: n.parties,
      seats: n.seatsInContest,
      seatsProjected: n.seatProjection.published ? n.seatsInContest : null,
      seatProjection: n.seatProjection,
      seatsNote:
        "largest remainder on verified units only, published above the coverage in seatProjection.rests; early reports are not a random sample",
    },
  };
}

export async function constituencyJson(id: string, slug: Slug = null) {
  const election = await currentElection(slug);
  const asOfChange = await lastChangeSeq(election.id);
  const c = await constituencyResults(election.id, id);
  return (
    c && {
      election: election.slug,
      asOfChange,
      ...c,
      coverage: { units: c.units, reported: c.unitsReported, verified: c.unitsVerified, levels: c.levels },
    }
  );
}

export async function constituenciesJson(slug: Slug = null) {
  const election = await currentElection(slug);
  const asOfChange = await lastChangeSeq(election.id);
  return { election: election.slug, asOfChange, constituencies: await constituencyOverview(election.id) };
}

export async function unitJson(code: string, slug: Slug = null) {
  const election = await currentElection(slug);
  const asOfChange = await lastChangeSeq(election.id);
  const [kind, ballots] = await Promise.all([unitKind(code), unitResults(election.id, code)]);
  return { election: election.slug, asOfChange, unit: code, kind, ballots };
}

/** The election and its contests (key, kind, names, seats): what the per-contest reads take. */
export async function electionJson(slug: Slug = null) {
  const election = await currentElection(slug);
  const contests = await electionContests(election.id);
  return {
    election: {
      slug: election.slug,
      nameTh: election.nameTh,
      nameEn: election.nameEn,
      date: election.date.toISOString().slice(0, 10),
    },
    contests: contests.map(({ key, kind, nameTh, nameEn, seats }) => ({ key, kind, nameTh, nameEn, seats })),
  };
}

/** One contest over all its areas (its kind's result) with each area's coverage and
 *  leader; null for a contest the election does not have. */
export async function contestJson(ballot: string, slug: Slug = null) {
  const election = await currentElection(slug);
  const asOfChange = await lastChangeSeq(election.id);
  const [c, areas] = await Promise.all([
    contestResults(election.id, ballot),
    contestAreasOverview(election.id, ballot),
  ]);
  if (!c) return null;
  const { votes: _votes, ...rest } = c;
  return {
    election: election.slug,
    asOfChange,
    ...rest,
    coverage: { units: c.units, reported: c.unitsReported, verified: c.unitsVerified, levels: c.levels },
    areas,
  };
}

/** One area of a contest; null for an unknown contest or area. */
export async function areaJson(ballot: string, areaCode: string, slug: Slug = null) {
  const election = await currentElection(slug);
  const asOfChange = await lastChangeSeq(election.id);
  const a = await areaResults(election.id, ballot, areaCode);
  return (
    a && {
      election: election.slug,
      asOfChange,
      ...a,
      coverage: { units: a.units, reported: a.unitsReported, verified: a.unitsVerified, levels: a.levels },
    }
  );
}

export { constituencyCsvRows, lastChangeSeq };

/** Both CSVs end with the coverage a row rests on: units at each level, all units, and
 *  the feed's change the file reflects. */
const COVERAGE_COLUMNS = [
  "units_verified",
  "units_decided",
  "units_reported",
  "units_flagged",
  "units_disputed",
  "units_silent",
  "units",
  "as_of_change",
] as const;

/** The cells of COVERAGE_COLUMNS. */
export function coverageCells(levels: LevelCounts, units: number, asOfChange: number) {
  return [
    levels.verified,
    levels.decided,
    levels.reported,
    levels.flagged,
    levels.disputed,
    levels.silent,
    units,
    asOfChange,
  ];
}

/** The media CSV's columns (routes/api.v1.results.constituencies[.csv].ts). */
export const CSV_COLUMNS = [
  "province",
  "constituency",
  "candidate_no",
  "candidate_name",
  "party",
  "votes",
  "standing",
  "result",
  "margin",
  "invalid",
  "vote_no",
  ...COVERAGE_COLUMNS,
] as const;

/** A contest's CSV's columns (routes/api.v1.results.contests.$ballot.ts): area "*" is
 *  the whole contest, where its winners are decided over it. */
export const CONTEST_CSV_COLUMNS = [
  "contest",
  "contest_kind",
  "area",
  "area_name",
  "area_seats",
  "choice_no",
  "choice_name",
  "party",
  "votes",
  "share",
  "standing",
  "result",
  "seats",
  "invalid",
  "vote_no",
  ...COVERAGE_COLUMNS,
] as const;

/** Any contest of the election as CSV (UTF-8 with a BOM, for Excel); null for a contest
 *  the election does not have. */
export async function contestCsv(ballot: string, slug: Slug = null) {
  const election = await currentElection(slug);
  const asOfChange = await lastChangeSeq(election.id);
  const [contest, rows] = await Promise.all([
    electionContests(election.id).then((all) => all.find((c) => c.key === ballot)),
    contestCsvRows(election.id, ballot),
  ]);
  if (!contest || !rows) return null;
  return (
    "\uFEFF" +
    csvText([
      [...CONTEST_CSV_COLUMNS],
      ...rows.map((r) => [
        contest.key,
        contest.kind,
        r.area,
        r.areaName,
        r.areaSeats ?? "",
        r.number,
        r.name,
        r.party,
        r.votes,
        r.share.toFixed(6),
        r.standing,
        r.result,
        r.seats ?? "",
        r.invalid,
        r.voteNo,
        ...coverageCells(r.levels, r.units, asOfChange),
      ]),
    ])
  );
}

/** The unit snapshot's CSV columns (routes/api.v1.results.snapshot[.csv].ts). */
export const SNAPSHOT_CSV_COLUMNS = ["unit", "ballot", "seq", "kind", "status", "level", ...FIGURES, "votes"] as const;

/** One page of the unit snapshot as of a change (feed.server.ts, unitSnapshot). */
export async function snapshotJson(query: { asOf?: number; after?: string | null; take?: number }, slug: Slug = null) {
  const election = await currentElection(slug);
  return { election: election.slug, ...(await unitSnapshot(election.id, query)) };
}

/** The whole unit snapshot as of a change as CSV (every page, streamed into one file):
 *  votes as `number:votes` joined by `;`. */
export async function snapshotCsv(asOf: number | undefined, slug: Slug = null) {
  const election = await currentElection(slug);
  const rows: (string | number)[][] = [[...SNAPSHOT_CSV_COLUMNS]];
  let page = await unitSnapshot(election.id, { asOf, take: SNAPSHOT_PAGE_MAX });
  for (;;) {
    for (const u of page.units)
      rows.push([
        u.unit,
        u.ballot,
        u.seq,
        u.kind,
        u.status,
        u.level,
        ...FIGURES.map((f) => u.figures?.[f] ?? ""),
        Object.entries(u.figures?.votes ?? {})
          .map(([n, v]) => `${n}:${v}`)
          .join(";"),
      ]);
    if (!page.next) break;
    page = await unitSnapshot(election.id, { asOf: page.asOfChange, after: page.next, take: SNAPSHOT_PAGE_MAX });
  }
  return "\uFEFF" + csvText(rows);
}
