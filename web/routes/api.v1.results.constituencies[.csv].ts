import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvText } from "../csv/write.ts";
import { constituencyCsvRows, coverageCells, CSV_COLUMNS, lastChangeSeq } from "../results/api.server.ts";
import { cacheable, feedElection, requireOutlet } from "../http/feed.server.ts";

// One row per constituency and candidate, in the columns of ECT's per-constituency files
// (จังหวัด, เขต, หมายเลข, ชื่อ, พรรค, คะแนน), then the candidate's standing and the
// constituency's outcome (leader | tie | vote_no_wins | none), margin, invalid and vote-no,
// and the coverage it rests on: units at each verification level.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const election = await feedElection(request);
  const asOfChange = await lastChangeSeq(election.id);
  const rows = await constituencyCsvRows(election.id);
  const csv =
    "\uFEFF" +
    csvText([
      // as_of_change: the feed's change sequence number this file reflects (/api/v1/changes?after=…).
      [...CSV_COLUMNS],
      ...rows.map((r) => [
        r.province,
        r.constituency,
        r.number,
        r.name,
        r.party ?? "",
        r.votes,
        r.standing,
        r.result,
        r.margin ?? "",
        r.invalid,
        r.voteNo,
        ...coverageCells(r.levels, r.units, asOfChange),
      ]),
    ]);
  return cacheable(request, csv, "text/csv; charset=utf-8");
}
