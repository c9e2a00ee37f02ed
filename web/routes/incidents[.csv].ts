import type { LoaderFunctionArgs } from "@remix-run/node";
import { invariantResponse, requireUser } from "../http/guards.server.ts";
import { currentElection } from "../elections/elections.server.ts";
import { INCIDENT_EXPORT_COLUMNS, incidentExport, mayTriage } from "../incidents/incidents.server.ts";
import { csvText } from "../csv/write.ts";

// The incidents in the caller's scope as CSV (issue 42), for a partner's legal team or a
// report: no reporter's name or phone; photos by their SHA-256, separated by spaces.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  invariantResponse(mayTriage(user), "Forbidden / ไม่มีสิทธิ์", 403);
  const election = await currentElection(new URL(request.url).searchParams.get("election"));
  const rows = await incidentExport(user, election.id);
  const csv = csvText([
    [...INCIDENT_EXPORT_COLUMNS],
    ...rows.map((r) => INCIDENT_EXPORT_COLUMNS.map((c) => (c === "photos" ? r.photos.join(" ") : r[c]))),
  ]);
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="incidents-${election.slug}.csv"`,
      "cache-control": "no-store",
    },
  });
}
