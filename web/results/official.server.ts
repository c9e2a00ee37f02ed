// The ECT's official per-unit figures, once published: imported from its CSV (one row
// per unit, ballot and number) and compared with our verified results, unit by unit and
// constituency by constituency.
import type { Readable } from "node:stream";
import type pg from "pg";
import { inClientTransaction } from "../db/db.server.ts";
import { officialDifferenceRows, unitCodes, upsertOfficialVotes } from "./results.sql.server.ts";
import { readCheckedCsv } from "../csv/records.ts";
import type { ElectionLineError } from "../tally/election-import.server.ts";

export const OFFICIAL_COLUMNS = ["unit_code", "ballot", "number", "votes"] as const;

export type OfficialImportResult =
  { ok: true; rows: number; changed: number } | { ok: false; errors: ElectionLineError[] };

/** All or nothing, checked line by line; importing the same file again changes nothing. */
export async function importOfficialCsv(
  client: pg.PoolClient | pg.Client,
  electionId: string,
  input: Readable,
): Promise<OfficialImportResult> {
  const units = await unitCodes(client);
  const firstLine = new Map<string, number>();
  const { rows, errors } = await readCheckedCsv<[string, string, number, number]>(
    input,
    OFFICIAL_COLUMNS,
    (raw, line, fail) => {
      const ok = {
        unit: units.has(raw.unit_code!),
        ballot: raw.ballot === "constituency" || raw.ballot === "party_list",
        number: /^\d{1,3}$/.test(raw.number!),
        votes: /^\d{1,5}$/.test(raw.votes!),
      };
      if (!ok.unit) fail("unit", { value: raw.unit_code!.slice(0, 30) });
      if (!ok.ballot) fail("ballot", { value: raw.ballot!.slice(0, 20) });
      if (!ok.number) fail("number");
      if (!ok.votes) fail("votes");
      const key = `${raw.unit_code}|${raw.ballot}|${raw.number}`;
      if (firstLine.has(key)) fail("duplicate", { first: firstLine.get(key)! });
      else firstLine.set(key, line);
      return Object.values(ok).every(Boolean)
        ? [raw.unit_code!, raw.ballot!, Number(raw.number), Number(raw.votes)]
        : null;
    },
    1024,
  );
  if (errors.length) return { ok: false, errors };
  return inClientTransaction(client, async () => {
    let changed = 0;
    for (let i = 0; i < rows.length; i += 20_000)
      changed += await upsertOfficialVotes(client, electionId, rows.slice(i, i + 20_000));
    return { ok: true as const, rows: rows.length, changed };
  });
}

/** Where the official figures and our verified ones differ: per constituency and number
 *  (over the units both have), and the units with any difference; all, or one
 *  constituency's (its public page). */
export async function officialDifferences(
  electionId: string,
  options: { constituencyId?: string; take?: number } = {},
) {
  const take = options.take ?? 200;
  const units = options.constituencyId ? `${options.constituencyId}-%` : "%";
  return officialDifferenceRows(electionId, units, take);
}
