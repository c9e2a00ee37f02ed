// The media feed: keys per outlet (only a hash kept), the embargo held by the war room,
// and the ordered list of changes (its HTTP side, ETags and all: web/http/feed.server.ts).
import { createHash, randomBytes } from "node:crypto";
import { db } from "../db/db.server.ts";
import { UserError } from "../errors.ts";
import { changesWithFigures, corrections, lastChangeSeq, unitsAsOf, type FeedChange } from "./results.sql.server.ts";
import type { ChangeKind } from "./change-kinds.ts";
import type { ResultStatus } from "../generated/prisma/enums.ts";
import { FIGURES, type Figure } from "../tally/tally-rules.ts";
import { verificationLevel } from "../tally/verification.ts";
import { activeElections } from "../elections/elections.server.ts";
import { contestUnits, electionContests } from "../elections/contests.server.ts";
import { coverageByArea } from "./results.server.ts";

const RELEASE_KEY = "results.releasedAt";

export async function releasedAt(): Promise<Date | null> {
  const row = await db().setting.findUnique({ where: { key: RELEASE_KEY } });
  return typeof row?.value === "string" && row.value ? new Date(row.value) : null;
}

/** Releases or holds the results, with a log entry naming what was public then (or was
 *  held back): the summary the confirmation showed, recomputed at this moment. */
export async function setRelease(released: boolean, userId: string) {
  const value = released ? new Date().toISOString() : "";
  const summary = await releaseSummary();
  await db().$transaction([
    db().setting.upsert({
      where: { key: RELEASE_KEY },
      create: { key: RELEASE_KEY, value, updatedById: userId },
      update: { value, updatedById: userId },
    }),
    db().releaseEvent.create({ data: { released, userId, summary: { elections: summary } } }),
  ]);
}

/** What a release makes public: for each election being counted, each contest's units
 *  with a result and verified, of all its units, and the feed's changes so far. */
export async function releaseSummary() {
  const elections = await activeElections();
  return Promise.all(
    elections.map(async (e) => ({
      slug: e.slug,
      nameTh: e.nameTh,
      nameEn: e.nameEn,
      changes: await lastChangeSeq(e.id),
      contests: await Promise.all(
        (await electionContests(e.id)).map(async (c) => {
          const coverage = (await coverageByArea(e.id, c.key, "*")).get("*");
          const levels = coverage?.levels;
          return {
            key: c.key,
            nameTh: c.nameTh,
            nameEn: c.nameEn,
            units: await contestUnits(e.id, c.key),
            reported: coverage?.reported ?? 0,
            verified: (levels?.verified ?? 0) + (levels?.decided ?? 0),
          };
        }),
      ),
    })),
  );
}
export type ReleaseSummary = Awaited<ReturnType<typeof releaseSummary>>;

/** The releases and holds, latest first, with who. */
export async function releaseLog(take = 20) {
  const events = await db().releaseEvent.findMany({ orderBy: { createdAt: "desc" }, take });
  const users = await db().user.findMany({
    where: { id: { in: [...new Set(events.map((e) => e.userId))] } },
    select: { id: true, displayName: true },
  });
  const names = new Map(users.map((u) => [u.id, u.displayName ?? "—"]));
  return events.map((e) => ({
    id: e.id,
    released: e.released,
    at: e.createdAt,
    by: names.get(e.userId) ?? "—",
    elections: (e.summary as { elections?: ReleaseSummary }).elections ?? [],
  }));
}

const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

/** A new outlet's key (shown once). */
export async function createOutlet(name: string) {
  return (await newOutlet(name)).key;
}

/** A new outlet, its id and its key (shown once), in a transaction when given one. */
export async function newOutlet(name: string, tx: Pick<ReturnType<typeof db>, "mediaOutlet"> = db()) {
  if (name.trim().length < 2) throw new UserError(400, "media.name");
  const key = `ew_${randomBytes(24).toString("base64url")}`;
  const { id } = await tx.mediaOutlet.create({ data: { name: name.trim().slice(0, 120), keyHash: hashKey(key) } });
  return { key, id };
}

export function listOutlets() {
  return db().mediaOutlet.findMany({ orderBy: { createdAt: "asc" } });
}

export async function revokeOutlet(id: string) {
  await db().mediaOutlet.updateMany({ where: { id }, data: { revokedAt: new Date() } });
}

/** The outlet holding `key`, unless unknown or revoked. */
export async function outletByKey(key: string) {
  const outlet = await db().mediaOutlet.findUnique({ where: { keyHash: hashKey(key) } });
  return outlet && !outlet.revokedAt ? outlet : null;
}

/** A change row as the feed sends it: the unit ballot's state and level as of the change,
 *  and the figures it counts with then (null for a withdrawal). */
function asFeedChange(c: FeedChange) {
  return {
    seq: c.seq,
    unit: c.unitCode,
    ballot: c.ballot,
    kind: c.kind as ChangeKind,
    at: c.createdAt.toISOString(),
    status: c.status as ResultStatus,
    level: verificationLevel(c)!,
    figures:
      c.kind === "withdrawn" || c.eligible === null
        ? null
        : {
            ...(Object.fromEntries(FIGURES.map((f) => [f, c[f]])) as Record<Figure, number | null>),
            votes: c.votes ?? {},
          },
  };
}

/** The feed's changes after `seq`, as the JSON feed and the event stream both send them:
 *  the unit, the ballot, its status and verification level as of the change, and the
 *  figures it counts with then, so a newsroom can apply them without refetching. */
export async function changesAfter(electionId: string, seq: number, take = 500) {
  return (await changesWithFigures(electionId, seq, take)).map(asFeedChange);
}
export type FeedChangeEvent = ReturnType<typeof asFeedChange>;

/** The largest page of a unit snapshot. */
export const SNAPSHOT_PAGE_MAX = 5_000;

/** The unit ballots counted as of change `asOf` (by default the latest), one page in
 *  (ballot, unit) order after the cursor `after` ("<ballot>|<unit>"): each with the state,
 *  level and figures of its latest change up to there. This snapshot plus the changes after
 *  `asOf` (changesAfter), applied in order — a withdrawal removes the unit, any other change
 *  puts its figures and state — is the current state exactly. `next`: the cursor of the
 *  next page (null on the last), to be asked with the same `asOf`. */
export async function unitSnapshot(electionId: string, opts: { asOf?: number; after?: string | null; take?: number }) {
  const asOf = opts.asOf ?? (await lastChangeSeq(electionId));
  const take = Math.min(Math.max(opts.take ?? 1_000, 1), SNAPSHOT_PAGE_MAX);
  const [ballot = "", unit = ""] = (opts.after ?? "").split("|");
  const rows = await unitsAsOf(electionId, asOf, { ballot, unit }, take);
  const last = rows.length === take ? rows.at(-1)! : null;
  return {
    asOfChange: asOf,
    units: rows.map(asFeedChange),
    next: last ? `${last.ballot}|${last.unitCode}` : null,
  };
}

/** The corrections log: each verified result later corrected (other figures now stand) or
 *  withdrawn (the unit no longer counts), latest first, with its level at the change. */
export async function correctionsLog(electionId: string, take = 500) {
  const rows = await corrections(electionId, take);
  return {
    asOfChange: await lastChangeSeq(electionId),
    corrections: rows.map((c) => ({
      seq: c.seq,
      unit: c.unitCode,
      ballot: c.ballot,
      kind: c.kind as ChangeKind,
      at: c.createdAt.toISOString(),
      level: verificationLevel(c)!,
    })),
  };
}
