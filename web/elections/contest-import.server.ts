// An election's set-up from CSV (docs/election-csv.md): its contests, the areas of each
// contest with the units that vote in them, and each area's candidates (or a question's
// options). Like the geography import: read as it streams, every line checked against the
// file and the database, all or nothing, and importing the same file again changes nothing.
import type { Readable } from "node:stream";
import type pg from "pg";
import { inClientTransaction } from "../db/db.server.ts";
import { readCheckedCsv, type CsvLineError } from "../csv/records.ts";
import { CONTEST_KINDS, CONTEST_WIDE, KIND_RULES, type ContestKind } from "./contest-kinds.ts";
import { BALLOT_KEY } from "../tally/tally-rules.ts";
import { forgetElectionUnits } from "./contests.server.ts";
import { contestReferences, upsertAreaUnits, upsertChoices, upsertContests } from "./elections.sql.server.ts";

export const CONTEST_COLUMNS = ["key", "kind", "name_th", "name_en", "seats", "position"] as const;
export const AREA_COLUMNS = ["contest", "area", "area_name_th", "area_name_en", "area_seats", "unit_code"] as const;
export const CHOICE_COLUMNS = ["contest", "area", "number", "name_th", "name_en", "party_number"] as const;

export type SetupKind = "contests" | "areas" | "choices";
export type SetupResult = { ok: true; rows: number; changed: number } | { ok: false; errors: CsvLineError[] };

const whole = (v: string, min: number, max: number) =>
  /^\d{1,5}$/.test(v) && Number(v) >= min && Number(v) <= max ? Number(v) : null;
const text = (v: string | undefined, max = 150) => !!v && v.length <= max;

export async function importSetupCsv(
  client: pg.PoolClient | pg.Client,
  electionId: string,
  kind: SetupKind,
  input: Readable,
): Promise<SetupResult> {
  const known = await contestReferences(client, electionId, kind !== "contests");
  const firstLine = new Map<string, number>();
  const once = (key: string, line: number, fail: (code: string, params?: Record<string, number>) => void) => {
    if (firstLine.has(key)) fail("duplicate", { first: firstLine.get(key)! });
    else firstLine.set(key, line);
  };
  // An area's name and seats, as its first line gave them: every other line must agree.
  const areaFacts = new Map<string, { line: number; facts: string }>();

  if (kind === "contests") {
    const { rows, errors } = await readCheckedCsv(input, CONTEST_COLUMNS, (raw, line, fail) => {
      const ok = BALLOT_KEY.test(raw.key!);
      if (!ok) fail("contestKey", { value: raw.key!.slice(0, 40) });
      const k = raw.kind as ContestKind;
      if (!CONTEST_KINDS.includes(k)) fail("contestKind", { value: raw.kind!.slice(0, 20) });
      if (!text(raw.name_th)) fail("nameTh");
      if (!text(raw.name_en)) fail("nameEn");
      const seats = raw.seats ? whole(raw.seats, 1, 500) : null;
      if (raw.seats && seats === null) fail("seats");
      if (k === "party_list" && seats === null) fail("seatsRequired");
      const position = whole(raw.position!, 1, 99);
      if (position === null) fail("position");
      if (ok) once(raw.key!, line, fail);
      return {
        key: raw.key!,
        kind: k,
        nameTh: raw.name_th!,
        nameEn: raw.name_en!,
        seats: k === "party_list" ? seats : null,
        position: position ?? 0,
      };
    });
    if (errors.length) return { ok: false, errors };
    const changed = await inClientTransaction(client, () => upsertContests(client, electionId, rows));
    return { ok: true, rows: rows.length, changed };
  }

  if (kind === "areas") {
    const { rows, errors } = await readCheckedCsv(
      input,
      AREA_COLUMNS,
      (raw, line, fail) => {
        const contest = known.contests.get(raw.contest!);
        if (!contest) fail("contest", { value: raw.contest!.slice(0, 40) });
        if (!/^[A-Za-z0-9-]{1,40}$/.test(raw.area!) || raw.area === CONTEST_WIDE)
          fail("area", { value: raw.area!.slice(0, 40) });
        if (!text(raw.area_name_th)) fail("nameTh");
        if (!text(raw.area_name_en)) fail("nameEn");
        const seats = raw.area_seats ? whole(raw.area_seats, 1, 50) : 1;
        if (seats === null) fail("seats");
        if (!known.units.has(raw.unit_code!)) fail("unit", { value: raw.unit_code!.slice(0, 30) });
        // A unit votes in one area of a contest.
        once(`${raw.contest}|${raw.unit_code}`, line, fail);
        const key = `${raw.contest}|${raw.area}`;
        const facts = `${raw.area_name_th}|${raw.area_name_en}|${seats}`;
        const seen = areaFacts.get(key);
        if (!seen) areaFacts.set(key, { line, facts });
        else if (seen.facts !== facts) fail("areaDiffers", { first: seen.line });
        return {
          ballot: raw.contest!,
          area: raw.area!,
          nameTh: raw.area_name_th!,
          nameEn: raw.area_name_en!,
          seats: seats ?? 1,
          unit: raw.unit_code!,
        };
      },
      1024,
    );
    if (errors.length) return { ok: false, errors };
    const changed = await inClientTransaction(client, () => upsertAreaUnits(client, electionId, rows));
    forgetElectionUnits(electionId);
    return { ok: true, rows: rows.length, changed };
  }

  const { rows, errors } = await readCheckedCsv(input, CHOICE_COLUMNS, (raw, line, fail) => {
    const contest = known.contests.get(raw.contest!);
    if (!contest) fail("contest", { value: raw.contest!.slice(0, 40) });
    const rules = contest && KIND_RULES[contest];
    if (rules?.choices === "parties") fail("partyListChoices");
    // Candidates stand in an area where the kind decides per area; else once, contest-wide.
    if (rules && rules.decidedIn === "area" && !known.areas.has(`${raw.contest}|${raw.area}`))
      fail("area", { value: raw.area!.slice(0, 40) });
    if (rules && rules.decidedIn !== "area" && raw.area !== CONTEST_WIDE) fail("contestWide");
    const number = whole(raw.number!, 1, 999);
    if (number === null) fail("number");
    if (!text(raw.name_th)) fail("nameTh");
    if (raw.name_en && !text(raw.name_en)) fail("nameEn");
    const party = raw.party_number ? whole(raw.party_number, 1, 999) : null;
    if (raw.party_number && (party === null || !known.parties.has(party)))
      fail("party", { value: raw.party_number.slice(0, 10) });
    if (number !== null) once(`${raw.contest}|${raw.area}|${number}`, line, fail);
    return {
      ballot: raw.contest!,
      area: raw.area!,
      number: number ?? 0,
      nameTh: raw.name_th!,
      nameEn: raw.name_en || null,
      party,
    };
  });
  if (errors.length) return { ok: false, errors };
  const changed = await inClientTransaction(client, () => upsertChoices(client, electionId, rows));
  return { ok: true, rows: rows.length, changed };
}
