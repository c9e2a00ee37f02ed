// Elections: the one the count is for (the latest by date) and the admin's creation of one.
import { db, pool, inClientTransaction } from "../db/db.server.ts";
import { insertElection, insertGeneralContests } from "./tally.sql.server.ts";

/** The latest election with its numbers of parties and candidates, or null before any. */
export async function electionSummary() {
  const election = await db().election.findFirst({ orderBy: { date: "desc" } });
  if (!election) return null;
  const [parties, candidates] = await Promise.all([
    db().party.count({ where: { electionId: election.id } }),
    db().candidate.count({ where: { electionId: election.id } }),
  ]);
  return { election, parties, candidates };
}

export interface NewElection {
  slug: string;
  nameTh: string;
  nameEn: string;
  /** Election day, YYYY-MM-DD. */
  date: string;
  /** When the polls close on that day, HH:MM in Bangkok time. */
  closesAt: string;
}

/** Creates a general election — its constituency and party-list contests over today's
 *  constituencies and units; its close is that day's HH:MM in Asia/Bangkok (UTC+7, no DST). */
export async function createElection(input: NewElection): Promise<"created" | "slugTaken"> {
  if (await db().election.findUnique({ where: { slug: input.slug } })) return "slugTaken";
  const client = await pool().connect();
  try {
    await inClientTransaction(client, async () => {
      const id = await insertElection(client, { ...input, closesAt: `${input.date}T${input.closesAt}:00+07:00` });
      await insertGeneralContests(client, id);
    });
  } finally {
    client.release();
  }
  return "created";
}

/** The latest election's id, or null before any. */
export async function latestElectionId(): Promise<string | null> {
  return (await db().election.findFirst({ orderBy: { date: "desc" }, select: { id: true } }))?.id ?? null;
}
