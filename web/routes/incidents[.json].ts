import type { LoaderFunctionArgs } from "@remix-run/node";
import { invariantResponse, requireUser } from "../http/guards.server.ts";
import { currentElection } from "../elections/elections.server.ts";
import { incidentExport, mayTriage } from "../incidents/incidents.server.ts";

// The incidents in the caller's scope as JSON (issue 42): the same fields as the CSV.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  invariantResponse(mayTriage(user), "Forbidden / ไม่มีสิทธิ์", 403);
  const election = await currentElection(new URL(request.url).searchParams.get("election"));
  return Response.json(
    { election: election.slug, incidents: await incidentExport(user, election.id) },
    { headers: { "cache-control": "no-store" } },
  );
}
