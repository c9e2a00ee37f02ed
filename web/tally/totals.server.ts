// Running totals of verified results. When a unit ballot's verified entry changes (from
// none, to none, or from one entry to another) its figures leave the totals and the new
// ones enter, in the same transaction; each change is a ResultChange for the feed.
import type { Prisma } from "../generated/prisma/client.ts";
import type { Ballot } from "./tally-rules.ts";

type Tx = Prisma.TransactionClient;

export async function moveVerified(tx: Tx, electionId: string, unitCode: string, ballot: Ballot, from: string | null, to: string | null) {
  if (from === to) return;
  const constituencyId = unitCode.slice(0, 5);
  const apply = async (entryId: string, sign: 1 | -1) => {
    const e = await tx.tallyEntry.findUniqueOrThrow({ where: { id: entryId } });
    await tx.$executeRaw`
      INSERT INTO "ConstituencyTotal" ("electionId", ballot, "constituencyId", "unitsVerified", eligible, voters, "ballotsUsed", invalid, "voteNo")
      VALUES (${electionId}::uuid, ${ballot}::"BallotKind", ${constituencyId}, ${sign}, ${sign * e.eligible}, ${sign * e.voters}, ${sign * e.ballotsUsed}, ${sign * e.invalid}, ${sign * e.voteNo})
      ON CONFLICT ("electionId", ballot, "constituencyId") DO UPDATE SET
        "unitsVerified" = "ConstituencyTotal"."unitsVerified" + EXCLUDED."unitsVerified", eligible = "ConstituencyTotal".eligible + EXCLUDED.eligible,
        voters = "ConstituencyTotal".voters + EXCLUDED.voters, "ballotsUsed" = "ConstituencyTotal"."ballotsUsed" + EXCLUDED."ballotsUsed",
        invalid = "ConstituencyTotal".invalid + EXCLUDED.invalid, "voteNo" = "ConstituencyTotal"."voteNo" + EXCLUDED."voteNo"`;
    const votes = Object.entries(e.votes as Record<string, number>);
    await tx.$executeRaw`
      INSERT INTO "VoteTotal" ("electionId", ballot, "constituencyId", number, votes)
      SELECT ${electionId}::uuid, ${ballot}::"BallotKind", ${constituencyId}, n, ${sign}::int * v
        FROM unnest(${votes.map(([n]) => Number(n))}::int[], ${votes.map(([, v]) => v)}::int[]) AS t(n, v)
      ON CONFLICT ("electionId", ballot, "constituencyId", number) DO UPDATE SET votes = "VoteTotal".votes + EXCLUDED.votes`;
  };
  if (from) await apply(from, -1);
  if (to) await apply(to, 1);
  await tx.resultChange.create({ data: { electionId, unitCode, ballot, kind: !from ? "verified" : !to ? "withdrawn" : "corrected", entryId: to } });
}
