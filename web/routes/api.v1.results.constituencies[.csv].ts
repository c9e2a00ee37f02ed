import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { db } from "../db/db.server.ts";
import { cacheable, requireOutlet } from "../results/feed.server.ts";
import { currentElection } from "../tally/entries.server.ts";

// One row per constituency and candidate, in the columns of ECT's per-constituency files
// (จังหวัด, เขต, หมายเลข, ชื่อ, พรรค, คะแนน) plus the coverage it rests on.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const election = await currentElection();
  const rows = await db().$queryRaw<
    {
      province: string;
      constituency: string;
      number: number;
      name: string;
      party: string | null;
      votes: number;
      verified: number;
      units: number;
    }[]
  >`
    SELECT p."nameTh" AS province, c.id AS constituency, k.number, k."nameTh" AS name, pa."nameTh" AS party,
           coalesce(v.votes, 0)::int AS votes, coalesce(t."unitsVerified", 0)::int AS verified,
           (SELECT count(*)::int FROM "PollingUnit" u WHERE u."constituencyId" = c.id) AS units
      FROM "Candidate" k JOIN "Constituency" c ON c.id = k."constituencyId" JOIN "Province" p ON p.code = c."provinceCode"
      LEFT JOIN "Party" pa ON pa.id = k."partyId"
      LEFT JOIN "VoteTotal" v ON v."electionId" = k."electionId" AND v.ballot = 'constituency' AND v."constituencyId" = c.id AND v.number = k.number
      LEFT JOIN "ConstituencyTotal" t ON t."electionId" = k."electionId" AND t.ballot = 'constituency' AND t."constituencyId" = c.id
     WHERE k."electionId" = ${election.id}::uuid ORDER BY c.id, k.number`;
  const csv =
    "\uFEFF" +
    stringify([
      ["province", "constituency", "candidate_no", "candidate_name", "party", "votes", "units_verified", "units"],
      ...rows.map((r) => [r.province, r.constituency, r.number, r.name, r.party ?? "", r.votes, r.verified, r.units]),
    ]);
  return cacheable(request, csv, "text/csv; charset=utf-8");
}
