// Evidence's SQL, in one place (ADR 0021): building an anchor batch — which photos wait,
// taking them (locked, so two workers never take one photo twice), and writing each
// photo's Merkle proof in one statement. Rows are typed here.
import type pg from "pg";

type Client = pg.PoolClient;

/** A batch is due when photos wait and either the interval since the last batch is over
 *  or enough photos wait to fill one. */
export async function batchIsDue(
  client: Client,
  now: Date,
  settings: { intervalSeconds: number; batchPhotos: number },
) {
  const { rows } = await client.query<{ waiting: number; interval_over: boolean }>(
    `SELECT (SELECT count(*)::int FROM "TallyPhoto" WHERE "anchorBatchId" IS NULL) AS waiting,
            coalesce((SELECT max("createdAt") FROM "AnchorBatch") <= $1::timestamp - make_interval(secs => $2), true) AS interval_over`,
    [now.toISOString(), settings.intervalSeconds],
  );
  const { waiting, interval_over } = rows[0]!;
  return waiting > 0 && (interval_over || waiting >= settings.batchPhotos);
}

/** The oldest waiting photos, locked for this transaction (others skip them). */
export async function takeWaitingPhotos(client: Client, limit: number) {
  const { rows } = await client.query<{
    id: string;
    sha256: string;
    unitCode: string;
    kind: string;
    submittedAt: string;
  }>(
    `SELECT id, sha256, "unitCode", kind, floor(extract(epoch FROM "createdAt"))::bigint AS "submittedAt"
       FROM "TallyPhoto" WHERE "anchorBatchId" IS NULL ORDER BY "createdAt", id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows;
}

export async function insertBatch(
  client: Client,
  b: {
    root: string;
    leaves: number;
    chain: { chainId: number; address: string };
    at: Date;
    kind?: "photos" | "quickcount_sample";
  },
) {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO "AnchorBatch" (id, root, "leafCount", "chainId", contract, status, "txHashes", "createdAt", "updatedAt", kind)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, 'built', '{}', $5, $5, $6) RETURNING id`,
    [b.root, b.leaves, b.chain.chainId, b.chain.address, b.at.toISOString(), b.kind ?? "photos"],
  );
  return rows[0]!.id;
}

/** Each photo's batch and Merkle proof, in one statement. */
export async function attachProofs(client: Client, batchId: string, photos: { id: string }[], proofs: string[][]) {
  await client.query(
    `UPDATE "TallyPhoto" p SET "anchorBatchId" = $1, "anchorProof" = x.proof
       FROM (SELECT unnest($2::uuid[]) AS id, unnest($3::text[]) AS proof_text) AS y,
            LATERAL (SELECT string_to_array(y.proof_text, ',') AS proof) AS x
      WHERE p.id = y.id`,
    [batchId, photos.map((p) => p.id), proofs.map((proof) => proof.join(","))],
  );
}
