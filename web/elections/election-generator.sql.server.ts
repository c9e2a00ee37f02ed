// A synthetic election for the demo, tests and benchmarks, all SQL (ADR 0021): a general
// election's two contests over today's constituencies, parties on the party-list ballot
// and candidates in every constituency.
import type pg from "pg";
import { insertElection, insertGeneralContests } from "./elections.sql.server.ts";

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
  const electionId = await electionWithParties(client, opts);
  await insertGeneralContests(client, electionId);
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

type Client = pg.Client | pg.PoolClient;
type ContestHead = {
  key: string;
  kind: string;
  nameTh: string;
  nameEn: string;
  seats?: number | null;
  position: number;
};

async function insertContestRow(client: Client, electionId: string, c: ContestHead) {
  await client.query(
    `INSERT INTO "Contest" (id, "electionId", key, kind, "nameTh", "nameEn", seats, position)
     VALUES (gen_random_uuid(), $1, $2, $3::"ContestKind", $4, $5, $6, $7)`,
    [electionId, c.key, c.kind, c.nameTh, c.nameEn, c.seats ?? null, c.position],
  );
}

/** A contest whose areas are districts (เขต/อำเภอ) of a province, each with the units of
 *  its subdistricts. */
async function contestOverDistricts(client: Client, electionId: string, c: ContestHead, province: string) {
  await insertContestRow(client, electionId, c);
  await client.query(
    `INSERT INTO "ContestArea" ("electionId", ballot, code, "nameTh", "nameEn", seats)
     SELECT $1, $2, d.code, CASE WHEN d."provinceCode" = '10' THEN 'เขต' ELSE 'อำเภอ' END || d."nameTh", d."nameEn", 1 FROM "District" d
      WHERE d."provinceCode" = $3 AND EXISTS (SELECT 1 FROM "Subdistrict" s JOIN "PollingUnit" u ON u."subdistrictCode" = s.code WHERE s."districtCode" = d.code)`,
    [electionId, c.key, province],
  );
  await client.query(
    `INSERT INTO "AreaUnit" ("electionId", ballot, "unitCode", "areaCode")
     SELECT $1, $2, u.code, s."districtCode" FROM "PollingUnit" u JOIN "Subdistrict" s ON s.code = u."subdistrictCode"
      WHERE left(s."districtCode", 2) = $3`,
    [electionId, c.key, province],
  );
}

/** A contest whose areas are constituencies (all, or the ones named), each with its units. */
async function contestOverConstituencies(
  client: Client,
  electionId: string,
  c: ContestHead,
  constituencies: string[] | null,
) {
  await insertContestRow(client, electionId, c);
  await client.query(
    `INSERT INTO "ContestArea" ("electionId", ballot, code, "nameTh", "nameEn", seats)
     SELECT $1, $2, k.id, p."nameTh" || ' เขต ' || k.number, p."nameEn" || ' constituency ' || k.number, 1
       FROM "Constituency" k JOIN "Province" p ON p.code = k."provinceCode"
      WHERE $3::text[] IS NULL OR k.id = ANY($3::text[])`,
    [electionId, c.key, constituencies],
  );
  await client.query(
    `INSERT INTO "AreaUnit" ("electionId", ballot, "unitCode", "areaCode")
     SELECT $1, $2, u.code, u."constituencyId" FROM "PollingUnit" u
      WHERE $3::text[] IS NULL OR u."constituencyId" = ANY($3::text[])`,
    [electionId, c.key, constituencies],
  );
}

/** Candidates numbered 1…n in each area of a contest (or once, contest-wide: area "*"),
 *  every other one with a party. */
async function syntheticCandidates(
  client: Client,
  electionId: string,
  ballot: string,
  n: number,
  contestWide: boolean,
) {
  await client.query(
    `INSERT INTO "Candidate" (id, "electionId", ballot, "areaCode", number, "nameTh", "partyId")
     SELECT gen_random_uuid(), $1, $2, a.code, n,
            ($4::text[])[1 + (n + length(a.code)) % array_length($4::text[], 1)] || ' ' || ($5::text[])[1 + (n * 7 + ascii(right(a.code, 1))) % array_length($5::text[], 1)],
            CASE WHEN n % 2 = 1 THEN (SELECT p.id FROM "Party" p WHERE p."electionId" = $1 AND p.number = 1 + (n / 2) % 8) END
       FROM (SELECT code FROM "ContestArea" WHERE "electionId" = $1 AND ballot = $2 AND NOT $6::boolean
             UNION ALL SELECT '*' WHERE $6::boolean) a
      CROSS JOIN generate_series(1, $3::int) AS n`,
    [electionId, ballot, n, GIVEN, FAMILY, contestWide],
  );
}

type ElectionHead = { slug: string; nameTh: string; nameEn: string; date: string; closesAt: string };

async function electionWithParties(client: Client, opts: ElectionHead) {
  const electionId = await insertElection(client, { ...opts, rehearsal: true }); // synthetic figures: the feed says test
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
  return electionId;
}

/** A Bangkok election in the shape of 2022's: the governor (one seat over the whole city,
 *  its count kept per เขต) and the council (one member per เขต), both over Bangkok's units
 *  (idempotent by slug). */
export async function createBangkokElection(
  client: Client,
  opts: ElectionHead & { governorCandidates?: number; councilCandidates?: number },
) {
  const existing = await client.query<{ id: string }>(`SELECT id FROM "Election" WHERE slug = $1`, [opts.slug]);
  if (existing.rows[0]) return existing.rows[0].id;
  const electionId = await electionWithParties(client, opts);
  await contestOverDistricts(
    client,
    electionId,
    { key: "governor", kind: "area_wide", nameTh: "ผู้ว่าราชการกรุงเทพมหานคร", nameEn: "Governor of Bangkok", position: 1 },
    "10",
  );
  await contestOverDistricts(
    client,
    electionId,
    {
      key: "council",
      kind: "district",
      nameTh: "สมาชิกสภากรุงเทพมหานคร",
      nameEn: "Bangkok Metropolitan Council",
      position: 2,
    },
    "10",
  );
  await syntheticCandidates(client, electionId, "governor", opts.governorCandidates ?? 31, true);
  await syntheticCandidates(client, electionId, "council", opts.councilCandidates ?? 6, false);
  return electionId;
}

/** A by-election: the constituency contest in the named constituencies only. */
export async function createByElection(client: Client, opts: ElectionHead & { constituencies: string[] }) {
  const electionId = await electionWithParties(client, opts);
  await contestOverConstituencies(
    client,
    electionId,
    { key: "constituency", kind: "district", nameTh: "ส.ส. แบบแบ่งเขต", nameEn: "Constituency MPs", position: 1 },
    opts.constituencies,
  );
  await syntheticCandidates(client, electionId, "constituency", 4, false);
  return electionId;
}

/** A referendum question added to an election, at every unit of the country (its count
 *  kept per constituency), with its options (agree, disagree, abstain by default). */
export async function addReferendum(
  client: Client,
  electionId: string,
  opts: { key: string; nameTh: string; nameEn: string; position: number; options?: [string, string][] },
) {
  await contestOverConstituencies(
    client,
    electionId,
    { key: opts.key, kind: "referendum", nameTh: opts.nameTh, nameEn: opts.nameEn, position: opts.position },
    null,
  );
  const options = opts.options ?? [
    ["เห็นชอบ", "Agree"],
    ["ไม่เห็นชอบ", "Disagree"],
    ["ไม่แสดงความคิดเห็น", "No opinion"],
  ];
  await client.query(
    `INSERT INTO "Candidate" (id, "electionId", ballot, "areaCode", number, "nameTh", "nameEn")
     SELECT gen_random_uuid(), $1, $2, '*', n, th, en FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS t(th, en, n)`,
    [electionId, opts.key, options.map((o) => o[0]), options.map((o) => o[1])],
  );
}

/** A re-vote ordered at single units of an election: a new election with the same
 *  contests, parties and candidates, holding only those units (each in the area it had). */
export async function orderReVote(client: Client, sourceElectionId: string, opts: ElectionHead & { units: string[] }) {
  const electionId = await insertElection(client, { ...opts, rehearsal: true }); // synthetic figures: the feed says test
  await client.query(
    `INSERT INTO "Party" (id, "electionId", number, "nameTh", "nameEn", colour)
     SELECT gen_random_uuid(), $1, number, "nameTh", "nameEn", colour FROM "Party" WHERE "electionId" = $2`,
    [electionId, sourceElectionId],
  );
  await client.query(
    `INSERT INTO "Contest" (id, "electionId", key, kind, "nameTh", "nameEn", seats, position)
     SELECT gen_random_uuid(), $1, key, kind, "nameTh", "nameEn", seats, position FROM "Contest" WHERE "electionId" = $2`,
    [electionId, sourceElectionId],
  );
  await client.query(
    `INSERT INTO "ContestArea" ("electionId", ballot, code, "nameTh", "nameEn", seats)
     SELECT $1, a.ballot, a.code, a."nameTh", a."nameEn", a.seats FROM "ContestArea" a
      WHERE a."electionId" = $2 AND EXISTS (SELECT 1 FROM "AreaUnit" u WHERE u."electionId" = $2 AND u.ballot = a.ballot
                                             AND u."areaCode" = a.code AND u."unitCode" = ANY($3::text[]))`,
    [electionId, sourceElectionId, opts.units],
  );
  await client.query(
    `INSERT INTO "AreaUnit" ("electionId", ballot, "unitCode", "areaCode")
     SELECT $1, ballot, "unitCode", "areaCode" FROM "AreaUnit" WHERE "electionId" = $2 AND "unitCode" = ANY($3::text[])`,
    [electionId, sourceElectionId, opts.units],
  );
  await client.query(
    `INSERT INTO "Candidate" (id, "electionId", ballot, "areaCode", number, "nameTh", "nameEn", "partyId")
     SELECT gen_random_uuid(), $1, k.ballot, k."areaCode", k.number, k."nameTh", k."nameEn",
            (SELECT p2.id FROM "Party" p1 JOIN "Party" p2 ON p2."electionId" = $1 AND p2.number = p1.number WHERE p1.id = k."partyId")
       FROM "Candidate" k
      WHERE k."electionId" = $2 AND (k."areaCode" = '*' OR EXISTS (SELECT 1 FROM "ContestArea" a
             WHERE a."electionId" = $1 AND a.ballot = k.ballot AND a.code = k."areaCode"))`,
    [electionId, sourceElectionId],
  );
  return electionId;
}
