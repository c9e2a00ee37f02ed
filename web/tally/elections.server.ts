// Elections: the one the count is for (entries.server.ts: those being counted) and the admin's creation of one.
import { db, pool, inClientTransaction } from "../db/db.server.ts";
import { insertElection, insertGeneralContests } from "./tally.sql.server.ts";
import { currentElection } from "./entries.server.ts";
import { forget } from "./cache.server.ts";

/** An election (by default the current one) with its numbers of parties and candidates
 *  and its contests, or null before any. */
export async function electionSummary(slug: string | null = null) {
  const election = await currentElection(slug).catch(() => null);
  if (!election) return null;
  const [parties, candidates, contests] = await Promise.all([
    db().party.count({ where: { electionId: election.id } }),
    db().candidate.count({ where: { electionId: election.id } }),
    db().contest.findMany({
      where: { electionId: election.id },
      orderBy: { position: "asc" },
      select: { key: true, kind: true },
    }),
  ]);
  return { election, parties, candidates, contests };
}

export interface NewElection {
  slug: string;
  nameTh: string;
  nameEn: string;
  /** Election day, YYYY-MM-DD. */
  date: string;
  /** When the polls close on that day, HH:MM in Bangkok time. */
  closesAt: string;
  /** general: its constituency and party-list contests over today's constituencies;
   *  empty: no contests yet (set up by CSV, contest-import.server.ts). */
  template?: "general" | "empty";
}

/** Creates a general election — its constituency and party-list contests over today's
 *  constituencies and units; its close is that day's HH:MM in Asia/Bangkok (UTC+7, no DST). */
export async function createElection(input: NewElection): Promise<"created" | "slugTaken"> {
  if (await db().election.findUnique({ where: { slug: input.slug } })) return "slugTaken";
  const client = await pool().connect();
  try {
    await inClientTransaction(client, async () => {
      const id = await insertElection(client, { ...input, closesAt: `${input.date}T${input.closesAt}:00+07:00` });
      if (input.template !== "empty") await insertGeneralContests(client, id);
    });
  } finally {
    client.release();
  }
  forget("elections"); // this process sees it at once; the others within the cache's 5 s
  return "created";
}

/** Every election but this one, the latest first (to carry placements over from). */
export function otherElections(electionId: string) {
  return db().election.findMany({
    where: { id: { not: electionId } },
    orderBy: [{ date: "desc" }, { createdAt: "asc" }],
    select: { slug: true, nameTh: true, nameEn: true },
    take: 20,
  });
}
