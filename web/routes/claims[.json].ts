import type { LoaderFunctionArgs } from "@remix-run/node";
import { currentElection } from "../elections/elections.server.ts";
import { verdictExport } from "../rumours/rumour-desk.server.ts";

// The published verdicts as JSON (issue 42): for newsrooms and other fact-checkers.
export async function loader({ request }: LoaderFunctionArgs) {
  const election = await currentElection(new URL(request.url).searchParams.get("election"));
  return Response.json(
    { election: election.slug, verdicts: await verdictExport(election.id) },
    { headers: { "cache-control": "public, max-age=60" } },
  );
}
