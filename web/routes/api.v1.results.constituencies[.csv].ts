import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { constituencyCandidateRows, lastChangeSeq } from "../results/api.server.ts";
import { cacheable, requireOutlet } from "../http/feed.server.ts";
import { currentElection } from "../tally/entries.server.ts";

// One row per constituency and candidate, in the columns of ECT's per-constituency files
// (จังหวัด, เขต, หมายเลข, ชื่อ, พรรค, คะแนน) plus the coverage it rests on.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const election = await currentElection();
  const asOfChange = await lastChangeSeq(election.id);
  const rows = await constituencyCandidateRows(election.id);
  const csv =
    "\uFEFF" +
    stringify([
      // as_of_change: the feed's change sequence number this file reflects (/api/v1/changes?after=…).
      [
        "province",
        "constituency",
        "candidate_no",
        "candidate_name",
        "party",
        "votes",
        "units_verified",
        "units",
        "as_of_change",
      ],
      ...rows.map((r) => [
        r.province,
        r.constituency,
        r.number,
        r.name,
        r.party ?? "",
        r.votes,
        r.verified,
        r.units,
        asOfChange,
      ]),
    ]);
  return cacheable(request, csv, "text/csv; charset=utf-8");
}
