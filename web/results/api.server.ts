// The JSON the feed and the public pages share, so both always say the same.
import { currentElection } from "../tally/entries.server.ts";
import { constituencyOverview, constituencyResults, nationalResults, unitResults } from "./results.server.ts";
import { constituencyCandidateRows, lastChangeSeq } from "./results.sql.server.ts";

export async function nationalJson() {
  const election = await currentElection();
  const asOfChange = await lastChangeSeq(election.id);
  const n = await nationalResults(election.id);
  return {
    asOfChange,
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
      seatsProjected: n.seatProjection.published ? 100 : null,
      seatProjection: n.seatProjection,
      seatsNote:
        "largest remainder on verified units only, published above the coverage in seatProjection.rests; early reports are not a random sample",
    },
  };
}

export async function constituencyJson(id: string) {
  const election = await currentElection();
  const asOfChange = await lastChangeSeq(election.id);
  const c = await constituencyResults(election.id, id);
  return (
    c && {
      election: election.slug,
      asOfChange,
      ...c,
      coverage: { units: c.units, reported: c.unitsReported, verified: c.unitsVerified },
    }
  );
}

export async function constituenciesJson() {
  const election = await currentElection();
  const asOfChange = await lastChangeSeq(election.id);
  return { election: election.slug, asOfChange, constituencies: await constituencyOverview(election.id) };
}

export async function unitJson(code: string) {
  const election = await currentElection();
  const asOfChange = await lastChangeSeq(election.id);
  return { election: election.slug, asOfChange, unit: code, ballots: await unitResults(election.id, code) };
}

export { constituencyCandidateRows, lastChangeSeq };
