import { createHmac, createHash } from "node:crypto";
import { getConfig } from "../config/config.server.ts";

// Development and test only; parseConfig demands a real SESSION_SECRET in production.
const DEVELOPMENT_SECRET = "development-only-secret-do-not-use-in-production";

export function sessionSecret(): string {
  return getConfig().SESSION_SECRET ?? DEVELOPMENT_SECRET;
}

export function hmac(value: string, purpose: string): string {
  return createHmac("sha256", `${purpose}:${sessionSecret()}`).update(value).digest("hex");
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** Keyed hash of a national ID: the same ID always gives the same value (so duplicates
 *  are found), and without NATIONAL_ID_KEY nobody can test guesses against it. */
export function nationalIdHash(nationalId: string): string {
  const key = getConfig().NATIONAL_ID_KEY ?? `national-id:${DEVELOPMENT_SECRET}`;
  return createHmac("sha256", key).update(nationalId).digest("hex");
}
