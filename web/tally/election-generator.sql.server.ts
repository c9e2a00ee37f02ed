// A synthetic election for the demo, tests and benchmarks, all SQL (ADR 0021): a general
// election's two contests over today's constituencies, parties on the party-list ballot
// and candidates in every constituency.
import type pg from "pg";
import { insertElection, insertGeneralContests } from "./tally.sql.server.ts";

export const DEMO_PARTIES: [string, string, string][] = [
  ["พรรคก้าวหน้าประชาชน", "People's Progress Party", "#f47920"],
  ["พรรคเพื่อชาติไทย", "Thai Nation Party", "#e3000f"],
  ["พรรครวมใจพัฒนา", "United Development Party", "#1d4f9c"],
  ["พรรคประชาธิปไตยใหม่", "New Democracy Party", "#00a0e2"],
  ["พรรคเกษตรกรไทย", "Thai Farmers Party", "#2e8b57"],
  ["พรรคคนรุ่นใหม่", "New Generation Party", "#7b3fa0"],
  ["พรรคเสรีธรรม", "Liberal Justice Party", "#c9a227"],
  ["พรรคสิ่งแวดล้อม", "Green Party", "#4caf50"],
];
const GIVEN = ["สมศักดิ์", "วิไลวรรณ", "ประยุทธ", "ชัยวัฒน์", "นิภา", "สุรพล", "อัญชลี", "ธีระ"];
const FAMILY = ["ศรีสวัสดิ์", "ทองดี", "มีสุข", "แสงทอง", "พึ่งบุญ", "วงศ์ไทย"];

/** Creates the election with its parties and candidates (idempotent by slug). */
export async function createSyntheticElection(
  client: pg.Client | pg.PoolClient,
  opts: {
    slug: string;
    nameTh: string;
    nameEn: string;
    date: string;
    closesAt: string;
    candidatesPerConstituency?: number;
  },
) {
  const existing = await client.query<{ id: string }>(`SELECT id FROM "Election" WHERE slug = $1`, [opts.slug]);
  if (existing.rows[0]) return existing.rows[0].id;
  const electionId = await insertElection(client, opts);
  await insertGeneralContests(client, electionId);
  await client.query(
    `INSERT INTO "Party" (id, "electionId", number, "nameTh", "nameEn", colour)
     SELECT gen_random_uuid(), $1, n, th, en, c FROM unnest($2::int[], $3::text[], $4::text[], $5::text[]) AS t(n, th, en, c)`,
    [
      electionId,
      DEMO_PARTIES.map((_, i) => i + 1),
      DEMO_PARTIES.map((p) => p[0]),
      DEMO_PARTIES.map((p) => p[1]),
      DEMO_PARTIES.map((p) => p[2]),
    ],
  );
  const per = opts.candidatesPerConstituency ?? 6;
  await client.query(
    `INSERT INTO "Candidate" (id, "electionId", ballot, "areaCode", number, "nameTh", "partyId")
     SELECT gen_random_uuid(), $1, 'constituency', c.id, n, ($3::text[])[1 + (n + c.number) % array_length($3::text[], 1)] || ' ' || ($4::text[])[1 + (n * 7 + c.number) % array_length($4::text[], 1)],
            (SELECT p.id FROM "Party" p WHERE p."electionId" = $1 AND p.number = n)
       FROM "Constituency" c CROSS JOIN generate_series(1, $2::int) AS n`,
    [electionId, per, GIVEN, FAMILY],
  );
  return electionId;
}
