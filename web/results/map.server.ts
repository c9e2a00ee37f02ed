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
  const placed = placeAreas(
    areas.map((a) => a.code),
    locale,
  );
  if (!placed) return null;
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
  const mapped: MapArea[] = areas.map((a, i) => ({
    ...placed.areas[i]!,
    name: locale === "th" ? a.nameTh : a.nameEn,
    units: a.units,
    verified: a.unitsVerified,
    leader: leaderOf(a.code, a.leaderNumber),
    provisional: leaderOf(a.code, liveLeader.get(a.code)?.number),
  }));
  const { layout: layoutName, context, groups } = placed;
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

/** Areas placed on the committed layout that holds them all (null when none does): each
 *  area's centre and province, the layout's other hexes as blank context (only those of
 *  the areas' provinces with `contextOf: "provinces"`), and the provinces in `locale`. */
export function placeAreas(codes: string[], locale: "th" | "en", contextOf: "all" | "provinces" = "all") {
  const layout = (Object.keys(LAYOUTS) as (keyof typeof LAYOUTS)[]).find((name) =>
    codes.every((code) => code in LAYOUTS[name].hexes),
  );
  if (!layout || !codes.length) return null;
  const hexes = LAYOUTS[layout].hexes;
  const at = (q: number, r: number) => {
    const { x, y } = hexCentre(q, r);
    return { x: Math.round(x * 100) / 100, y: Math.round(y * 100) / 100 };
  };
  const areas = codes.map((code) => {
    const hex = hexes[code]!;
    return { code, name: hex.n, group: hex.group, ...at(hex.q, hex.r) };
  });
  const placed = new Set(codes);
  const groupCodes = [...new Set(areas.map((a) => a.group))];
  // The layout's other areas (a by-election's, a slice's, a head's neighbours), drawn blank.
  const context = Object.entries(hexes)
    .filter(([code, hex]) => !placed.has(code) && (contextOf === "all" || groupCodes.includes(hex.group)))
    .map(([, hex]) => {
      const { x, y } = at(hex.q, hex.r);
      return [x, y, hex.group] as const;
    });
  const provinceName = new Map(PROVINCES.map((p) => [p.code, locale === "th" ? p.nameTh : p.nameEn]));
  const groups = groupCodes.map((code) => ({ code, name: provinceName.get(code) ?? code }));
  return { layout, areas, context, groups };
}
