// Uploaded files. Local filesystem under DATA_DIR by default; the interface is what an
// S3-compatible store implements when configured (the tally issue adds it).
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import { getConfig } from "../config/config.server.ts";
import { UserError } from "../errors.ts";

const root = () => path.resolve(getConfig().DATA_DIR, "files");

/** Streams `input` into storage under `folder`, refusing more than maxBytes (413). */
export async function saveStream(folder: string, input: Readable | AsyncIterable<Uint8Array>, maxBytes: number): Promise<{ key: string; bytes: number }> {
  const key = `${folder}/${randomUUID()}`;
  const file = path.join(root(), key);
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
    await pipeline(input, limit, createWriteStream(file));
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  return { key, bytes };
}

export function openStream(key: string): Readable {
  return createReadStream(path.join(root(), key));
}

export async function sizeOf(key: string): Promise<number> {
  return (await stat(path.join(root(), key))).size;
}

export async function remove(key: string) {
  await rm(path.join(root(), key), { force: true });
}
