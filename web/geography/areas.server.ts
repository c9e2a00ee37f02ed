// Area pickers: provinces, their constituencies, and subdistricts searched by name.
import { db } from "../db/db.server.ts";

export function provinces() {
  return db().province.findMany({ orderBy: { nameTh: "asc" }, select: { code: true, nameTh: true, nameEn: true } });
}

export function constituencies(provinceCode?: string) {
  return db().constituency.findMany({
    where: provinceCode ? { provinceCode } : undefined,
    orderBy: [{ provinceCode: "asc" }, { number: "asc" }],
    select: { id: true, provinceCode: true, number: true },
  });
}

/** Subdistricts whose Thai or English name (or district's) contains the text. */
export async function searchSubdistricts(text: string, provinceCode?: string, take = 20) {
  const q = text.trim();
  if (q.length < 1) return [];
  const rows = await db().subdistrict.findMany({
    where: {
      ...(provinceCode ? { code: { startsWith: provinceCode } } : {}),
      OR: [
        { nameTh: { contains: q } },
        { nameEn: { contains: q, mode: "insensitive" } },
        { district: { nameTh: { contains: q } } },
      ],
    },
    orderBy: { code: "asc" },
    take,
    select: { code: true, nameTh: true, nameEn: true, district: { select: { nameTh: true, nameEn: true } } },
  });
  return rows.map((r) => ({
    code: r.code,
    nameTh: r.nameTh,
    nameEn: r.nameEn,
    districtTh: r.district.nameTh,
    districtEn: r.district.nameEn,
  }));
}
