// The media feed: keys per outlet (only a hash kept), the embargo held by the war room,
// and the ordered list of changes (its HTTP side, ETags and all: web/http/feed.server.ts).
import { createHash, randomBytes } from "node:crypto";
import { db } from "../db/db.server.ts";
import { UserError } from "../errors.ts";
import { changesWithFigures } from "./results.sql.server.ts";
import { FIGURES, type Figure } from "../tally/tally-rules.ts";
import { verificationLevel } from "../tally/verification.ts";

const RELEASE_KEY = "results.releasedAt";

export async function releasedAt(): Promise<Date | null> {
  const row = await db().setting.findUnique({ where: { key: RELEASE_KEY } });
  return typeof row?.value === "string" && row.value ? new Date(row.value) : null;
}

export async function setRelease(released: boolean, userId: string) {
  const value = released ? new Date().toISOString() : "";
  await db().setting.upsert({
    where: { key: RELEASE_KEY },
    create: { key: RELEASE_KEY, value, updatedById: userId },
    update: { value, updatedById: userId },
  });
}

const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

/** A new outlet and its key (shown once). */
export async function createOutlet(name: string) {
  if (name.trim().length < 2) throw new UserError(400, "media.name");
  const key = `ew_${randomBytes(24).toString("base64url")}`;
  await db().mediaOutlet.create({ data: { name: name.trim().slice(0, 120), keyHash: hashKey(key) } });
  return key;
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

/** The feed's changes after `seq`, as the JSON feed and the event stream both send them:
 *  the unit, the ballot, the unit's status and verification level, and the figures it
 *  now counts with (null for a withdrawal), so a newsroom can apply them without refetching. */
export async function changesAfter(electionId: string, seq: number, take = 500) {
  const rows = await changesWithFigures(electionId, seq, take);
  return rows.map((c) => ({
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
            ...(Object.fromEntries(FIGURES.map((f) => [f, c[f]])) as Record<Figure, number | null>),
            votes: c.votes ?? {},
          },
  }));
}
export type FeedChangeEvent = Awaited<ReturnType<typeof changesAfter>>[number];
