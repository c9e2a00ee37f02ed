// The rumour desk's perceptual hashes (issue 42): the workers' hashing loop over phone
// photos of count forms (1600 × 1200 JPEG, ~1 MB, as a phone sends them), and the desk's
// search for a circulating image's original among a national night's hashed photos
// (190,000: two per unit), the distance counted by PostgreSQL. Prints photos hashed per
// second and CPU per photo (one worker; each worker takes its own share), and the search's
// time. `--size N` changes the number of photos hashed (default 300).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { randomBytes } from "node:crypto";
import jpeg from "jpeg-js";
import pg from "pg";
import { benchSize, scratchDatabase, seconds } from "./lib.ts";
import { percentiles } from "./ingest-lib.ts";

const HASHED = benchSize() ?? 300;
const NATIONAL = 190_000;
const SEARCHES = 20;

const database = await scratchDatabase("phash");
process.env.DATABASE_URL = database.url;
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "bench-phash-"));
const { storePhoto } = await import("../../web/tally/photos.server.ts");
const { hashWaitingPhotos, logClaim, originalsFor } = await import("../../web/rumours/rumour-desk.server.ts");
const { closeDb } = await import("../../web/db/db.server.ts");
const client = new pg.Client({ connectionString: database.url });
await client.connect();
const { rows: elected } = await client.query<{ id: string }>(
  `INSERT INTO "Election" (id, slug, "nameTh", "nameEn", date, "closesAt") VALUES (gen_random_uuid(), 'phash', 'ทดสอบ', 'Bench', '2027-03-14', '2027-03-14T10:00:00Z') RETURNING id`,
);
const electionId = elected[0]!.id;
const uploader = "00000000-0000-4000-8000-000000000001";

/** A phone's photo of a form: ruled rows and boxes placed by the seed, JPEG at quality 85. */
function formPhoto(seed: number, doctor = false) {
  const [w, h] = [1600, 1200];
  const data = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const box = (Math.floor(y / 80) * 7 + seed) % 5 === 0 && x > 900 && x < 900 + ((seed * 37 + y) % 400);
      const changed = doctor && y > 800 && y < 860 && x > 1000 && x < 1200;
      const v = changed ? 20 : y % 80 < 4 || x < 60 || box ? 35 : 228;
      data[i] = data[i + 1] = data[i + 2] = v + ((x * 7 + y * 13 + seed) % 9);
      data[i + 3] = 255;
    }
  return jpeg.encode({ data, width: w, height: h }, 85).data;
}

console.log(`storing ${HASHED} phone photos of forms…`);
const distinct = Array.from({ length: 20 }, (_, k) => formPhoto(k + 1));
for (let i = 0; i < HASHED; i++)
  // Bytes after the JPEG's end: another file (its own SHA-256), the same picture.
  await storePhoto(Readable.from([Buffer.concat([distinct[i % distinct.length]!, Buffer.from(` ${i}`)])]), {
    electionId,
    unitCode: `10-01-100101-${String(i + 1).padStart(3, "0")}`,
    ballot: "constituency",
    kind: "form",
    userId: uploader,
  });
console.log(`bytes per photo ≈ ${Math.round(distinct[0]!.length / 1024)} KB; hashing…`);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let hashed = 0;
for (let n; (n = await hashWaitingPhotos()) > 0;) hashed += n;
const hashMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);

// The rest of the night's photos, hashed (random hashes: what matters is the scan).
console.log(`adding ${NATIONAL - HASHED} hashed photos for the search…`);
for (let done = 0; done < NATIONAL - HASHED; done += 10_000) {
  const n = Math.min(10_000, NATIONAL - HASHED - done);
  await client.query(
    `INSERT INTO "TallyPhoto" (id, "electionId", "unitCode", ballot, kind, sha256, "storageKey", "contentType", bytes, "uploadedById", phash)
     SELECT gen_random_uuid(), $2, 'x-' || i, 'constituency', 'form', md5(h), 'bench', 'image/jpeg', 1, $3, h
       FROM unnest($1::text[]) WITH ORDINALITY AS x(h, i)`,
    [Array.from({ length: n }, () => randomBytes(32).toString("hex")), electionId, uploader],
  );
}
await client.query(`ANALYZE "TallyPhoto"`);

const claim = await logClaim({ id: uploader }, electionId, { text: "doctored" }, Readable.from([formPhoto(3, true)]));
const searchMs: number[] = [];
let found = false;
for (let i = 0; i < SEARCHES; i++) {
  const t = performance.now();
  const { similar } = await originalsFor(claim.id);
  searchMs.push(performance.now() - t);
  found = similar.length > 0 && similar[0]!.unitCode.startsWith("10-01-");
}
const search = percentiles(searchMs);

await client.end();
await closeDb();
await database.drop();
console.log(
  JSON.stringify({
    bench: "phash",
    photosHashed: hashed,
    photoKB: Math.round(distinct[0]!.length / 1024),
    hashesPerSecond: Math.round((10 * hashed) / (hashMs / 1000)) / 10,
    cpuMsPerPhoto: Math.round((cpu.user + cpu.system) / hashed / 100) / 10,
    hashSeconds: seconds(hashMs),
    searchOver: NATIONAL,
    searchMs: { p50: Math.round(search.p50), p95: Math.round(search.p95) },
    doctoredCopyFindsOriginal: found,
    workersFor190kInOneHour: Math.ceil(NATIONAL / 3600 / (hashed / (hashMs / 1000))),
  }),
);
process.exit(0);
