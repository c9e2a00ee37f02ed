// The media feed: keys per outlet (only a hash kept), the embargo held by the war room,
// JSON with ETags so a CDN can carry the load, and the ordered list of changes.
import { createHash, randomBytes } from "node:crypto";
import { db } from "../db/db.server.ts";
import { UserError } from "../errors.ts";
import { bilingual } from "../i18n/i18n.ts";

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

/** The outlet calling, from `Authorization: Bearer <key>` or `X-Api-Key`; a JSON 401
 *  otherwise, and a 403 while results are under embargo. */
export async function requireOutlet(request: Request) {
  const header = request.headers.get("authorization");
  const key = header?.startsWith("Bearer ") ? header.slice(7).trim() : request.headers.get("x-api-key")?.trim();
  const outlet = key ? await db().mediaOutlet.findUnique({ where: { keyHash: hashKey(key) } }) : null;
  if (!outlet || outlet.revokedAt) throw json({ error: "unauthorized", message: bilingual("media.unauthorized") }, 401);
  if (!(await releasedAt())) throw json({ error: "embargoed", message: bilingual("media.embargoed") }, 403);
  return outlet;
}

export function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}

/** A cacheable answer: a strong ETag of the body; 304 when the client has it already. */
export function cacheable(request: Request, body: string, contentType = "application/json; charset=utf-8") {
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
  const headers = {
    etag,
    "content-type": contentType,
    "cache-control": "public, max-age=5, stale-while-revalidate=30",
    vary: "Authorization, X-Api-Key",
  };
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers });
}

export async function changesAfter(electionId: string, seq: number, take = 500) {
  return db().resultChange.findMany({ where: { electionId, seq: { gt: seq } }, orderBy: { seq: "asc" }, take });
}
