// Uploaded files: count photos, imports and their error reports. Under DATA_DIR/files by
// default; in any S3-compatible store (AWS S3, MinIO, Cloudflare R2, …) when S3_BUCKET is
// set. Either way a file is streamed, never held whole in memory: on its way to S3 it is
// written to a local temporary file first (its size and hash are then known, and a
// refused upload never reaches the store), then sent with its length and removed.
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID, type DecipherGCM } from "node:crypto";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import { getConfig } from "../config/config.server.ts";
import { UserError } from "../errors.ts";
import { hmac } from "../accounts/secrets.server.ts";
import { s3Store } from "./s3.server.ts";

const root = () => path.resolve(getConfig().DATA_DIR, "files");
const s3 = () => (getConfig().S3_BUCKET ? s3Store(getConfig()) : null);

// Files holding personal data (rosters, their error reports) are encrypted at rest with
// AES-256-GCM: a 12-byte IV, the ciphertext, then the 16-byte tag. The key is derived
// from the configured secret, so a copied data folder alone reveals nothing.
const IV_BYTES = 12;
const TAG_BYTES = 16;
const fileKey = () => createHash("sha256").update(hmac("files", "storage-encryption")).digest();

function encryptor(): Transform {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", fileKey(), iv);
  let started = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const out = cipher.update(chunk);
      if (!started) {
        started = true;
        done(null, Buffer.concat([iv, out]));
      } else done(null, out);
    },
    flush(done) {
      const last = cipher.final();
      done(null, Buffer.concat([started ? Buffer.alloc(0) : iv, last, cipher.getAuthTag()]));
    },
  });
}

function decryptor(): Transform {
  let header = Buffer.alloc(0);
  let decipher: DecipherGCM | null = null;
  let held = Buffer.alloc(0); // the last TAG_BYTES seen: the tag, once the input ends
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      let data = chunk;
      if (!decipher) {
        header = Buffer.concat([header, data]);
        if (header.length < IV_BYTES) return done();
        decipher = createDecipheriv("aes-256-gcm", fileKey(), header.subarray(0, IV_BYTES));
        data = header.subarray(IV_BYTES);
      }
      const all = Buffer.concat([held, data]);
      held = all.subarray(Math.max(0, all.length - TAG_BYTES));
      done(null, decipher.update(all.subarray(0, all.length - held.length)));
    },
    flush(done) {
      try {
        if (!decipher || held.length < TAG_BYTES) throw new Error("encrypted file is truncated");
        decipher.setAuthTag(held);
        done(null, decipher.final());
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

/** Streams `input` into storage under `folder`, refusing more than maxBytes (413);
 *  with `encrypt`, the file is encrypted at rest (read it with openStream(key, true)). */
export async function saveStream(
  folder: string,
  input: Readable | AsyncIterable<Uint8Array>,
  maxBytes: number,
  options: { encrypt?: boolean; through?: Transform } = {},
): Promise<{ key: string; bytes: number }> {
  const key = `${folder}/${randomUUID()}`;
  const store = s3();
  const file = store ? path.resolve(getConfig().DATA_DIR, "tmp", randomUUID()) : path.join(root(), key);
  await mkdir(path.dirname(file), { recursive: true });
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) done(new UserError(413, "upload.tooLarge", { max: Math.round(maxBytes / 1024 / 1024) }));
      else done(null, chunk);
    },
  });
  try {
    const stages: NodeJS.ReadWriteStream[] = [
      ...(options.through ? [options.through] : []),
      limit,
      ...(options.encrypt ? [encryptor()] : []),
    ];
    const streams = [input, ...stages, createWriteStream(file)] as unknown as NodeJS.ReadWriteStream[];
    await pipeline(streams);
    if (store) await store.put(key, file, (await stat(file)).size);
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  } finally {
    if (store) await rm(file, { force: true });
  }
  return { key, bytes };
}

export function openStream(key: string, encrypted = false): Readable {
  const store = s3();
  const file = store ? store.open(key) : createReadStream(path.join(root(), key));
  if (!encrypted) return file;
  const plain = decryptor();
  file.on("error", (error: Error) => plain.destroy(error));
  return file.pipe(plain);
}

export async function remove(key: string) {
  const store = s3();
  if (store) await store.remove(key);
  else await rm(path.join(root(), key), { force: true });
}
