// Election set-up from CSV: parties (number, name_th, name_en, colour) and candidates
// (constituency, number, name_th, party_number). Like the geography import: streamed,
// every line checked, all or nothing, and importing the same file again changes nothing.
import type { Readable } from "node:stream";
import type pg from "pg";
import { inClientTransaction } from "../db/db.server.ts";
import { candidateReferences, upsertCandidates, upsertParties } from "./elections.sql.server.ts";
import { readCheckedCsv, type CsvLineError } from "../csv/records.ts";

export const PARTY_COLUMNS = ["number", "name_th", "name_en", "colour"] as const;
export const CANDIDATE_COLUMNS = ["constituency", "number", "name_th", "party_number"] as const;

export type ElectionLineError = CsvLineError;

export type ElectionImportResult =
  { ok: true; rows: number; changed: number } | { ok: false; errors: ElectionLineError[] };

const whole = (v: string, max: number) =>
  /^\d{1,4}$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= max ? Number(v) : null;

export async function importElectionCsv(
  client: pg.PoolClient | pg.Client,
  electionId: string,
  kind: "parties" | "candidates",
  input: Readable,
): Promise<ElectionImportResult> {
  const known = kind === "candidates" ? await candidateReferences(client, electionId) : null;
  const firstLine = new Map<string, number>();
  const seen = (key: string, line: number, fail: (code: string, params?: Record<string, number>) => void) => {
    if (firstLine.has(key)) fail("duplicate", { first: firstLine.get(key)! });
    else firstLine.set(key, line);
  };
  const { rows, errors } = await readCheckedCsv<(string | number | null)[]>(
    input,
    kind === "parties" ? PARTY_COLUMNS : CANDIDATE_COLUMNS,
    (raw, line, fail) => {
      const number = whole(raw.number!, 999);
      if (number === null) fail("number");
      if (!raw.name_th || raw.name_th.length > 150) fail("nameTh");
      if (kind === "parties") {
        if (!raw.name_en || raw.name_en.length > 150) fail("nameEn");
        if (!/^#[0-9a-fA-F]{6}$/.test(raw.colour!)) fail("colour", { value: raw.colour!.slice(0, 20) });
        if (number !== null) seen(String(number), line, fail);
        return [number, raw.name_th!, raw.name_en!, raw.colour!.toLowerCase()];
      }
      const party = raw.party_number ? whole(raw.party_number, 999) : null;
      if (!known!.constituencies.has(raw.constituency!))
        fail("constituency", { value: raw.constituency!.slice(0, 20) });
      if (raw.party_number && (party === null || !known!.parties.has(party)))
        fail("party", { value: raw.party_number.slice(0, 10) });
      if (number !== null) seen(`${raw.constituency}#${number}`, line, fail);
      return [raw.constituency!, number, raw.name_th!, party];
    },
  );
  if (errors.length) return { ok: false, errors };

  const column = (i: number) => rows.map((r) => r[i]);
  const columns = [column(0), column(1), column(2), column(3)];
  const changed = await inClientTransaction(client, () =>
    kind === "parties" ? upsertParties(client, electionId, columns) : upsertCandidates(client, electionId, columns),
  );
  return { ok: true, rows: rows.length, changed };
}
