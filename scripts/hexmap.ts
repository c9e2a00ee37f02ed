// npm run hexmap -- [--csv geography.csv] [--per-degree 2.6]
// Makes the equal-area hex maps the results pages draw (web/results/hexmap/*.hex.json) from
// the geography: each constituency (and each Bangkok district, for a Bangkok election)
// placed by the mean position of its polling units, a province's areas kept together
// (web/results/hexmap/layout.ts). With --csv it reads a geography CSV in the import's
// format (docs/geography-csv.md) — run it on the real ECT geography before the night and
// commit the files; without, the synthetic country the demo and the tests use.
import "./lib/node-guard.ts";
import { createReadStream, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { generateCountry } from "../web/geography/generator.ts";
import { csvRecords, readHeader } from "../web/csv/records.ts";
import { GEO_COLUMNS, type GeoCsvRow } from "../web/geography/csv-format.ts";
import { hexLayout, type AreaPoint } from "../web/results/hexmap/layout.ts";

const { values } = parseArgs({ options: { csv: { type: "string" }, "per-degree": { type: "string" } } });
const perDegree = Number(values["per-degree"] ?? 2.6);

async function* rows(): AsyncGenerator<GeoCsvRow> {
  if (!values.csv) return yield* generateCountry();
  let header: string[] | null = null;
  for await (const { record } of csvRecords(createReadStream(values.csv), 1 << 20)) {
    if (!header) {
      const read = readHeader(record, GEO_COLUMNS);
      if (read.missing.length) throw new Error(`${values.csv}: no column ${read.missing.join(", ")}`);
      header = read.header;
      continue;
    }
    yield Object.fromEntries(header.map((h, i) => [h, record[i] ?? ""])) as GeoCsvRow;
  }
}

/** Sums of positions per area, then their means. */
class Means {
  readonly areas = new Map<string, { name: string; group: string; lat: number; lng: number; n: number }>();
  add(id: string, name: string, group: string, lat: number, lng: number) {
    const a = this.areas.get(id) ?? { name, group, lat: 0, lng: 0, n: 0 };
    a.lat += lat;
    a.lng += lng;
    a.n++;
    this.areas.set(id, a);
  }
  points(): AreaPoint[] {
    return [...this.areas].map(([id, a]) => ({ id, name: a.name, group: a.group, lat: a.lat / a.n, lng: a.lng / a.n }));
  }
}

const constituencies = new Means();
const bangkokDistricts = new Means();
for await (const row of rows()) {
  const lat = Number(row.latitude);
  const lng = Number(row.longitude);
  if (!row.latitude || !row.longitude || !Number.isFinite(lat) || !Number.isFinite(lng)) continue;
  const id = `${row.province_code}-${row.constituency_no.padStart(2, "0")}`;
  constituencies.add(id, `${row.province_name_th} เขต ${Number(row.constituency_no)}`, row.province_code, lat, lng);
  if (row.province_code === "10") bangkokDistricts.add(row.district_code, row.district_name_th, "10", lat, lng);
}

const out = path.resolve(import.meta.dirname, "../web/results/hexmap");
for (const [file, means, scale] of [
  ["constituencies.hex.json", constituencies, perDegree],
  // Bangkok's districts lie within half a degree: a finer grid.
  ["bangkok-districts.hex.json", bangkokDistricts, perDegree * 10],
] as const) {
  const layout = hexLayout(means.points(), scale);
  writeFileSync(path.join(out, file), JSON.stringify(layout, null, 1) + "\n");
  console.log(`${file}: ${Object.keys(layout.hexes).length} hexes`);
}
