// The work queue (issue 37): every open item of an election — a result in dispute, sent
// up, or with a flagged form; a report without the signed form's photo; a unit whose
// devices diverge, or whose Final Score differs from its last snapshot — with totals,
// filters, search by unit code and paging, sorted by impact (items that could change a
// leader first), then age. An operator claims an item so that two never work the same
// one; a claim lapses when idle for CLAIM_IDLE_MINUTES, on sign-out, or moves by handover.
import { db } from "../db/db.server.ts";
import { getConfig } from "../config/config.server.ts";
import { can } from "../accounts/permissions.ts";
import { UserError } from "../errors.ts";
import { electionContests } from "../elections/contests.server.ts";
import { electionBoard } from "./board.server.ts";
import { commandScope, requireUnitInScope, type Operator } from "./scope.server.ts";
import { DECIDABLE_KINDS, QUEUE_KINDS, type QueueKind } from "./queue-kinds.ts";
import {
  claim,
  claims as liveClaims,
  deleteClaimsOf,
  handOverClaims,
  queueKinds,
  queuePage,
  releaseClaim,
} from "./command.sql.server.ts";

export { DECIDABLE_KINDS, QUEUE_KINDS, type QueueKind };

export interface QueueFilter {
  ballot: string | null;
  province: string | null;
  constituency: string | null;
  /** One kind, "decidable" (the default: what waits for a decision), or "all". */
  kind: QueueKind | "decidable" | "all";
  olderThanMinutes: number | null;
  unit: string | null;
  page: number;
}

export const PAGE_SIZE = 25;

const idleSince = (now = new Date()) => new Date(now.getTime() - getConfig().CLAIM_IDLE_MINUTES * 60_000);

/** The areas (`<ballot>|<area>`) of the election whose leader the open items could change. */
async function hotAreas(election: { id: string; closesAt: Date }) {
  const contests = await electionContests(election.id);
  const boards = await Promise.all(contests.map((c) => electionBoard(election, c.key)));
  return boards.flatMap((b) =>
    b.areas
      .filter(
        (a) => a.impact.quarantineCouldChange || (a.impact.couldChange && a.counts.flagged + a.counts.disputed > 0),
      )
      .map((a) => `${b.ballot}|${a.areaCode}`),
  );
}

/** One page of the user's queue, its total, the totals by kind and who holds each item. */
export async function workQueue(user: Operator, election: { id: string; closesAt: Date }, filter: QueueFilter) {
  const scope = commandScope(user);
  const now = new Date();
  const kinds =
    filter.kind === "all" ? null : filter.kind === "decidable" ? DECIDABLE_KINDS : ([filter.kind] as string[]);
  const hot = await hotAreas(election);
  const [byKind, rows] = await Promise.all([
    queueKinds(election.id, scope),
    queuePage({
      electionId: election.id,
      ballot: filter.ballot,
      constituencies: scope,
      province: filter.province,
      constituency: filter.constituency,
      kinds,
      olderThan: filter.olderThanMinutes ? new Date(now.getTime() - filter.olderThanMinutes * 60_000) : null,
      unitPrefix: filter.unit,
      hotAreas: hot,
      claimIdleSince: idleSince(now),
      take: PAGE_SIZE,
      skip: (Math.max(1, filter.page) - 1) * PAGE_SIZE,
    }),
  ]);
  const holders = await namesOf(rows.flatMap((r) => (r.claimedBy ? [r.claimedBy] : [])));
  return {
    total: rows[0]?.total ?? (filter.page > 1 ? await countOnly(election.id, scope, filter, kinds, hot) : 0),
    byKind: Object.fromEntries(QUEUE_KINDS.map((k) => [k, byKind.find((b) => b.kind === k)?.n ?? 0])) as Record<
      QueueKind,
      number
    >,
    items: rows.map((r) => ({
      unitCode: r.unitCode,
      ballot: r.ballot,
      kind: r.kind as QueueKind,
      status: r.status,
      since: r.since,
      areaCode: r.areaCode,
      couldChangeLeader: r.hot,
      claimedBy: r.claimedBy ? { id: r.claimedBy, name: holders.get(r.claimedBy) ?? "—" } : null,
      claimedAt: r.claimedAt,
    })),
  };
}

/** A page past the end still says how many there are. */
async function countOnly(
  electionId: string,
  scope: string[] | null,
  filter: QueueFilter,
  kinds: string[] | null,
  hot: string[],
) {
  const [first] = await queuePage({
    electionId,
    ballot: filter.ballot,
    constituencies: scope,
    province: filter.province,
    constituency: filter.constituency,
    kinds,
    olderThan: filter.olderThanMinutes ? new Date(Date.now() - filter.olderThanMinutes * 60_000) : null,
    unitPrefix: filter.unit,
    hotAreas: hot,
    claimIdleSince: idleSince(),
    take: 1,
    skip: 0,
  });
  return first?.total ?? 0;
}

async function namesOf(userIds: string[]) {
  if (!userIds.length) return new Map<string, string>();
  const users = await db().user.findMany({
    where: { id: { in: [...new Set(userIds)] } },
    select: { id: true, displayName: true },
  });
  return new Map(users.map((u) => [u.id, u.displayName ?? "—"]));
}

/** Claims an item for the user: theirs unless another operator holds it (409). Claiming
 *  one's own again keeps it alive. A head may only claim in their constituencies. */
export async function claimItem(user: Operator, electionId: string, unitCode: string, ballot: string) {
  requireUnitInScope(user, unitCode);
  const holder = await claim({ electionId, unitCode, ballot, userId: user.id, idleSince: idleSince() });
  if (holder !== user.id) {
    const name = (await namesOf([holder])).get(holder) ?? "—";
    throw new UserError(409, "command.claimedByOther", { name });
  }
}

/** Lets an item go (done, or handed back). */
export async function releaseItem(user: Operator, electionId: string, unitCode: string, ballot: string) {
  await releaseClaim({ electionId, unitCode, ballot, userId: user.id });
}

/** Every claim the user holds lapses (sign-out). */
export async function releaseAllClaims(userId: string) {
  await deleteClaimsOf(userId);
}

/** Who holds which items now, with names. */
export async function claimsNow(electionId: string) {
  const rows = await liveClaims(electionId, idleSince());
  const names = await namesOf(rows.map((r) => r.userId));
  return rows.map((r) => ({ ...r, name: names.get(r.userId) ?? "—" }));
}

/** A handover: the outgoing operator's live claims move to the incoming one, who must be
 *  a war-room operator too. How many moved. */
export async function handOver(from: Operator, toUserId: string) {
  if (!can(from, "warroom:verify")) throw new UserError(403, "tally.notYourUnit");
  const to = await db().user.findUnique({ where: { id: toUserId }, include: { roles: true } });
  if (!to || !can(to, "warroom:verify")) throw new UserError(400, "command.handoverNotOperator");
  if (to.id === from.id) throw new UserError(400, "command.handoverSelf");
  return handOverClaims(from.id, to.id, idleSince());
}

/** The war room's operators (who may take a handover), by name. */
export async function warRoomOperators() {
  const users = await db().user.findMany({
    where: { roles: { some: { role: { in: ["war_room_operator", "platform_admin"] } } } },
    select: { id: true, displayName: true },
    orderBy: { displayName: "asc" },
    take: 500,
  });
  return users.map((u) => ({ id: u.id, name: u.displayName ?? "—" }));
}
