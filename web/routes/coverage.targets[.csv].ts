import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../http/guards.server.ts";
import { recruitmentTargetsCsv } from "../assignment/coverage.server.ts";
import { requestElectionOrNull } from "../http/election-param.server.ts";

// Which areas need people: for partner organisations' recruiters. No personal data.
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "coverage:read");
  const election = await requestElectionOrNull(request);
  return new Response(await recruitmentTargetsCsv(election?.id ?? null), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="recruitment-targets-${new Date().toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
}
