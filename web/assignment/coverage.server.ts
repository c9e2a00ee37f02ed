// Coverage: how many units have a reporter, a backup, nobody — by constituency, summed
// up to provinces and the nation — and where recruiting is needed.
import { stringify } from "csv-stringify/sync";
import { db } from "../db/db.server.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { CANDIDATES_SQL } from "./auto-assign.server.ts";
import { uncoveredOf, type CoverageRow } from "./coverage.ts";

export { uncoveredOf };

export async function coverageByConstituency(): Promise<CoverageRow[]> {
  const rows = await db().$queryRaw<CoverageRow[]>`
    WITH slots AS (
      SELECT u."constituencyId" AS id, count(*)::int AS units,
             count(r.id)::int AS reporters, count(b.id)::int AS backups, count(r.id) FILTER (WHERE r.status = 'accepted')::int AS accepted
        FROM "PollingUnit" u
        LEFT JOIN "UnitAssignment" r ON r."unitCode" = u.code AND r.slot = 0
        LEFT JOIN "UnitAssignment" b ON b."unitCode" = u.code AND b.slot = 1
       GROUP BY u."constituencyId"
    ), free AS (
      SELECT c."constituencyId" AS id, count(*)::int AS available
        FROM (${rawCandidates()}) c
       WHERE c."constituencyId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "UnitAssignment" x WHERE x."volunteerId" = c."volunteerId")
       GROUP BY c."constituencyId"
    )
    SELECT s.id, s.units, s.reporters, s.backups, s.accepted, coalesce(f.available, 0)::int AS available
      FROM slots s LEFT JOIN free f ON f.id = s.id ORDER BY s.id`;
  return rows;
}

// The candidates query as a raw fragment (it has no parameters).
const rawCandidates = () => Prisma.raw(CANDIDATES_SQL);

function sum(id: string, rows: CoverageRow[]): CoverageRow {
  return rows.reduce(
    (acc, r) => ({
      id,
      units: acc.units + r.units,
      reporters: acc.reporters + r.reporters,
      backups: acc.backups + r.backups,
      accepted: acc.accepted + r.accepted,
      available: acc.available + r.available,
    }),
    { id, units: 0, reporters: 0, backups: 0, accepted: 0, available: 0 },
  );
}

export async function coverageSummary() {
  const constituencies = await coverageByConstituency();
  const byProvince = new Map<string, CoverageRow[]>();
  for (const r of constituencies)
    (byProvince.get(r.id.slice(0, 2)) ?? byProvince.set(r.id.slice(0, 2), []).get(r.id.slice(0, 2))!).push(r);
  const provinces = [...byProvince.entries()].map(([p, rows]) => sum(p, rows)).sort((a, b) => (a.id < b.id ? -1 : 1));
  return { nation: sum("TH", constituencies), provinces, constituencies };
}

export async function uncoveredUnits(opts: {
  province?: string;
  constituency?: string;
  page: number;
  pageSize?: number;
}) {
  const size = opts.pageSize ?? 100;
  const [total, rows] = await Promise.all([
    db().$queryRaw<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM "PollingUnit" u WHERE NOT EXISTS (SELECT 1 FROM "UnitAssignment" a WHERE a."unitCode" = u.code AND a.slot = 0)
      AND (${opts.constituency ?? null}::text IS NULL OR u."constituencyId" = ${opts.constituency ?? null})
      AND (${opts.province ?? null}::text IS NULL OR left(u."constituencyId", 2) = ${opts.province ?? null})`,
    db().$queryRaw<
      { code: string; locationName: string; constituencyId: string; subdistrict: string; district: string }[]
    >`
      SELECT u.code, u."locationName", u."constituencyId", s."nameTh" AS subdistrict, d."nameTh" AS district
        FROM "PollingUnit" u JOIN "Subdistrict" s ON s.code = u."subdistrictCode" JOIN "District" d ON d.code = s."districtCode"
       WHERE NOT EXISTS (SELECT 1 FROM "UnitAssignment" a WHERE a."unitCode" = u.code AND a.slot = 0)
         AND (${opts.constituency ?? null}::text IS NULL OR u."constituencyId" = ${opts.constituency ?? null})
         AND (${opts.province ?? null}::text IS NULL OR left(u."constituencyId", 2) = ${opts.province ?? null})
       ORDER BY u.code LIMIT ${size} OFFSET ${(opts.page - 1) * size}`,
  ]);
  return { total: total[0]!.n, rows, pages: Math.max(1, Math.ceil(total[0]!.n / size)) };
}

/** "Which areas need people": one row per constituency, for partner organisations. */
export async function recruitmentTargetsCsv(): Promise<string> {
  const { constituencies } = await coverageSummary();
  const provinces = new Map((await db().province.findMany()).map((p) => [p.code, p]));
  const header = [
    "province_code",
    "province_th",
    "province_en",
    "constituency",
    "units",
    "with_reporter",
    "with_backup",
    "uncovered",
    "without_backup",
    "available_volunteers",
    "recruit_target",
  ];
  const rows = constituencies.map((r) => {
    const p = provinces.get(r.id.slice(0, 2));
    const uncovered = uncoveredOf(r);
    const withoutBackup = r.units - r.backups;
    return [
      r.id.slice(0, 2),
      p?.nameTh ?? "",
      p?.nameEn ?? "",
      r.id,
      r.units,
      r.reporters,
      r.backups,
      uncovered,
      withoutBackup,
      r.available,
      Math.max(0, uncovered + withoutBackup - r.available),
    ];
  });
  return "\uFEFF" + stringify([header, ...rows]);
}
