import { createCipheriv, createDecipheriv, createHmac, createHash, randomBytes } from "node:crypto";
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

/** Personal data kept to be shown again (a donor's tax ID on their receipt), sealed with
 *  AES-256-GCM under a key derived from the install's NATIONAL_ID_KEY and the purpose:
 *  "v1." then base64url of the 12-byte IV, the ciphertext and the 16-byte tag. A copied
 *  database alone reveals nothing; a tampered value does not open. */
export function sealText(text: string, purpose: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealKey(purpose), iv);
  const sealed = Buffer.concat([iv, cipher.update(text, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `v1.${sealed.toString("base64url")}`;
}

/** What sealText sealed, or null when it does not open (another key, tampered). */
export function openSealed(sealed: string, purpose: string): string | null {
  try {
    const bytes = Buffer.from(sealed.replace(/^v1\./, ""), "base64url");
    const decipher = createDecipheriv("aes-256-gcm", sealKey(purpose), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

const sealKey = (purpose: string) => createHmac("sha256", secret("NATIONAL_ID_KEY")).update(`seal:${purpose}`).digest();
