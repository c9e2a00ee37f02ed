import type { LoaderFunctionArgs } from "@remix-run/node";
import { currentElection } from "../elections/elections.server.ts";
import { VERDICT_EXPORT_COLUMNS, verdictExport } from "../rumours/rumour-desk.server.ts";
import { csvText } from "../csv/write.ts";

// The published verdicts as CSV (issue 42).
export async function loader({ request }: LoaderFunctionArgs) {
  const election = await currentElection(new URL(request.url).searchParams.get("election"));
  const rows = await verdictExport(election.id);
  return new Response(
    csvText([[...VERDICT_EXPORT_COLUMNS], ...rows.map((r) => VERDICT_EXPORT_COLUMNS.map((c) => r[c]))]),
    {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="verdicts-${election.slug}.csv"`,
        "cache-control": "public, max-age=60",
      },
    },
  );
}
