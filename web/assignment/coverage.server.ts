// Coverage: how many units have a reporter, a backup, nobody — by constituency, summed
// up to provinces and the nation — and where recruiting is needed.
import { csvText } from "../csv/write.ts";
import { db } from "../db/db.server.ts";
import { coverageRows, uncoveredPage } from "./assignment.sql.server.ts";
import { uncoveredOf, type CoverageRow } from "./coverage.ts";

export { uncoveredOf };

/** Coverage is of an election's units (null: before any election, every unit). */
type ElectionId = string | null;

export async function coverageByConstituency(electionId: ElectionId): Promise<CoverageRow[]> {
  return coverageRows(electionId);
}

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

/** An election's coverage (on its units). */
export async function coverageSummary(electionId: ElectionId) {
  const constituencies = await coverageByConstituency(electionId);
  const byProvince = new Map<string, CoverageRow[]>();
  for (const r of constituencies)
    (byProvince.get(r.id.slice(0, 2)) ?? byProvince.set(r.id.slice(0, 2), []).get(r.id.slice(0, 2))!).push(r);
  const provinces = [...byProvince.entries()].map(([p, rows]) => sum(p, rows)).sort((a, b) => (a.id < b.id ? -1 : 1));
  return { nation: sum("TH", constituencies), provinces, constituencies };
}

export async function uncoveredUnits(
  electionId: ElectionId,
  opts: {
    province?: string;
    constituency?: string;
    page: number;
    pageSize?: number;
  },
) {
  const size = opts.pageSize ?? 100;
  const [total, rows] = await uncoveredPage(electionId, opts, size);
  return { total: total[0]!.n, rows, pages: Math.max(1, Math.ceil(total[0]!.n / size)) };
}

/** "Which areas need people": one row per constituency, for partner organisations. */
export async function recruitmentTargetsCsv(electionId: ElectionId): Promise<string> {
  const { constituencies } = await coverageSummary(electionId);
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
  return "\uFEFF" + csvText([header, ...rows]);
}
