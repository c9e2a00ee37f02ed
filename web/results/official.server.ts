// The ECT's official per-unit figures, once published: imported from its CSV (one row
// per unit, ballot and number) and compared with our verified results, unit by unit and
// constituency by constituency.
import type { Readable } from "node:stream";
import type pg from "pg";
import { db } from "../db/db.server.ts";
import { readCheckedCsv } from "../csv/records.ts";
import type { ElectionLineError } from "../tally/election-import.server.ts";

export const OFFICIAL_COLUMNS = ["unit_code", "ballot", "number", "votes"] as const;

export type OfficialImportResult =
  { ok: true; rows: number; changed: number } | { ok: false; errors: ElectionLineError[] };

/** All or nothing, checked line by line; importing the same file again changes nothing. */
export async function importOfficialCsv(
  client: pg.PoolClient | pg.Client,
  electionId: string,
  input: Readable,
): Promise<OfficialImportResult> {
  const units = new Set(
    (await client.query<{ code: string }>(`SELECT code FROM "PollingUnit"`)).rows.map((r) => r.code),
  );
  const firstLine = new Map<string, number>();
  const { rows, errors } = await readCheckedCsv<[string, string, number, number]>(
    input,
    OFFICIAL_COLUMNS,
    (raw, line, fail) => {
      const ok = {
        unit: units.has(raw.unit_code!),
        ballot: raw.ballot === "constituency" || raw.ballot === "party_list",
        number: /^\d{1,3}$/.test(raw.number!),
        votes: /^\d{1,5}$/.test(raw.votes!),
      };
      if (!ok.unit) fail("unit", { value: raw.unit_code!.slice(0, 30) });
      if (!ok.ballot) fail("ballot", { value: raw.ballot!.slice(0, 20) });
      if (!ok.number) fail("number");
      if (!ok.votes) fail("votes");
      const key = `${raw.unit_code}|${raw.ballot}|${raw.number}`;
      if (firstLine.has(key)) fail("duplicate", { first: firstLine.get(key)! });
      else firstLine.set(key, line);
      return Object.values(ok).every(Boolean)
        ? [raw.unit_code!, raw.ballot!, Number(raw.number), Number(raw.votes)]
        : null;
    },
    1024,
  );
  if (errors.length) return { ok: false, errors };
  await client.query("BEGIN");
  try {
    let changed = 0;
    for (let i = 0; i < rows.length; i += 20_000) {
      const part = rows.slice(i, i + 20_000);
      const { rows: r } = await client.query<{ n: number }>(
        `WITH up AS (
           INSERT INTO "OfficialVote" ("electionId", "unitCode", ballot, number, votes)
           SELECT $1, u, b::"BallotKind", n, v FROM unnest($2::text[], $3::text[], $4::int[], $5::int[]) AS t(u, b, n, v)
           ON CONFLICT ("electionId", "unitCode", ballot, number) DO UPDATE SET votes = EXCLUDED.votes WHERE "OfficialVote".votes IS DISTINCT FROM EXCLUDED.votes
           RETURNING 1)
         SELECT count(*)::int AS n FROM up`,
        [electionId, part.map((x) => x[0]), part.map((x) => x[1]), part.map((x) => x[2]), part.map((x) => x[3])],
      );
      changed += r[0]!.n;
    }
    await client.query("COMMIT");
    return { ok: true, rows: rows.length, changed };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

/** Where the official figures and our verified ones differ: per constituency and number
 *  (over the units both have), and the units with any difference; all, or one
 *  constituency's (its public page). */
export async function officialDifferences(
  electionId: string,
  options: { constituencyId?: string; take?: number } = {},
) {
  const take = options.take ?? 200;
  const units = options.constituencyId ? `${options.constituencyId}-%` : "%";
  const [byConstituency, differing] = await Promise.all([
    db().$queryRaw<{ constituencyId: string; ballot: string; number: number; ours: number; official: number }[]>`
      WITH ours AS (
        SELECT r."unitCode", r.ballot, v.key::int AS number, v.value::int AS votes
          FROM "UnitResult" r JOIN "TallyEntry" e ON e.id = r."verifiedEntryId", jsonb_each_text(e.votes) v
         WHERE r."electionId" = ${electionId}::uuid AND r.status = 'verified'
      )
      SELECT left(o."unitCode", 5) AS "constituencyId", o.ballot::text AS ballot, o.number, sum(x.votes)::int AS ours, sum(o.votes)::int AS official
        FROM "OfficialVote" o JOIN ours x ON x."unitCode" = o."unitCode" AND x.ballot = o.ballot AND x.number = o.number
       WHERE o."electionId" = ${electionId}::uuid AND o."unitCode" LIKE ${units}
       GROUP BY 1, 2, 3 HAVING sum(x.votes) <> sum(o.votes) ORDER BY 1, 2, 3`,
    db().$queryRaw<{ unitCode: string; ballot: string; number: number; ours: number; official: number }[]>`
      SELECT o."unitCode", o.ballot::text AS ballot, o.number, (v.value)::int AS ours, o.votes AS official
        FROM "OfficialVote" o
        JOIN "UnitResult" r ON r."electionId" = o."electionId" AND r."unitCode" = o."unitCode" AND r.ballot = o.ballot AND r.status = 'verified'
        JOIN "TallyEntry" e ON e.id = r."verifiedEntryId"
        JOIN LATERAL jsonb_each_text(e.votes) v ON v.key::int = o.number
       WHERE o."electionId" = ${electionId}::uuid AND o."unitCode" LIKE ${units} AND (v.value)::int <> o.votes
       ORDER BY 1, 2, 3 LIMIT ${take}`,
  ]);
  const compared = await db().$queryRaw<{ n: number }[]>`
    SELECT count(DISTINCT (o."unitCode", o.ballot))::int AS n FROM "OfficialVote" o
      JOIN "UnitResult" r ON r."electionId" = o."electionId" AND r."unitCode" = o."unitCode" AND r.ballot = o.ballot AND r.status = 'verified'
     WHERE o."electionId" = ${electionId}::uuid AND o."unitCode" LIKE ${units}`;
  return { compared: compared[0]!.n, byConstituency, units: differing };
}
