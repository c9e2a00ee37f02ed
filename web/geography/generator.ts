// A deterministic synthetic country on Thailand's real map: the 77 provinces with the
// constituencies of 2023 (400, Bangkok 33), each province's real districts (อำเภอ/เขต)
// and subdistricts (ตำบล/แขวง) by their DOPA codes (web/geography/data/thai-places.json),
// and ~95,000 polling units around ~550 eligible voters each (~52 million in all).
// Constituencies are cut from a province's units in code order at equal eligible voters
// (the ECT's rule, within a few per cent), so districts and even subdistricts fall into two
// constituencies where the cut passes through them, and the units per constituency vary
// with the size of its units. Units lie around their province's capital, by district.
// Same seed, same country; a province's rows never depend on the others.
import { createRequire } from "node:module";
import { PROVINCES } from "./provinces.ts";
import { BANGKOK_DISTRICTS_EN, PROVINCE_CENTRES } from "./province-centres.ts";
import { GEO_COLUMNS, GEO_OPTIONAL_COLUMNS, type GeoCsvRow } from "./csv-format.ts";

/** mulberry32: small, fast, reproducible. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface PlaceData {
  provinces: {
    code: string;
    nameTh: string;
    districts: { code: string; nameTh: string; subdistricts: [string, string][] }[];
  }[];
}
let places: Map<string, PlaceData["provinces"][number]> | null = null;
/** The real districts and subdistricts of a province (read once). */
function placesOf(code: string) {
  places ??= new Map(
    (createRequire(import.meta.url)("./data/thai-places.json") as PlaceData).provinces.map((p) => [p.code, p]),
  );
  return places.get(code)!;
}

const VENUES = ["โรงเรียนบ้าน", "วัด", "ศาลาประชาคมบ้าน", "เต็นท์หน้าที่ทำการผู้ใหญ่บ้าน", "อาคารอเนกประสงค์บ้าน"];

export interface CountryOptions {
  seed?: number;
  /** Keep only these provinces (codes); default all 77. */
  provinces?: string[];
  /** Keep only the first N constituencies of each kept province. */
  constituenciesPerProvince?: number;
  /** A fraction of the units (smaller test countries): 0.2 keeps a fifth of each
   *  constituency's units, with the same places. Default 1. */
  scale?: number;
  /** Each constituency's two counting centres (advance votes in it; out of it and from
   *  abroad). Default true. */
  countingCentres?: boolean;
}

/** Eligible voters of one constituency, on average (52 million over 400). */
const PER_CONSTITUENCY = 130_000;

/** A number from a normal distribution (Box–Muller) with this mean and spread. */
const normal = (rand: () => number, mean: number, sd: number) =>
  mean + sd * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

/** Yields one CSV row object per polling unit, in a stable order. */
export function* generateCountry(opts: CountryOptions = {}): Generator<GeoCsvRow> {
  const { seed = 2023, scale = 1, countingCentres = true } = opts;
  for (const province of PROVINCES) {
    if (opts.provinces && !opts.provinces.includes(province.code)) continue;
    // Every province draws from its own stream, so a slice equals the same part of the whole.
    const rand = prng(seed * 100 + Number(province.code));
    const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
    const bangkok = province.code === "10";
    const place = placesOf(province.code);
    const [lat0, lng0] = PROVINCE_CENTRES[province.code]!;
    const radius = bangkok ? 0.12 : Math.min(0.45, 0.08 + 0.015 * place.districts.length);
    // The province's units, subdistrict by subdistrict in code order: each subdistrict its
    // share of the province's voters and a unit size of its own (towns: larger units).
    const eligibleTotal = province.constituencies * PER_CONSTITUENCY * (0.92 + 0.16 * rand());
    const subs = place.districts.flatMap((d, i) => {
      const angle = (2 * Math.PI * i) / place.districts.length + rand();
      const r = radius * (i === 0 ? 0.1 : 0.35 + 0.65 * rand());
      const centre = [lat0 + r * Math.sin(angle), lng0 + r * Math.cos(angle)] as const;
      return d.subdistricts.map(([code, nameTh]) => ({
        district: d,
        code,
        nameTh,
        weight: 0.25 + rand() ** 2 * 2,
        unitSize: Math.max(250, normal(rand, bangkok ? 650 : 545, 90)),
        centre,
      }));
    });
    const weights = subs.reduce((a, x) => a + x.weight, 0);
    const units: Omit<GeoCsvRow, "constituency_no">[] = [];
    const eligibleOf: number[] = [];
    for (const sub of subs) {
      const voters = (eligibleTotal * sub.weight) / weights;
      const count = Math.max(1, Math.round(voters / sub.unitSize));
      for (let n = 1; n <= count; n++) {
        // Around ~550, never below 80 or above 1,200: a unit's register as the ECT caps it.
        const eligible = Math.round(Math.min(1_200, Math.max(80, normal(rand, voters / count, 110))));
        const jitter = radius * 0.12;
        units.push({
          province_code: province.code,
          province_name_th: province.nameTh,
          province_name_en: province.nameEn,
          district_code: sub.district.code,
          district_name_th: sub.district.nameTh,
          district_name_en: bangkok ? BANGKOK_DISTRICTS_EN[sub.district.code]! : sub.district.nameTh,
          subdistrict_code: sub.code,
          subdistrict_name_th: sub.nameTh,
          subdistrict_name_en: sub.nameTh,
          unit_no: String(n),
          location_name: pick(VENUES) + sub.nameTh,
          latitude: (sub.centre[0] + (rand() - 0.5) * 2 * jitter).toFixed(5),
          longitude: (sub.centre[1] + (rand() - 0.5) * 2 * jitter).toFixed(5),
          eligible_voters: String(eligible),
        });
        eligibleOf.push(eligible);
      }
    }
    // Constituencies cut in code order at equal voters, each cut a few per cent off.
    const total = eligibleOf.reduce((a, b) => a + b, 0);
    const cuts = Array.from({ length: province.constituencies - 1 }, (_, i) => {
      const share = (i + 1 + (rand() - 0.5) * 0.12) / province.constituencies;
      return share * total;
    });
    // Each constituency's counting centres, where its first unit is: advance votes in the
    // constituency (numbered 900 + the constituency), and those cast outside it or abroad
    // (950 +), each with its registrants as its eligible voters.
    const centres = Array.from({ length: province.constituencies }, () => ({
      inside: Math.round(Math.min(4_800, Math.max(300, normal(rand, 2_300, 600)))),
      outside: Math.round(Math.min(4_800, Math.max(300, normal(rand, 3_400, 700)))),
    }));
    const keep = Math.min(province.constituencies, opts.constituenciesPerProvince ?? Infinity);
    let constituency = 1;
    let running = 0;
    let first: Omit<GeoCsvRow, "constituency_no"> | null = units[0] ?? null;
    const centresOf = function* (c: number) {
      if (!countingCentres || !first || c > keep) return;
      const office = bangkok ? "สำนักงานเขต" : "ที่ว่าการอำเภอ";
      for (const [kind, number, eligible, name] of [
        ["advance_in", 900 + c, centres[c - 1]!.inside, "ที่เลือกตั้งกลาง (ลงคะแนนล่วงหน้าในเขต) "],
        ["advance_out", 950 + c, centres[c - 1]!.outside, "ที่นับคะแนนบัตรล่วงหน้านอกเขตและนอกราชอาณาจักร "],
      ] as const)
        yield {
          ...first,
          constituency_no: String(c),
          unit_no: String(number),
          unit_kind: kind,
          location_name: `${name}${office}${first.district_name_th}`,
          eligible_voters: String(eligible),
        } as GeoCsvRow;
    };
    for (let i = 0; i < units.length; i++) {
      while (constituency < province.constituencies && running >= cuts[constituency - 1]!) {
        yield* centresOf(constituency);
        constituency++;
        first = units[i]!;
      }
      running += eligibleOf[i]!;
      // A scaled-down country keeps every n-th unit (the first of each subdistrict always).
      if (constituency > keep || (scale < 1 && units[i]!.unit_no !== "1" && rand() > scale)) continue;
      yield { ...units[i]!, constituency_no: String(constituency), unit_kind: "polling" } as GeoCsvRow;
    }
    yield* centresOf(constituency);
  }
}

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** The country as CSV text chunks (header first), ready to pipe to a file or a request. */
export function* generateCountryCsv(opts: CountryOptions = {}): Generator<string> {
  const columns = [...GEO_COLUMNS, ...GEO_OPTIONAL_COLUMNS];
  yield columns.join(",") + "\n";
  let batch: string[] = [];
  for (const row of generateCountry(opts)) {
    batch.push(columns.map((c) => csvCell(row[c] ?? "")).join(","));
    if (batch.length === 1000) {
      yield batch.join("\n") + "\n";
      batch = [];
    }
  }
  if (batch.length) yield batch.join("\n") + "\n";
}
