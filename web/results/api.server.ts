// The JSON the feed and the public pages share, so both always say the same.
import { db } from "../db/db.server.ts";
import { currentElection } from "../tally/entries.server.ts";
import { constituencyOverview, constituencyResults, nationalResults, unitResults } from "./results.server.ts";

export async function nationalJson() {
  const election = await currentElection();
  const n = await nationalResults(election.id);
  return {
    election: {
      slug: election.slug,
      nameTh: election.nameTh,
      nameEn: election.nameEn,
      date: election.date.toISOString().slice(0, 10),
    },
    coverage: {
      units: n.units,
      reported: n.unitsReported,
      verified: n.unitsVerified,
      verifiedShare: n.units ? n.unitsVerified / n.units : 0,
    },
    turnout: n.turnout,
    partyList: {
      valid: n.valid,
      invalid: n.invalid,
      voteNo: n.voteNo,
      parties: n.parties,
      seatsProjected: 100,
      seatsNote: "largest remainder on verified units only",
    },
  };
}

export async function constituencyJson(id: string) {
  const election = await currentElection();
  const c = await constituencyResults(election.id, id);
  return (
    c && {
      election: election.slug,
      ...c,
      coverage: { units: c.units, reported: c.unitsReported, verified: c.unitsVerified },
    }
  );
}

export async function constituenciesJson() {
  const election = await currentElection();
  return { election: election.slug, constituencies: await constituencyOverview(election.id) };
}

export async function unitJson(code: string) {
  const election = await currentElection();
  return { election: election.slug, unit: code, ballots: await unitResults(election.id, code) };
}

/** One row per constituency and candidate with its votes and the coverage they rest on
 *  (the media's CSV, in ECT's per-constituency columns). */
export function constituencyCandidateRows(electionId: string) {
  return db().$queryRaw<
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
     WHERE k."electionId" = ${electionId}::uuid ORDER BY c.id, k.number`;
}
