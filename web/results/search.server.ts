// Search on the results pages (issue 38): a polling unit by code or place, a constituency
// or contest area, a district, a candidate or a party, by Thai or English name or code —
// each answer a link to the page that shows its figures.
import { db } from "../db/db.server.ts";
import { KIND_RULES } from "../elections/contest-kinds.ts";
import { electionContests } from "../elections/contests.server.ts";

export const SEARCH_MIN = 2;
export const SEARCH_MAX = 60;
const TAKE = 12;

export type SearchKind = "unit" | "area" | "district" | "candidate" | "party";
export interface SearchHit {
  kind: SearchKind;
  /** The page that shows it (without the election's query). */
  path: string;
  titleTh: string;
  titleEn: string;
  detailTh: string;
  detailEn: string;
}

const like = (q: string) => ({ contains: q, mode: "insensitive" as const });

/** What the election has that matches `q` (trimmed; shorter than SEARCH_MIN: nothing). */
export async function searchResults(electionId: string, query: string): Promise<SearchHit[]> {
  const q = query.trim().slice(0, SEARCH_MAX);
  if (q.length < SEARCH_MIN) return [];
  const contests = await electionContests(electionId);
  const contestName = new Map(contests.map((c) => [c.key, c]));
  const areaPath = (ballot: string, code: string) =>
    ballot === "constituency" ? `/results/c/${code}` : `/results/a/${ballot}/${code}`;
  const perArea = contests.filter((c) => KIND_RULES[c.kind].decidedIn === "area").map((c) => c.key);
  const [units, areas, districts, candidates, parties] = await Promise.all([
    db().pollingUnit.findMany({
      where: { OR: [{ code: { startsWith: q } }, { locationName: like(q) }] },
      select: { code: true, locationName: true },
      orderBy: { code: "asc" },
      take: TAKE * 4,
    }),
    db().contestArea.findMany({
      where: {
        electionId,
        ballot: { in: perArea },
        OR: [{ code: { startsWith: q } }, { nameTh: like(q) }, { nameEn: like(q) }],
      },
      orderBy: [{ ballot: "asc" }, { code: "asc" }],
      take: TAKE,
    }),
    db().district.findMany({
      where: { OR: [{ code: { startsWith: q } }, { nameTh: like(q) }, { nameEn: like(q) }] },
      include: { province: true },
      orderBy: { code: "asc" },
      take: TAKE,
    }),
    db().candidate.findMany({
      where: { electionId, OR: [{ nameTh: like(q) }, { nameEn: like(q) }] },
      include: { party: true },
      orderBy: [{ ballot: "asc" }, { areaCode: "asc" }, { number: "asc" }],
      take: TAKE,
    }),
    db().party.findMany({
      where: { electionId, OR: [{ nameTh: like(q) }, { nameEn: like(q) }] },
      orderBy: { number: "asc" },
      take: TAKE,
    }),
  ]);
  // A district's figures are those of the areas its units vote in (for a Bangkok council,
  // the district is the area).
  const [inElection, ...districtAreas] = await Promise.all([
    db().areaUnit.findMany({
      where: { electionId, unitCode: { in: units.map((u) => u.code) } },
      distinct: ["unitCode"],
      select: { unitCode: true },
    }),
    ...districts.map(async (d) =>
      db().areaUnit.findMany({
        where: {
          electionId,
          ballot: { in: perArea },
          unitCode: {
            in: (
              await db().pollingUnit.findMany({
                where: { subdistrict: { districtCode: d.code } },
                select: { code: true },
              })
            ).map((u) => u.code),
          },
        },
        distinct: ["ballot", "areaCode"],
        select: { ballot: true, areaCode: true },
        take: 3,
      }),
    ),
  ]);
  const voting = new Set(inElection.map((u) => u.unitCode));
  const contest = (key: string) => contestName.get(key);
  return [
    ...units
      .filter((u) => voting.has(u.code))
      .slice(0, TAKE)
      .map((u) => ({
        kind: "unit" as const,
        path: `/results/u/${u.code}`,
        titleTh: u.code,
        titleEn: u.code,
        detailTh: u.locationName,
        detailEn: u.locationName,
      })),
    ...areas.map((a) => ({
      kind: "area" as const,
      path: areaPath(a.ballot, a.code),
      titleTh: a.nameTh,
      titleEn: a.nameEn,
      detailTh: contest(a.ballot)?.nameTh ?? a.ballot,
      detailEn: contest(a.ballot)?.nameEn ?? a.ballot,
    })),
    ...districts.flatMap((d, i) =>
      (districtAreas[i] ?? []).map((a) => ({
        kind: "district" as const,
        path: areaPath(a.ballot, a.areaCode),
        titleTh: `${d.nameTh} ${d.province.nameTh}`,
        titleEn: `${d.nameEn} ${d.province.nameEn}`,
        detailTh: `${contest(a.ballot)?.nameTh ?? a.ballot} ${a.areaCode}`,
        detailEn: `${contest(a.ballot)?.nameEn ?? a.ballot} ${a.areaCode}`,
      })),
    ),
    ...candidates.map((c) => ({
      kind: "candidate" as const,
      path:
        KIND_RULES[contest(c.ballot)?.kind ?? "district"].decidedIn === "area"
          ? areaPath(c.ballot, c.areaCode)
          : "/results",
      titleTh: `${c.number}. ${c.nameTh}`,
      titleEn: `${c.number}. ${c.nameEn ?? c.nameTh}`,
      detailTh: [contest(c.ballot)?.nameTh, c.areaCode === "*" ? null : c.areaCode, c.party?.nameTh]
        .filter(Boolean)
        .join(" · "),
      detailEn: [contest(c.ballot)?.nameEn, c.areaCode === "*" ? null : c.areaCode, c.party?.nameEn]
        .filter(Boolean)
        .join(" · "),
    })),
    ...parties.map((p) => ({
      kind: "party" as const,
      path: "/results#pl-title",
      titleTh: `${p.number}. ${p.nameTh}`,
      titleEn: `${p.number}. ${p.nameEn}`,
      detailTh: "บัญชีรายชื่อ",
      detailEn: "Party list",
    })),
  ];
}
