// The hex map of a contest decided per area (issue 38): each area's hex coloured by its
// leading candidate's party on verified figures, shaded by the share of its units verified,
// or — where nothing is verified yet — outlined in the colour of the realtime count's
// provisional leader. The layout comes from the committed HexJSON (hexmap/).
import { db } from "../db/db.server.ts";
import { cached } from "../db/cache.server.ts";
import { contestOf } from "../elections/contests.server.ts";
import { KIND_RULES } from "../elections/contest-kinds.ts";
import { provisionalContest } from "../live/provisional.server.ts";
import { PROVINCES } from "../geography/provinces.ts";
import { contestAreasOverview } from "./results.server.ts";
import { hexCentre, type HexJson } from "./hexmap/layout.ts";
import constituencyLayout from "./hexmap/constituencies.hex.json";
import bangkokLayout from "./hexmap/bangkok-districts.hex.json";

const LAYOUTS = {
  constituencies: constituencyLayout as HexJson,
  "bangkok-districts": bangkokLayout as HexJson,
};

export interface MapArea {
  code: string;
  name: string;
  /** The province (its code) the area is in. */
  group: string;
  x: number;
  y: number;
  units: number;
  verified: number;
  leader: { number: number; colour: string; party: string } | null;
  /** The realtime count's leader where units are counting live. */
  provisional: { number: number; colour: string; party: string } | null;
}

/** Every candidate's party colour and name, by area and number (they do not change on the night). */
function candidateParties(electionId: string, ballot: string) {
  return cached(`map:parties:${electionId}:${ballot}`, 60_000, async () => {
    const rows = await db().candidate.findMany({
      where: { electionId, ballot },
      select: { areaCode: true, number: true, party: { select: { colour: true, nameTh: true, nameEn: true } } },
    });
    return new Map(rows.map((r) => [`${r.areaCode}|${r.number}`, r.party]));
  });
}

/** The map of a contest decided per area, in `locale`'s names; null when the contest is
 *  not decided per area or its areas are not on a committed layout. */
export async function contestMap(electionId: string, ballot: string, locale: "th" | "en") {
  const contest = await contestOf(electionId, ballot);
  if (!contest || KIND_RULES[contest.kind].decidedIn !== "area") return null;
  const [areas, parties, live] = await Promise.all([
    contestAreasOverview(electionId, ballot),
    candidateParties(electionId, ballot),
    provisionalContest(electionId, ballot),
  ]);
  const layoutName = (Object.keys(LAYOUTS) as (keyof typeof LAYOUTS)[]).find((name) =>
    areas.every((a) => a.code in LAYOUTS[name].hexes),
  );
  if (!layoutName || !areas.length) return null;
  const hexes = LAYOUTS[layoutName].hexes;
  const liveLeader = new Map((live?.areas ?? []).map((a) => [a.code, a.leader]));
  const leaderOf = (code: string, number: number | null | undefined) => {
    if (number == null) return null;
    const party = parties.get(`${code}|${number}`);
    return {
      number,
      colour: party?.colour ?? "#888888",
      party: (locale === "th" ? party?.nameTh : party?.nameEn) ?? "—",
    };
  };
  const provinceName = new Map(PROVINCES.map((p) => [p.code, locale === "th" ? p.nameTh : p.nameEn]));
  const mapped: MapArea[] = areas.map((a) => {
    const hex = hexes[a.code]!;
    const { x, y } = hexCentre(hex.q, hex.r);
    return {
      code: a.code,
      name: locale === "th" ? a.nameTh : a.nameEn,
      group: hex.group,
      x: Math.round(x * 100) / 100,
      y: Math.round(y * 100) / 100,
      units: a.units,
      verified: a.unitsVerified,
      leader: leaderOf(a.code, a.leaderNumber),
      provisional: leaderOf(a.code, liveLeader.get(a.code)?.number),
    };
  });
  // The layout's other areas (a by-election's, or a slice's), drawn blank around them.
  const context = Object.entries(hexes)
    .filter(([code]) => !mapped.some((a) => a.code === code))
    .map(([, hex]) => {
      const { x, y } = hexCentre(hex.q, hex.r);
      return [Math.round(x * 100) / 100, Math.round(y * 100) / 100, hex.group] as const;
    });
  const groups = [...new Set(mapped.map((a) => a.group))].map((code) => ({
    code,
    name: provinceName.get(code) ?? code,
  }));
  return {
    layout: layoutName,
    ballot,
    contestTh: contest.nameTh,
    contestEn: contest.nameEn,
    areaLink: ballot === "constituency" ? "c" : "a",
    areas: mapped,
    context,
    groups,
  };
}
export type ContestMap = NonNullable<Awaited<ReturnType<typeof contestMap>>>;
