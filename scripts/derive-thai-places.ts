// Derives web/geography/data/thai-places.json — Thailand's provinces, districts (อำเภอ/เขต)
// and subdistricts (ตำบล/แขวง) with their DOPA codes, Thai names only — from the
// thai-address-database package (ISC licence, version 0.0.30), file
// database/backup/geodb.json. The package is not a dependency (it brings ~1,000 build
// tools with it); run this once against a copy of it:
//   npm pack thai-address-database@0.0.30 && tar xzf thai-address-database-0.0.30.tgz
//   node --import tsx scripts/derive-thai-places.ts package/database/backup/geodb.json
// geodb.json is jquery.Thailand.js's compact form: names are strings whose upper- and
// lower-case letters stand for words of a dictionary, or numbers indexing a lookup list.
// Entries repeat per postcode (kept once), and a few lack a code (made here: the next
// free number from 99 down, so real codes never collide). Bueng Kan (38) is under 97.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import "./lib/node-guard.ts";

type Raw = {
  lookup: string;
  words: string;
  data: [unknown, number, [unknown, number, [unknown, number, number][]][]][];
};
const raw = JSON.parse(await readFile(process.argv[2]!, "utf8")) as Raw;
const lookup = raw.lookup.split("|");
const words = raw.words.split("|");
const name = (text: unknown) =>
  (typeof text === "number" ? lookup[text]! : String(text)).replace(/[A-Z]/gi, (m) => {
    const ch = m.charCodeAt(0);
    return words[ch < 97 ? ch - 65 : 26 + ch - 97]!;
  });

/** The next free two-digit number under `prefix`, from 99 down. */
const freeCode = (used: Set<string>, prefix: string) => {
  for (let n = 99; n > 0; n--) {
    const code = prefix + String(n).padStart(2, "0");
    if (!used.has(code)) return code;
  }
  throw new Error(`no free code under ${prefix}`);
};

const provinces = raw.data.map(([p, pCode, districts]) => {
  const province = name(p) === "บึงกาฬ" ? "38" : String(pCode);
  const districtCodes = new Set(
    districts.map((d) => String(d[1])).filter((c) => c.length === 4 && c.startsWith(province)),
  );
  // A subdistrict listed under two districts (an old one and the one split from it): once.
  const rawSeen = new Set<string>();
  return {
    code: province,
    nameTh: name(p),
    districts: districts.map(([d, dCode, subs]) => {
      let code = String(dCode);
      if (!(code.length === 4 && code.startsWith(province))) {
        code = freeCode(districtCodes, province);
        districtCodes.add(code);
      }
      const seen = new Map<string, string>();
      const subCodes = new Set(subs.map((s) => String(s[1])).filter((c) => c.length === 6 && c.startsWith(code)));
      for (const [s, sCode] of subs) {
        const th = name(s);
        // The same subdistrict under another postcode: by its code, or by its name.
        const rawCode = String(sCode);
        if ((rawCode.length === 6 && rawSeen.has(rawCode)) || [...seen.values()].includes(th)) continue;
        rawSeen.add(rawCode);
        let c = String(sCode);
        if (!(c.length === 6 && c.startsWith(code))) {
          c = freeCode(subCodes, code);
          subCodes.add(c);
        }
        seen.set(c, th);
      }
      return { code, nameTh: name(d), subdistricts: [...seen].map(([c, th]) => [c, th]).sort() };
    }),
  };
});
provinces.sort((a, b) => a.code.localeCompare(b.code));
for (const p of provinces) p.districts.sort((a, b) => a.code.localeCompare(b.code));
const out = path.join(import.meta.dirname, "../web/geography/data/thai-places.json");
await writeFile(
  out,
  JSON.stringify({ source: "thai-address-database 0.0.30 (ISC), database/backup/geodb.json", provinces }) + "\n",
);
const districts = provinces.flatMap((p) => p.districts);
console.log(
  `${provinces.length} provinces, ${districts.length} districts, ${districts.reduce((n, d) => n + d.subdistricts.length, 0)} subdistricts → ${out}`,
);
