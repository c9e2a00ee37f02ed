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
