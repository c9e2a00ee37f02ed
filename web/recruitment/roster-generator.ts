// A deterministic synthetic roster CSV, for the demo data, tests and benchmarks.
// Person i always gets the same (valid) national ID and phone for the same `first`.
import { stringify } from "csv-stringify/sync";
import { prng } from "../geography/generator.ts";
import { checkDigit } from "./national-id.ts";
import { ROSTER_COLUMNS, OPTIONAL_COLUMNS } from "./roster-csv.ts";

const GIVEN = [
  "สมชาย",
  "สมหญิง",
  "ประเสริฐ",
  "กนกพร",
  "วิชัย",
  "ณัฐวุฒิ",
  "ศิริพร",
  "อรุณ",
  "พิมพ์ชนก",
  "ธนากร",
  "จิราพร",
  "สุรเชษฐ์",
  "ปิยะ",
  "วรรณา",
  "กิตติ",
  "นภา",
];
const FAMILY = [
  "ใจดี",
  "รักชาติ",
  "ทองมา",
  "ศรีสุข",
  "บุญมี",
  "แก้วกาญจนา",
  "สุขสวัสดิ์",
  "พงษ์ไพบูลย์",
  "วงศ์สวัสดิ์",
  "จันทร์เพ็ญ",
  "มั่นคง",
  "เพชรรัตน์",
];
const TIER_SETS = [
  "polling_unit",
  "polling_unit",
  "polling_unit;constituency_team",
  "war_room",
  "polling_unit;war_room",
];

export interface RosterArea {
  provinceCode: string;
  constituencyId: string;
  subdistrictCode: string;
}

/** The valid national ID of synthetic person `i`. */
export function syntheticNationalId(i: number): string {
  const first12 = `1${String(i).padStart(11, "0")}`;
  return first12 + checkDigit(first12);
}

/** The phone (08x-xxx-xxxx) of synthetic person `i` (i < 100,000,000). */
export function syntheticPhone(i: number): string {
  return `09${String(i).padStart(8, "0")}`;
}

export function* generateRosterCsv(opts: {
  count: number;
  first?: number;
  seed?: number;
  areas: RosterArea[];
  today?: Date;
}): Generator<string> {
  const random = prng(opts.seed ?? 7);
  const first = opts.first ?? 0;
  const year = (opts.today ?? new Date()).getUTCFullYear();
  yield stringify([[...ROSTER_COLUMNS, ...OPTIONAL_COLUMNS]]);
  let chunk: string[][] = [];
  for (let k = 0; k < opts.count; k++) {
    const i = first + k;
    const area = opts.areas[Math.floor(random() * opts.areas.length)]!;
    const age = 16 + Math.floor(random() * 55);
    const birth = `${year - age - 1}-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`;
    const name = `${GIVEN[Math.floor(random() * GIVEN.length)]} ${FAMILY[Math.floor(random() * FAMILY.length)]} ${i}`;
    chunk.push([
      name,
      syntheticPhone(i),
      syntheticNationalId(i),
      birth,
      area.provinceCode,
      area.constituencyId,
      area.subdistrictCode,
      TIER_SETS[Math.floor(random() * TIER_SETS.length)]!,
      random() < 0.5 ? "approved" : "pending",
    ]);
    if (chunk.length === 1000) {
      yield stringify(chunk);
      chunk = [];
    }
  }
  if (chunk.length) yield stringify(chunk);
}
