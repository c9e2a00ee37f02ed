// Count photos: streamed to storage (never whole in memory), the type sniffed from the
// first bytes (not trusted from the upload), size-limited, SHA-256 computed on the way
// through. The stored bytes are the original bytes, so anyone can re-hash them later.
import { createHash } from "node:crypto";
import { z } from "zod";
import { Transform, type Readable } from "node:stream";
import { db } from "../db/db.server.ts";
import { getConfig } from "../config/config.server.ts";
import { remove, saveStream } from "../storage/storage.server.ts";
import { UserError } from "../errors.ts";
import type { Ballot } from "./tally-rules.ts";
import { can, type HasRoles } from "../accounts/permissions.ts";
import { mayReport } from "./access.server.ts";
import { releasedAt } from "../results/feed.server.ts";

const SIGNATURES: [string, (b: Buffer) => boolean][] = [
  ["image/jpeg", (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ["image/png", (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  [
    "image/webp",
    (b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP",
  ],
  [
    "image/heic",
    (b) =>
      b.subarray(4, 8).toString("latin1") === "ftyp" &&
      /^(heic|heix|mif1|msf1)$/.test(b.subarray(8, 12).toString("latin1")),
  ],
];

export function sniffImage(head: Buffer): string | null {
  return SIGNATURES.find(([, test]) => test(head))?.[0] ?? null;
}

/** Passes bytes through unchanged, checking the first 12 and hashing all (count photos,
 *  and the images the rumour desk receives). */
export function inspector() {
  const hash = createHash("sha256");
  let head = Buffer.alloc(0);
  let type: string | null = null;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      if (!type) {
        head = Buffer.concat([head, chunk]);
        if (head.length < 12) return done(null, chunk);
        type = sniffImage(head);
        if (!type) return done(new UserError(415, "tally.notImage"));
      }
      done(null, chunk);
    },
    flush(done) {
      if (!type) return done(new UserError(415, "tally.notImage"));
      done();
    },
  });
  return { stream, result: () => ({ sha256: hash.digest("hex"), contentType: type! }) };
}

export interface StoredPhoto {
  id: string;
  sha256: string;
  duplicate: boolean;
}

/** Stores one photo for a unit's ballot in an election. The same bytes again for the same
 *  unit and election are the same photo (returned, not stored twice); for another unit or
 *  another election they are refused (a photo is evidence of one count). */
export async function storePhoto(
  input: Readable | AsyncIterable<Uint8Array>,
  meta: {
    electionId: string;
    unitCode: string;
    ballot: Ballot;
    kind: "board" | "form" | "incident" | "checklist";
    userId: string;
  },
): Promise<StoredPhoto> {
  const check = inspector();
  const { key, bytes } = await saveStream("tally-photos", input, getConfig().TALLY_PHOTO_MAX_BYTES, {
    through: check.stream,
  });
  const { sha256, contentType } = check.result();
  const existing = await db().tallyPhoto.findUnique({ where: { sha256 } });
  if (existing) {
    await remove(key);
    if (existing.unitCode !== meta.unitCode || existing.electionId !== meta.electionId)
      throw new UserError(409, "tally.photoOtherUnit");
    return { id: existing.id, sha256, duplicate: true };
  }
  const row = await db().tallyPhoto.create({
    data: {
      electionId: meta.electionId,
      unitCode: meta.unitCode,
      ballot: meta.ballot,
      kind: meta.kind,
      sha256,
      storageKey: key,
      contentType,
      bytes,
      uploadedById: meta.userId,
    },
  });
  return { id: row.id, sha256, duplicate: false };
}

/** A unit's ballot's photos in one election, oldest first (ids and kinds: the blind entry
 *  shows them). */
export function photosOf(electionId: string, unitCode: string, ballot: Ballot) {
  return db().tallyPhoto.findMany({
    where: { electionId, unitCode, ballot },
    orderBy: { createdAt: "asc" },
    select: { id: true, kind: true },
  });
}

/** One stored photo by id (a malformed id is simply not found). */
export async function findPhoto(id: string) {
  const parsed = z.uuid().safeParse(id);
  return parsed.success ? db().tallyPhoto.findUnique({ where: { id: parsed.data } }) : null;
}

/** Who may see a count photo: the unit's reporters and staff in scope always; anyone
 *  else only once the war room has released the results and only for a unit whose
 *  result is verified or decided (issue 17: a reported or disputed unit's photos are
 *  evidence under review, not results). `user` is null for a visitor not signed in. */
export async function photoVisibleTo(
  photo: { electionId: string; unitCode: string; ballot: Ballot },
  user: (HasRoles & { id: string }) | null,
): Promise<boolean> {
  const electionId = photo.electionId;
  if (user && (await mayReport(user, electionId, photo.unitCode))) return true;
  // A fact-checker compares a circulating image with our original (issue 42).
  if (can(user, "rumours:manage")) return true;
  if (!(await releasedAt())) return false;
  // Its unit ballot there must be settled.
  const settled = await db().unitResult.findFirst({
    where: { electionId, unitCode: photo.unitCode, ballot: photo.ballot, status: "verified" },
    select: { unitCode: true },
  });
  return !!settled;
}
