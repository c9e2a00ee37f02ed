// Results from verified units only, read from the running totals. Every figure comes
// with the coverage it rests on (units verified of all units).
import { db } from "../db/db.server.ts";
import { projectSeatsExactly } from "./seats.ts";
import { constituencyOutcome } from "./outcome.ts";
import { getConfig } from "../config/config.server.ts";
import { FIGURES, type Ballot, type Figure } from "../tally/tally-rules.ts";
import {
  constituencyCandidateRows,
  constituencyLeaders,
  levelFactCounts,
  provincesVerified,
  unitsReported,
} from "./results.sql.server.ts";
import { LEVELS, verificationLevel, type VerificationLevel } from "../tally/verification.ts";

export type LevelCounts = Record<VerificationLevel, number>;
const noLevels = (): LevelCounts => Object.fromEntries(LEVELS.map((l) => [l, 0])) as LevelCounts;

/** Unit ballots at each verification level, per constituency (or in one; "*": the whole
 *  country under "*"), said the same way as on each unit's page (verificationLevel). */
export async function levelsByConstituency(electionId: string, ballot: Ballot, constituencyId: string | null = null) {
  const byConstituency = new Map<string, LevelCounts>();
  for (const row of await levelFactCounts(electionId, ballot, constituencyId)) {
    const level = verificationLevel(row);
    if (!level) continue;
    const counts = byConstituency.get(row.constituencyId) ?? noLevels();
    counts[level] += row.n;
    byConstituency.set(row.constituencyId, counts);
  }
  return byConstituency;
}

/** The levels summed over constituencies. */
export function sumLevels(counts: Iterable<LevelCounts>): LevelCounts {
  const sum = noLevels();
  for (const c of counts) for (const l of LEVELS) sum[l] += c[l];
  return sum;
}

export async function nationalResults(electionId: string) {
  const [parties, votes, totals, units, reported, provinces, provincesCovered, levels] = await Promise.all([
    db().party.findMany({ where: { electionId }, orderBy: { number: "asc" } }),
    db().voteTotal.groupBy({ by: ["number"], where: { electionId, ballot: "party_list" }, _sum: { votes: true } }),
    db().constituencyTotal.aggregate({
      where: { electionId, ballot: "party_list" },
      _sum: { unitsVerified: true, eligible: true, voters: true, invalid: true, voteNo: true },
    }),
    db().pollingUnit.count(),
    unitsReported(electionId, "party_list"),
    db().province.count(),
    provincesVerified(electionId, "party_list"),
    levelsByConstituency(electionId, "party_list", "*"),
  ]);
  const byNumber = new Map(votes.map((v) => [v.number, v._sum.votes ?? 0]));
  const rows = parties.map((p) => ({
    number: p.number,
    nameTh: p.nameTh,
    nameEn: p.nameEn,
    colour: p.colour,
    votes: byNumber.get(p.number) ?? 0,
  }));
  const valid = rows.reduce((s, r) => s + r.votes, 0);
  const t = totals._sum;
  const projection = seatProjection(rows, {
    units,
    unitsVerified: t.unitsVerified ?? 0,
    provinces,
    provincesCovered,
  });
  const seats = projection.published ? projection.seats : null;
  return {
    units,
    unitsReported: reported,
    unitsVerified: t.unitsVerified ?? 0,
    levels: sumLevels(levels.values()),
    turnout: t.eligible ? (t.voters ?? 0) / t.eligible : null,
    valid,
    invalid: t.invalid ?? 0,
    voteNo: t.voteNo ?? 0,
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
  c: { units: number; unitsVerified: number; provinces: number; provincesCovered: number },
) {
  const config = getConfig();
  const minUnits = Math.ceil((config.SEAT_PROJECTION_MIN_UNITS_PERCENT / 100) * c.units);
  const minProvinces = Math.ceil((config.SEAT_PROJECTION_MIN_PROVINCES_PERCENT / 100) * c.provinces);
  const published = c.unitsVerified > 0 && c.unitsVerified >= minUnits && c.provincesCovered >= minProvinces;
  return {
    published,
    ...projectSeatsExactly(rows),
    rests: { ...c, minUnits, minProvinces },
  };
}

export async function constituencyResults(electionId: string, constituencyId: string) {
  const constituency = await db().constituency.findUnique({
    where: { id: constituencyId },
    include: { province: true },
  });
  if (!constituency) return null;
  const [candidates, votes, total, units, reported, levels] = await Promise.all([
    db().candidate.findMany({
      where: { electionId, constituencyId },
      include: { party: true },
      orderBy: { number: "asc" },
    }),
    db().voteTotal.findMany({ where: { electionId, ballot: "constituency", constituencyId } }),
    db().constituencyTotal.findUnique({
      where: { electionId_ballot_constituencyId: { electionId, ballot: "constituency", constituencyId } },
    }),
    db().pollingUnit.count({ where: { constituencyId } }),
    unitsReported(electionId, "constituency", constituencyId),
    levelsByConstituency(electionId, "constituency", constituencyId),
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
    unitsReported: reported,
    unitsVerified: total?.unitsVerified ?? 0,
    levels: levels.get(constituencyId) ?? noLevels(),
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
    db().constituencyTotal.findMany({ where: { electionId, ballot: "constituency" } }),
    levelsByConstituency(electionId, "constituency"),
  ]);
  const total = new Map(totals.map((t) => [t.constituencyId, t]));
  const byConstituency = new Map<string, typeof rows>();
  for (const r of rows) byConstituency.set(r.constituency, [...(byConstituency.get(r.constituency) ?? []), r]);
  return [...byConstituency].flatMap(([id, candidates]) => {
    const t = total.get(id);
    const outcome = constituencyOutcome(candidates, t?.voteNo ?? 0);
    const standing = (number: number) =>
      outcome.tiedForFirst.includes(number)
        ? "tied_for_first"
        : outcome.leader?.number === number
          ? "leader"
          : outcome.runnerUp?.number === number
            ? "runner_up"
            : "";
    const result = outcome.voteNoWins
      ? "vote_no_wins"
      : outcome.tiedForFirst.length
        ? "tie"
        : outcome.leader
          ? "leader"
          : "none";
    return candidates.map((c) => ({
      ...c,
      standing: standing(c.number),
      result,
      margin: outcome.leader?.margin ?? null,
      invalid: t?.invalid ?? 0,
      voteNo: t?.voteNo ?? 0,
      levels: levels.get(id) ?? noLevels(),
    }));
  });
}

export async function constituencyOverview(electionId: string) {
  const [constituencies, totals, leaders, units] = await Promise.all([
    db().constituency.findMany({ orderBy: [{ provinceCode: "asc" }, { number: "asc" }], include: { province: true } }),
    db().constituencyTotal.findMany({ where: { electionId, ballot: "constituency" } }),
    constituencyLeaders(electionId),
    db().pollingUnit.groupBy({ by: ["constituencyId"], _count: true }),
  ]);
  const verified = new Map(totals.map((t) => [t.constituencyId, t.unitsVerified]));
  const lead = new Map(leaders.map((l) => [l.constituencyId, l]));
  const count = new Map(units.map((u) => [u.constituencyId, u._count]));
  return constituencies.map((c) => ({
    id: c.id,
    number: c.number,
    provinceTh: c.province.nameTh,
    provinceEn: c.province.nameEn,
    units: count.get(c.id) ?? 0,
    unitsVerified: verified.get(c.id) ?? 0,
    leaderNumber: lead.get(c.id)?.number ?? null,
  }));
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
  return (["constituency", "party_list"] as Ballot[]).map((ballot) => {
    const r = results.find((x) => x.ballot === ballot);
    const e = entries.find((x) => x.id === r?.verifiedEntryId);
    return {
      ballot,
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
