// The JSON the feed and the public pages share, so both always say the same.
import { currentElection } from "../tally/entries.server.ts";
import {
  constituencyCsvRows,
  constituencyOverview,
  constituencyResults,
  nationalResults,
  unitResults,
} from "./results.server.ts";
import { lastChangeSeq } from "./results.sql.server.ts";

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
      // Party-list unit ballots at each verification level (verified, decided, reported, flagged, disputed).
      levels: n.levels,
    },
    turnout: n.turnout,
    partyList: {
      valid: n.valid,
      invalid: n.invalid,
      voteNo: n.voteNo,
      parties: n.parties,
      seatsProjected: n.seatProjection.published ? n.seatsInContest : null,
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
      coverage: { units: c.units, reported: c.unitsReported, verified: c.unitsVerified, levels: c.levels },
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

export { constituencyCsvRows, lastChangeSeq };

/** The media CSV's columns (routes/api.v1.results.constituencies[.csv].ts). */
export const CSV_COLUMNS = [
  "province",
  "constituency",
  "candidate_no",
  "candidate_name",
  "party",
  "votes",
  "standing",
  "result",
  "margin",
  "invalid",
  "vote_no",
  "units_verified",
  "units_decided",
  "units_reported",
  "units_flagged",
  "units_disputed",
  "units",
  "as_of_change",
] as const;
