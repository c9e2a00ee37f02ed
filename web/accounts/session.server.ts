// Database-backed sessions: the signed cookie carries a random token, the database
// keeps only its SHA-256. Any replica can read any session; sign-out deletes the row.
import { randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { batched } from "../db/batcher.server.ts";
import { db } from "../db/db.server.ts";
import { ExpiringCache } from "../expiring-cache.ts";
import { sessionUsersOf } from "./accounts.sql.server.ts";
import { getConfig } from "../config/config.server.ts";
import { sessionSecret, sha256 } from "./secrets.server.ts";
import type { Role } from "../generated/prisma/enums.ts";

function sessionCookie() {
  const config = getConfig();
  return createCookie("__session", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: config.SECURE_COOKIES ?? config.NODE_ENV === "production",
    secrets: [sessionSecret()],
    maxAge: config.SESSION_DAYS * 24 * 60 * 60,
  });
}

export interface RoleScope {
  role: Role;
  organisationId: string | null;
  constituencyId: string | null;
  sponsorId?: string | null;
}

export interface SessionUser {
  id: string;
  phone: string;
  displayName: string | null;
  roles: RoleScope[];
  /** The units the user is placed on, per election, as of the session's read. */
  placements: { electionId: string; unitCode: string }[];
  sessionId: string;
}

/** Creates a session; returns the Set-Cookie header value. */
export async function createSession(userId: string, userAgent: string | null): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const days = getConfig().SESSION_DAYS;
  await db().session.create({
    data: {
      userId,
      tokenHash: sha256(token),
      userAgent: userAgent?.slice(0, 300),
      expiresAt: new Date(Date.now() + days * 86_400_000),
    },
  });
  return signedSessionCookie(token);
}

/** The Set-Cookie header value that carries a session's token. */
export function signedSessionCookie(token: string) {
  return sessionCookie().serialize(token);
}

async function tokenFrom(cookieHeader: string | null): Promise<string | null> {
  const value = await sessionCookie().parse(cookieHeader);
  return typeof value === "string" ? value : null;
}

// A signed-in phone sends many requests in a row (election night: one per count): the
// session row is read once every two seconds at most. Signing out clears it at once
// here; other replicas notice within those two seconds.
const SESSION_CACHE_MS = 2_000;
const recent = new ExpiringCache<Promise<SessionUser | null>>(SESSION_CACHE_MS, 50_000);

/** The users of the sessions asked for at once, in one statement: on election night every
 *  phone's request misses the two-second cache (a phone sends every ten seconds or so), and
 *  a query per request through Prisma cost more than the snapshot it carried (ADR 0033). */
const loadSessionUser = batched(
  async (tokenHashes: string[]): Promise<(SessionUser | null)[]> => {
    const byHash = new Map((await sessionUsersOf(tokenHashes)).map((r) => [r.tokenHash, r]));
    return tokenHashes.map((hash) => {
      const row = byHash.get(hash);
      if (!row) return null;
      const { tokenHash: _, ...user } = row; // not the user's: some pages send the user to the browser
      return user;
    });
  },
  { maxInFlight: 1, maxBatch: 500 },
);

/** The signed session cookie as sent, before its signature is checked. */
function sentSessionCookie(header: string | null) {
  return header?.match(/(?:^|;\s*)__session=([^;]*)/)?.[1] ?? null;
}

/** The user of a Cookie header. The cache is keyed by the signed cookie, and holds only
 *  cookies whose signature was checked: a repeat request costs no HMAC and no query. */
export async function sessionUserFromCookie(header: string | null): Promise<SessionUser | null> {
  const sent = sentSessionCookie(header);
  if (!sent) return null;
  const hit = recent.get(sent);
  if (hit) return hit;
  const value = await sessionCookie().parse(header);
  if (typeof value !== "string") return null;
  const user = loadSessionUser(sha256(value));
  recent.set(sent, user);
  user.catch(() => recent.delete(sent));
  return user;
}

/** Deletes the session of a Cookie header; returns the Set-Cookie header that clears it. */
export async function destroySession(cookieHeader: string | null): Promise<string> {
  const token = await tokenFrom(cookieHeader);
  const sent = sentSessionCookie(cookieHeader);
  if (sent) recent.delete(sent);
  if (token) {
    await db().session.deleteMany({ where: { tokenHash: sha256(token) } });
  }
  return sessionCookie().serialize("", { maxAge: 0 });
}
