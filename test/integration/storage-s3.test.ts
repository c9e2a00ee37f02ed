// Uploaded files in an S3-compatible store (S3_BUCKET set). s3rver is a small
// S3-compatible server (it checks signatures and keeps objects on disk); the store is
// read back through the SDK independently of the module under test.
import { createHash } from "node:crypto";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { afterAll, describe, expect, it } from "vitest";

const server = new S3rver({
  port: 0,
  address: "127.0.0.1",
  silent: true,
  directory: await mkdtemp(path.join(tmpdir(), "s3rver-")),
  configureBuckets: [{ name: "evidence", configs: [] }],
});
const { port } = await server.run();
Object.assign(process.env, {
  S3_BUCKET: "evidence",
  S3_ENDPOINT: `http://127.0.0.1:${port}`,
  S3_ACCESS_KEY_ID: "S3RVER",
  S3_SECRET_ACCESS_KEY: "S3RVER",
});
afterAll(() => server.close());

const { db } = await import("../../web/db/db.server.ts");
const { getConfig } = await import("../../web/config/config.server.ts");
const { storePhoto } = await import("../../web/tally/photos.server.ts");
const { photoElectionId } = await import("../support/election.ts");
const { openStream, saveStream } = await import("../../web/storage/storage.server.ts");

const s3 = new S3Client({
  region: "us-east-1",
  endpoint: `http://127.0.0.1:${port}`,
  forcePathStyle: true,
  credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
});
const objects = async () =>
  ((await s3.send(new ListObjectsV2Command({ Bucket: "evidence" }))).Contents ?? []).map((o) => o.Key!);
const objectBytes = async (key: string) =>
  Buffer.from(
    await (await s3.send(new GetObjectCommand({ Bucket: "evidence", Key: key }))).Body!.transformToByteArray(),
  );
const leftovers = async () => readdir(path.resolve(getConfig().DATA_DIR, "tmp")).catch(() => []);

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("count-board-photo-".repeat(40_000))]); // ~700 KB, several chunks

describe("files in an S3-compatible store", () => {
  it("keeps a count photo's original bytes there, with their SHA-256, and knows it when sent again", async () => {
    const user = await db().user.create({ data: { phone: "+66891999001" } });
    const meta = {
      electionId: await photoElectionId(),
      unitCode: "10-01-100101-001",
      ballot: "constituency" as const,
      kind: "board" as const,
      userId: user.id,
    };
    const photo = await storePhoto(Readable.from([JPEG.subarray(0, 5000), JPEG.subarray(5000)]), meta);
    expect(photo.sha256).toBe(createHash("sha256").update(JPEG).digest("hex"));
    const row = await db().tallyPhoto.findUniqueOrThrow({ where: { id: photo.id } });
    expect(await objects()).toEqual([row.storageKey]);
    expect((await objectBytes(row.storageKey)).equals(JPEG)).toBe(true);
    const back = Buffer.concat(await Readable.from(openStream(row.storageKey)).toArray());
    expect(back.equals(JPEG)).toBe(true);

    const again = await storePhoto(Readable.from([JPEG]), meta);
    expect([again.id, again.duplicate]).toEqual([photo.id, true]);
    expect(await objects()).toEqual([row.storageKey]); // the second copy was removed
    expect(await leftovers()).toEqual([]);
  });

  it("never sends a refused upload to the store", async () => {
    const user = await db().user.create({ data: { phone: "+66891999002" } });
    const meta = {
      electionId: await photoElectionId(),
      unitCode: "10-01-100101-001",
      ballot: "constituency" as const,
      kind: "form" as const,
      userId: user.id,
    };
    const before = await objects();
    await expect(storePhoto(Readable.from([Buffer.from("<html>not a photo</html>")]), meta)).rejects.toMatchObject({
      status: 415,
    });
    await expect(saveStream("tally-photos", Readable.from([Buffer.alloc(4096)]), 1024)).rejects.toMatchObject({
      status: 413,
    });
    expect(await objects()).toEqual(before);
    expect(await leftovers()).toEqual([]);
  });

  it("stores personal files encrypted: the store holds ciphertext, the app reads plain text", async () => {
    const csv = "name,phone\nสมชาย ใจดี,0812345678\n";
    const { key } = await saveStream("roster-imports", Readable.from([Buffer.from(csv)]), 1 << 20, { encrypt: true });
    const stored = await objectBytes(key);
    expect(stored.includes(Buffer.from("0812345678"))).toBe(false);
    expect(await text(openStream(key, true))).toBe(csv);
  });

  it("fails a read of a missing object with an error, not a hang", async () => {
    await expect(text(openStream("tally-photos/missing"))).rejects.toThrow();
  });
});
