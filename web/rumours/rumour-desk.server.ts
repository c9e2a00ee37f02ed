// The rumour desk (issue 42): a fact-checker logs a claim circulating about the count —
// its text, its link, the image that circulates — finds the unit and our original photo
// (by the unit's code, or by a perceptual hash: the circulating copy of a count form,
// cropped, recompressed or with a figure changed, stays near our original), compares them
// side by side with the original's SHA-256 and anchoring, and publishes a verdict that
// links the evidence. Perceptual hashes are blockhash (imghash, from the npm registry).
import { Readable } from "node:stream";
import imghash from "imghash";
import { db, inTransaction, pool } from "../db/db.server.ts";
import { nearestPhotos, storePhotoHash, takeUnhashedPhotos, unhashedCount } from "./rumours.sql.server.ts";
import { getConfig } from "../config/config.server.ts";
import { UserError } from "../errors.ts";
import { openStream, saveStream } from "../storage/storage.server.ts";
import { inspector } from "../tally/photos.server.ts";
import { photoAnchorState } from "../evidence/anchoring.server.ts";
import { runSharedLoop } from "../jobs/exclusive-loop.server.ts";
import type { ClaimVerdict } from "../generated/prisma/enums.ts";

/** blockhash with 16 × 16 blocks: 256 bits, 64 hex digits. */
const PHASH_BITS = 16;
/** At most this many bits of 256 apart to be offered as the same picture. */
export const SIMILAR_BITS = 40;
/** Photos hashed per transaction by a worker (about 55 ms of CPU each for a phone's
 *  1600 × 1200 JPEG): their rows stay locked that long, so anchoring waits at most that. */
const HASH_BATCH = 8;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An image's perceptual hash; null for one that cannot be decoded (HEIC, damaged). */
export async function perceptualHash(bytes: Buffer): Promise<string | null> {
  try {
    return await imghash.hash(bytes, PHASH_BITS, "hex");
  } catch {
    return null;
  }
}

async function bytesOf(key: string) {
  const chunks: Buffer[] = [];
  for await (const chunk of openStream(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface ClaimInput {
  text: string;
  link?: string;
  unitCode?: string;
}

/** Logs a claim, with the image that circulates when there is one (stored as received,
 *  its SHA-256 and perceptual hash kept). */
export async function logClaim(
  user: { id: string },
  electionId: string,
  input: ClaimInput,
  image?: Readable | AsyncIterable<Uint8Array>,
) {
  let stored: { imageKey: string; imageType: string; imageSha256: string; imagePhash: string | null } | null = null;
  if (image) {
    const check = inspector();
    const { key } = await saveStream("claims", image, getConfig().TALLY_PHOTO_MAX_BYTES, { through: check.stream });
    const { sha256, contentType } = check.result();
    stored = {
      imageKey: key,
      imageType: contentType,
      imageSha256: sha256,
      imagePhash: await perceptualHash(await bytesOf(key)),
    };
  }
  return db().claim.create({
    data: {
      electionId,
      text: input.text,
      link: input.link ?? null,
      unitCode: input.unitCode ?? null,
      createdById: user.id,
      ...stored,
    },
  });
}

/** Gives up to `limit` of the photos still waiting a perceptual hash ("" for one that
 *  cannot be decoded, so it is not tried again); returns how many. Every worker runs this
 *  in a loop: SKIP LOCKED hands each a different batch, and a worker that dies mid-batch
 *  leaves its photos unhashed, for the next. */
export async function hashWaitingPhotos(limit = HASH_BATCH): Promise<number> {
  return inTransaction(async (client) => {
    const photos = await takeUnhashedPhotos(client, limit);
    for (const p of photos) {
      const hash = await perceptualHash(await bytesOf(p.storageKey).catch(() => Buffer.alloc(0)));
      await storePhotoHash(client, p.id, hash ?? "");
    }
    return photos.length;
  });
}

/** The workers' hashing loop: batch after batch while photos wait, then a look every
 *  `every` ms. */
export const runPhotoHashing = (every = 2_000) =>
  runSharedLoop("photo-hashing", every, async () => (await hashWaitingPhotos()) === HASH_BATCH);

/** Our photos that may be the original of a claim: the unit's, when the claim names one,
 *  and those whose perceptual hash is near the circulating image's, nearest first (the
 *  distance counted by PostgreSQL, over every hashed photo of the election); and how many
 *  photos are still waiting their hash, so the desk can say the search is not yet whole. */
export async function originalsFor(claimId: string) {
  const claim = await db().claim.findUniqueOrThrow({ where: { id: claimId } });
  const select = { id: true, unitCode: true, ballot: true, kind: true, sha256: true } as const;
  const byUnit = claim.unitCode
    ? await db().tallyPhoto.findMany({
        where: { electionId: claim.electionId, unitCode: claim.unitCode, incidentId: null },
        select,
        orderBy: { createdAt: "asc" },
      })
    : [];
  let similar: Awaited<ReturnType<typeof nearestPhotos>> = [];
  let waiting = 0;
  if (claim.imagePhash) {
    [similar, waiting] = await Promise.all([
      nearestPhotos(pool(), claim.electionId, claim.imagePhash, SIMILAR_BITS),
      unhashedCount(pool(), claim.electionId),
    ]);
  }
  return { byUnit, similar, waiting };
}

/** The fact-checker names our original: the claim is about that photo's unit. */
export async function matchClaim(claimId: string, photoId: string) {
  const photo = await db().tallyPhoto.findUnique({
    where: { id: photoId },
    select: { unitCode: true, electionId: true },
  });
  const claim = await db().claim.findUnique({ where: { id: claimId }, select: { electionId: true } });
  if (!photo || !claim || photo.electionId !== claim.electionId) throw new UserError(404, "rumours.noPhoto");
  return db().claim.update({ where: { id: claimId }, data: { matchedPhotoId: photoId, unitCode: photo.unitCode } });
}

/** Publishes (or corrects) the verdict, in Thai and English. */
export async function publishVerdict(
  claimId: string,
  verdict: { verdict: ClaimVerdict; explanationTh: string; explanationEn: string },
) {
  const claim = await db().claim.findUnique({ where: { id: claimId }, select: { publishedAt: true } });
  if (!claim) throw new UserError(404, "rumours.notFound");
  return db().claim.update({
    where: { id: claimId },
    data: { ...verdict, publishedAt: claim.publishedAt ?? new Date() },
  });
}

/** The desk's list: the election's claims, newest first. */
export function deskClaims(electionId: string) {
  return db().claim.findMany({
    where: { electionId },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: { id: true, text: true, unitCode: true, verdict: true, publishedAt: true, createdAt: true },
  });
}

export const claimById = (id: string) => db().claim.findUnique({ where: { id } });

/** A published verdict as the public reads it: the claim, the verdict, the partner
 *  organisation whose fact-checker logged it, and the evidence — our original photo's hash,
 *  its anchoring (batch, transaction), the unit. No one's name. */
export async function publishedVerdict(id: string) {
  if (!UUID.test(id)) return null;
  const claim = await db().claim.findUnique({ where: { id } });
  if (!claim?.publishedAt || !claim.verdict) return null;
  const original = claim.matchedPhotoId
    ? await db().tallyPhoto.findUnique({
        where: { id: claim.matchedPhotoId },
        select: {
          id: true,
          unitCode: true,
          ballot: true,
          kind: true,
          sha256: true,
          createdAt: true,
          anchorBatch: { select: { status: true, seq: true, txHash: true, blockTime: true } },
        },
      })
    : null;
  const checker = claim.createdById
    ? await db().roleGrant.findFirst({
        where: { userId: claim.createdById, role: "fact_checker", organisationId: { not: null } },
        select: { organisation: { select: { nameTh: true, nameEn: true } } },
      })
    : null;
  return {
    id: claim.id,
    text: claim.text,
    checkedBy: checker?.organisation ?? null,
    link: claim.link,
    verdict: claim.verdict,
    explanationTh: claim.explanationTh ?? "",
    explanationEn: claim.explanationEn ?? "",
    publishedAt: claim.publishedAt.toISOString(),
    unitCode: claim.unitCode,
    image: claim.imageKey ? { sha256: claim.imageSha256 } : null,
    original: original && {
      unitCode: original.unitCode,
      ballot: original.ballot,
      kind: original.kind,
      sha256: original.sha256,
      submittedAt: original.createdAt.toISOString(),
      anchoring: {
        state: photoAnchorState(original.anchorBatch),
        batch: original.anchorBatch?.seq ?? null,
        transaction: original.anchorBatch?.txHash ?? null,
        blockTime: original.anchorBatch?.blockTime?.toISOString() ?? null,
      },
    },
  };
}

/** The circulating image of a published claim (or of any, for the desk). */
export async function claimImage(id: string, desk: boolean) {
  if (!UUID.test(id)) return null;
  const claim = await db().claim.findUnique({ where: { id } });
  if (!claim?.imageKey || (!desk && !claim.publishedAt)) return null;
  return { stream: openStream(claim.imageKey), contentType: claim.imageType ?? "application/octet-stream" };
}

/** Every published verdict, newest first (the public list and the feed's export). */
export function publishedVerdicts(electionId: string) {
  return db().claim.findMany({
    where: { electionId, publishedAt: { not: null } },
    orderBy: { publishedAt: "desc" },
    select: { id: true, text: true, verdict: true, unitCode: true, publishedAt: true, link: true },
  });
}

/** The published verdicts as an export and a feed (CSV, JSON): the claim, the verdict,
 *  the unit, and the original photo's SHA-256 to check. */
export async function verdictExport(electionId: string) {
  const claims = await db().claim.findMany({
    where: { electionId, publishedAt: { not: null } },
    orderBy: { publishedAt: "asc" },
    select: {
      id: true,
      text: true,
      link: true,
      verdict: true,
      explanationTh: true,
      explanationEn: true,
      unitCode: true,
      publishedAt: true,
      matchedPhotoId: true,
    },
  });
  const photos = new Map(
    (
      await db().tallyPhoto.findMany({
        where: { id: { in: claims.flatMap((c) => (c.matchedPhotoId ? [c.matchedPhotoId] : [])) } },
        select: { id: true, sha256: true },
      })
    ).map((p) => [p.id, p.sha256]),
  );
  return claims.map(({ matchedPhotoId, publishedAt, ...c }) => ({
    ...c,
    publishedAt: publishedAt!.toISOString(),
    originalSha256: matchedPhotoId ? (photos.get(matchedPhotoId) ?? null) : null,
  }));
}

export const VERDICT_EXPORT_COLUMNS = [
  "id",
  "publishedAt",
  "verdict",
  "unitCode",
  "originalSha256",
  "text",
  "link",
  "explanationTh",
  "explanationEn",
] as const;
