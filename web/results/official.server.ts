// The ECT's official per-unit figures, once published: imported from its CSV (one row
// per unit, ballot and figure: a figure of the form or a number's votes) and compared
// with our verified results, every figure, unit by unit and constituency by constituency.
import type { Readable } from "node:stream";
import type pg from "pg";
import { inClientTransaction } from "../db/db.server.ts";
import { officialComparison, unitBallotKeys, upsertOfficialFigures } from "./results.sql.server.ts";
import { FIGURES } from "../tally/tally-rules.ts";
import { readCheckedCsv } from "../csv/records.ts";
import type { ElectionLineError } from "../elections/election-import.server.ts";

/** figure: one of FIGURES (eligible, voters, …) or a number on the ballot (its votes). */
export const OFFICIAL_COLUMNS = ["unit_code", "ballot", "figure", "value"] as const;
const FIGURE_NAMES = new Set<string>(FIGURES);

export type OfficialImportResult =
  { ok: true; rows: number; changed: number } | { ok: false; errors: ElectionLineError[] };

/** All or nothing, checked line by line; importing the same file again changes nothing. */
export async function importOfficialCsv(
  client: pg.PoolClient | pg.Client,
  electionId: string,
  input: Readable,
): Promise<OfficialImportResult> {
  // The election's unit ballots: a unit in one of its contests, for that contest's ballot.
  const { units, ballots } = await unitBallotKeys(client, electionId);
  const firstLine = new Map<string, number>();
  const { rows, errors } = await readCheckedCsv<[string, string, string, number]>(
    input,
    OFFICIAL_COLUMNS,
    (raw, line, fail) => {
      const ok = {
        unit: units.has(raw.unit_code!),
        ballot: ballots.has(`${raw.unit_code}|${raw.ballot}`) || (!units.has(raw.unit_code!) && !!raw.ballot),
        figure: FIGURE_NAMES.has(raw.figure!) || /^[1-9]\d{0,2}$/.test(raw.figure!),
        value: /^\d{1,7}$/.test(raw.value!),
      };
      if (!ok.unit) fail("unit", { value: raw.unit_code!.slice(0, 30) });
      if (!ok.ballot) fail("ballot", { value: raw.ballot!.slice(0, 20) });
      if (!ok.figure) fail("figure", { value: raw.figure!.slice(0, 20) });
      if (!ok.value) fail("value");
      const key = `${raw.unit_code}|${raw.ballot}|${raw.figure}`;
      if (firstLine.has(key)) fail("duplicate", { first: firstLine.get(key)! });
      else firstLine.set(key, line);
      return Object.values(ok).every(Boolean) ? [raw.unit_code!, raw.ballot!, raw.figure!, Number(raw.value)] : null;
    },
    1024,
  );
  if (errors.length) return { ok: false, errors };
  return inClientTransaction(client, async () => {
    let changed = 0;
    for (let i = 0; i < rows.length; i += 20_000)
      changed += await upsertOfficialFigures(client, electionId, rows.slice(i, i + 20_000));
    return { ok: true as const, rows: rows.length, changed };
  });
}

/** Where the official figures and our verified ones differ, every figure: per
 *  constituency (sums and the sum of absolute differences over the units both have), the
 *  units with any difference, and the units missing on either side; all, or one
 *  constituency's (its public page). */
export async function officialDifferences(
  electionId: string,
  options: { constituencyId?: string; take?: number } = {},
) {
  const take = options.take ?? 200;
  const units = options.constituencyId ? `${options.constituencyId}-%` : "%";
  return officialComparison(electionId, units, take);
}
