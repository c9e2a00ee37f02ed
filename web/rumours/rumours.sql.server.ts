// The rumour desk's SQL, in one place (ADR 0021): the photos waiting their perceptual hash
// (taken locked, so two workers never hash one photo twice), and the search for those
// nearest a circulating image — the distance counted by PostgreSQL (bit_count of the XOR
// of two 256-bit hashes), over every hashed photo of the election. Rows are typed here.
import type pg from "pg";

type Client = pg.Pool | pg.PoolClient;

/** The oldest photos without a hash (count forms, boards, checklists: not incidents'),
 *  locked for this transaction; other workers skip them. */
export async function takeUnhashedPhotos(client: pg.PoolClient, limit: number) {
  const { rows } = await client.query<{ id: string; storageKey: string }>(
    `SELECT id, "storageKey" FROM "TallyPhoto"
      WHERE phash IS NULL AND "incidentId" IS NULL
      ORDER BY "createdAt" LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows;
}

/** A photo's hash ("" for one that cannot be decoded: not tried again). */
export async function storePhotoHash(client: pg.PoolClient, id: string, phash: string) {
  await client.query(`UPDATE "TallyPhoto" SET phash = $2 WHERE id = $1`, [id, phash]);
}

/** The election's photos whose hash is at most `maxBits` from `phash`, nearest first. */
export async function nearestPhotos(client: Client, electionId: string, phash: string, maxBits: number, limit = 5) {
  const { rows } = await client.query<{
    id: string;
    unitCode: string;
    ballot: string;
    kind: string;
    sha256: string;
    distance: number;
  }>(
    `SELECT * FROM (
       SELECT id, "unitCode", ballot, kind, sha256,
              bit_count(('x' || phash)::bit(256) # ('x' || $2)::bit(256))::int AS distance
         FROM "TallyPhoto"
        WHERE "electionId" = $1 AND "incidentId" IS NULL AND length(phash) = 64) p
      WHERE distance <= $3 ORDER BY distance, id LIMIT $4`,
    [electionId, phash, maxBits, limit],
  );
  return rows;
}

/** How many of the election's photos still wait their hash. */
export async function unhashedCount(client: Client, electionId: string) {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "TallyPhoto"
      WHERE phash IS NULL AND "incidentId" IS NULL AND "electionId" = $1`,
    [electionId],
  );
  return rows[0]!.n;
}
