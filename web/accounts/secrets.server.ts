import { createHmac, createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getConfig } from "../config/config.server.ts";

/** The secrets an install keeps beside its data when none is configured (development,
 *  tests, `npm start`): made once, at random, in DATA_DIR/secrets.json (mode 0600), never
 *  a constant in the source — a constant would let anyone with the source test guesses
 *  of a national ID against its hash (issue 17). Production refuses to start without them
 *  configured (config.server.ts). */
export type InstallSecret = "SESSION_SECRET" | "NATIONAL_ID_KEY";
const INSTALL_SECRETS: InstallSecret[] = ["SESSION_SECRET", "NATIONAL_ID_KEY"];

export function installSecrets(dataDir: string): Record<InstallSecret, string> {
  const file = path.join(dataDir, "secrets.json");
  mkdirSync(dataDir, { recursive: true });
  for (;;) {
    let kept: Partial<Record<InstallSecret, string>> = {};
    try {
      kept = JSON.parse(readFileSync(file, "utf8")) as typeof kept;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    const missing = INSTALL_SECRETS.filter((name) => !kept[name]);
    if (!missing.length) return kept as Record<InstallSecret, string>;
    const made = { ...kept, ...Object.fromEntries(missing.map((name) => [name, randomBytes(32).toString("hex")])) };
    try {
      // Created whole or not at all: two processes starting together keep the first's.
      if (Object.keys(kept).length) writeFileSync(file, JSON.stringify(made) + "\n", { mode: 0o600 });
      else writeFileSync(file, JSON.stringify(made) + "\n", { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}

let local: Record<InstallSecret, string> | undefined;
function secret(name: InstallSecret): string {
  const configured = getConfig()[name];
  if (configured) return configured;
  local ??= installSecrets(path.resolve(getConfig().DATA_DIR));
  return local[name];
}

export function sessionSecret(): string {
  return secret("SESSION_SECRET");
}

export function hmac(value: string, purpose: string): string {
  return createHmac("sha256", `${purpose}:${sessionSecret()}`).update(value).digest("hex");
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** Keyed hash of a national ID: the same ID always gives the same value (so duplicates
 *  are found), and without the install's NATIONAL_ID_KEY nobody can test guesses against it. */
export function nationalIdHash(nationalId: string): string {
  return createHmac("sha256", secret("NATIONAL_ID_KEY")).update(nationalId).digest("hex");
}
