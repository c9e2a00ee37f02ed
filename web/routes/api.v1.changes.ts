import type { LoaderFunctionArgs } from "@remix-run/node";
import { changesAfter } from "../results/feed.server.ts";
import { json, requireOutlet } from "../http/feed.server.ts";
import { currentElection } from "../tally/entries.server.ts";
import { verificationLevel } from "../tally/verification.ts";

// Every verification, correction and withdrawal in order; poll with ?after=<last seq>.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const after = Number(new URL(request.url).searchParams.get("after") ?? 0);
  if (!Number.isInteger(after) || after < 0) return json({ error: "bad_after" }, 400);
  const election = await currentElection();
  const changes = await changesAfter(election.id, after);
  return json({
    changes: changes.map((c) => ({
      seq: c.seq,
      unit: c.unitCode,
      ballot: c.ballot,
      kind: c.kind,
      at: c.createdAt.toISOString(),
      status: c.status,
      level: verificationLevel({ ...c, status: c.status ?? "none" }),
      figures:
        c.kind === "withdrawn" || c.eligible === null
          ? null
          : {
              eligible: c.eligible,
              voters: c.voters,
              ballotsUsed: c.ballotsUsed,
              invalid: c.invalid,
              voteNo: c.voteNo,
              votes: c.votes,
            },
    })),
  });
}
