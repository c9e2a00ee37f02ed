// npm run bench -- <name> [--size N]: runs test/bench/<name>.ts. Each benchmark prints
// progress lines and, last, one JSON line with its figures. Not a timed test.
import "../../scripts/lib/node-guard.ts";
import { readdirSync } from "node:fs";
import path from "node:path";

const [name, ...rest] = process.argv.slice(2);
const available = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith(".ts") && !["run.ts", "lib.ts"].includes(f))
  .map((f) => f.replace(/\.ts$/, ""));
if (!name || !available.includes(name)) {
  console.error(`Usage: npm run bench -- <name> [--size N]; available: ${available.join(", ")}`);
  process.exit(2);
}
const sizeFlag = rest.indexOf("--size");
if (sizeFlag >= 0) process.env.BENCH_SIZE = rest[sizeFlag + 1];
await import(path.join(import.meta.dirname, `${name}.ts`));
