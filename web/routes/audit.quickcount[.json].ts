import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestElection } from "../http/election-param.server.ts";
import { frameOf, sampleView } from "../quickcount/quickcount.server.ts";

// The revealed sample for auditors (after the close): the seed, the list, the commitment
// and its anchoring; with ?frame=1 also the frame it was drawn from (every unit of the
// election), so that the draw can be repeated with web/quickcount/sample.ts.
export async function loader({ request }: LoaderFunctionArgs) {
  const election = await requestElection(request);
  const revealed = Date.now() >= election.closesAt.getTime();
  const sample = await sampleView(election, { reveal: revealed });
  if (!sample) return Response.json({ error: "No quick-count sample / ไม่มีกลุ่มตัวอย่าง" }, { status: 404 });
  const withFrame = new URL(request.url).searchParams.get("frame") === "1";
  return Response.json(
    {
      election: election.slug,
      format: "quickcount-v1",
      commitmentOf: 'SHA-256 of "quickcount-v1", the seed and each unit code in code order, one per line',
      revealed,
      ...sample,
      frame: revealed && withFrame ? await frameOf(election.id) : undefined,
    },
    { headers: { "cache-control": "public, max-age=60" } },
  );
}
