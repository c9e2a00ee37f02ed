// Elections: which are being counted and which one a request means (several can be at
// once, ADR 0038), and the admin's creation of one.
import { db, pool, inClientTransaction } from "../db/db.server.ts";
import { getConfig } from "../config/config.server.ts";
import { isUserError, UserError } from "../errors.ts";
import { insertElection, insertGeneralContests } from "./elections.sql.server.ts";
import { cached, forget } from "../db/cache.server.ts";

const ELECTION_SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const ELECTION_ORDER = [{ date: "desc" as const }, { createdAt: "asc" as const }, { slug: "asc" as const }];
type Election = Awaited<ReturnType<typeof allElections>>[number];

/** Every election (a few dozen at most), the latest day first. */
const allElections = () => cached("elections", 5_000, () => db().election.findMany({ orderBy: ELECTION_ORDER }));

/** The start of an election's day in Bangkok (UTC+7, no daylight saving). */
const dayStarts = (e: { date: Date }) => new Date(e.date.getTime() - 7 * 3_600_000);

/** Whether an election is being counted at `now`: from the start of its day until its
 *  counting window after the close has passed (COUNTING_WINDOW_HOURS). Several can be:
 *  elections on one day, or a by-election whose window overlaps another's. */
export function isCounting(e: { date: Date; closesAt: Date }, now = new Date()) {
  const windowEnds = e.closesAt.getTime() + getConfig().COUNTING_WINDOW_HOURS * 3_600_000;
  return dayStarts(e).getTime() <= now.getTime() && now.getTime() <= windowEnds;
}

/** The elections being counted at `now`, the earliest to close first. */
export async function electionsCounting(now = new Date()) {
  return (await allElections())
    .filter((e) => isCounting(e, now))
    .sort((a, b) => a.closesAt.getTime() - b.closesAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime());
}

/** The default election where a request names none: the first of those being counted
 *  now; else the next to come (the nearest day); else the latest. A by-election set up for
 *  next month does not take the place of tonight's election. */
async function defaultElection(now = new Date()): Promise<Election | null> {
  const counting = await electionsCounting(now);
  if (counting.length) return counting[0]!;
  const all = await allElections();
  const coming = all
    .filter((e) => dayStarts(e).getTime() > now.getTime())
    .sort((a, b) => a.date.getTime() - b.date.getTime() || a.createdAt.getTime() - b.createdAt.getTime());
  return coming[0] ?? all[0] ?? null;
}

/** The election a request names by its slug, or — where it names none — the default one
 *  (defaultElection). Not found: 404 tally.noElection. */
export async function currentElection(slug?: string | null) {
  const key = `election:${slug}`;
  const election =
    slug && !ELECTION_SLUG.test(slug)
      ? null
      : slug
        ? await cached(key, 5_000, () => db().election.findUnique({ where: { slug } }))
        : await defaultElection();
  if (!election) {
    if (slug) forget(key);
    else forget("elections");
    throw new UserError(404, "tally.noElection");
  }
  return election;
}

/** The elections that take counts now: those being counted; before any is (the days
 *  before), those of the default election's day — a local election and a referendum may
 *  share a day with a general election. The default one first. */
export async function activeElections(now = new Date()) {
  const counting = await electionsCounting(now);
  if (counting.length) return counting;
  const current = await defaultElection(now);
  if (!current) return [];
  return (await allElections()).filter((e) => e.date.getTime() === current.date.getTime());
}

/** The current election, or null before there is any (recruiting starts before the
 *  election is set up). */
export async function currentElectionOrNull() {
  try {
    return await currentElection();
  } catch (error) {
    if (isUserError(error) && error.code === "tally.noElection") return null;
    throw error;
  }
}

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
