// A deterministic synthetic country: 77 provinces, 400 constituencies (33 in Bangkok),
// 225–250 polling units each (~95,000), with Thai place names. Same seed, same country.
import { PROVINCES } from "./provinces.ts";
import { GEO_COLUMNS, type GeoCsvRow } from "./csv-format.ts";

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

const FIRST: [string, string][] = [
  ["บ้าน", "Ban"],
  ["หนอง", "Nong"],
  ["ดอน", "Don"],
  ["โคก", "Khok"],
  ["นา", "Na"],
  ["ห้วย", "Huai"],
  ["ท่า", "Tha"],
  ["บึง", "Bueng"],
  ["วัง", "Wang"],
  ["โพธิ์", "Pho"],
  ["คลอง", "Khlong"],
  ["ทุ่ง", "Thung"],
  ["สระ", "Sa"],
  ["เขา", "Khao"],
  ["ป่า", "Pa"],
  ["ศรี", "Si"],
];
const SECOND: [string, string][] = [
  ["แก้ว", "Kaeo"],
  ["ทอง", "Thong"],
  ["ใหญ่", "Yai"],
  ["น้อย", "Noi"],
  ["งาม", "Ngam"],
  ["สะอาด", "Sa-at"],
  ["เจริญ", "Charoen"],
  ["พัฒนา", "Phatthana"],
  ["สุข", "Suk"],
  ["หลวง", "Luang"],
  ["ใต้", "Tai"],
  ["เหนือ", "Nuea"],
  ["กลาง", "Klang"],
  ["ขาม", "Kham"],
  ["จาน", "Chan"],
  ["ตาล", "Tan"],
  ["ไผ่", "Phai"],
  ["ม่วง", "Muang"],
  ["บัว", "Bua"],
  ["สามัคคี", "Samakkhi"],
];
const VENUES = ["โรงเรียนบ้าน", "วัด", "ศาลาประชาคมบ้าน", "เต็นท์หน้าที่ทำการผู้ใหญ่บ้าน", "อาคารอเนกประสงค์บ้าน"];

export interface CountryOptions {
  seed?: number;
  /** Keep only these provinces (codes); default all 77. */
  provinces?: string[];
  /** Keep only the first N constituencies of each kept province. */
  constituenciesPerProvince?: number;
  /** Units per constituency range; default 225–250. */
  unitsMin?: number;
  unitsMax?: number;
}

/** Yields one CSV row object per polling unit, in a stable order. */
export function* generateCountry(opts: CountryOptions = {}): Generator<GeoCsvRow> {
  const { seed = 2023, unitsMin = 225, unitsMax = 250 } = opts;
  for (const province of PROVINCES) {
    // Every province draws from its own stream, so a slice equals the same part of the whole.
    const rand = prng(seed * 100 + Number(province.code));
    const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
    const placeName = (): [string, string] => {
      const [a, ae] = pick(FIRST);
      const [b, be] = pick(SECOND);
      return [a + b, `${ae} ${be}`];
    };
    const baseLat = 6 + rand() * 13.5;
    const baseLng = 98 + rand() * 7;
    let districtNo = 0;
    const keep = !opts.provinces || opts.provinces.includes(province.code);
    const count = Math.min(province.constituencies, opts.constituenciesPerProvince ?? Infinity);
    for (let c = 1; c <= province.constituencies; c++) {
      // District codes have two digits: Bangkok's 33 constituencies take 3 districts each (99).
      const districts = province.constituencies > 30 ? 3 : 2 + Math.floor(rand() * 2);
      const subdistricts: { code: string; th: string; en: string; dTh: string; dEn: string; dCode: string }[] = [];
      for (let d = 0; d < districts && districtNo < 99; d++) {
        districtNo++;
        const dCode = province.code + String(districtNo).padStart(2, "0");
        const [dTh, dEn] = placeName();
        const subs = 4 + Math.floor(rand() * 5);
        for (let s = 1; s <= subs; s++) {
          const [th, en] = placeName();
          subdistricts.push({ code: dCode + String(s).padStart(2, "0"), th, en, dTh, dEn, dCode });
        }
      }
      const units = unitsMin + Math.floor(rand() * (unitsMax - unitsMin + 1));
      const perSub = new Map<string, number>();
      for (let u = 0; u < units; u++) {
        const sub = subdistricts[u % subdistricts.length]!;
        const unitNo = (perSub.get(sub.code) ?? 0) + 1;
        perSub.set(sub.code, unitNo);
        const venue = pick(VENUES) + pick(FIRST)[0] + pick(SECOND)[0];
        const lat = (baseLat + rand() * 0.8).toFixed(5);
        const lng = (baseLng + rand() * 0.8).toFixed(5);
        const eligible = String(400 + Math.floor(rand() * 800));
        if (!keep || c > count) continue;
        yield {
          province_code: province.code,
          province_name_th: province.nameTh,
          province_name_en: province.nameEn,
          constituency_no: String(c),
          district_code: sub.dCode,
          district_name_th: sub.dTh,
          district_name_en: sub.dEn,
          subdistrict_code: sub.code,
          subdistrict_name_th: sub.th,
          subdistrict_name_en: sub.en,
          unit_no: String(unitNo),
          location_name: venue,
          latitude: lat,
          longitude: lng,
          eligible_voters: eligible,
        };
      }
    }
  }
}

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** The country as CSV text chunks (header first), ready to pipe to a file or a request. */
export function* generateCountryCsv(opts: CountryOptions = {}): Generator<string> {
  yield GEO_COLUMNS.join(",") + "\n";
  let batch: string[] = [];
  for (const row of generateCountry(opts)) {
    batch.push(GEO_COLUMNS.map((c) => csvCell(row[c])).join(","));
    if (batch.length === 1000) {
      yield batch.join("\n") + "\n";
      batch = [];
    }
  }
  if (batch.length) yield batch.join("\n") + "\n";
}
