// npm run geo:generate -- [--out file] [--seed N] [--provinces 10,50]
// Writes the synthetic country as geography CSV (stdout when no --out).
import "./lib/node-guard.ts";
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { generateCountryCsv } from "../web/geography/generator.ts";

const { values } = parseArgs({
  options: { out: { type: "string" }, seed: { type: "string" }, provinces: { type: "string" } },
});
const csv = Readable.from(
  generateCountryCsv({
    seed: values.seed ? Number(values.seed) : undefined,
    provinces: values.provinces?.split(",").map((p) => p.trim()),
  }),
);
await pipeline(csv, values.out ? createWriteStream(values.out) : process.stdout);
if (values.out) console.error(`wrote ${values.out}`);
