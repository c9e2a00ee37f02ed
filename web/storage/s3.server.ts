// The S3-compatible store behind storage.server.ts (S3_BUCKET set). Plain PUT/GET/DELETE
// of whole objects with their length: the calls every S3-compatible store implements.
import { createReadStream } from "node:fs";
import { PassThrough, type Readable } from "node:stream";
import type { S3Client } from "@aws-sdk/client-s3";
import type { Config } from "../config/config.server.ts";

const ATTEMPTS = 3;
// The SDK is loaded with the first file stored, not with the web process (ADR 0029).
const sdk = () => import("@aws-sdk/client-s3");
let client: { config: Config; s3: Promise<S3Client> } | undefined;

function s3Client(config: Config) {
  if (client?.config !== config) {
    client = {
      config,
      s3: sdk().then(
        ({ S3Client }) =>
          new S3Client({
            region: config.S3_REGION,
            endpoint: config.S3_ENDPOINT,
            forcePathStyle: config.S3_FORCE_PATH_STYLE ?? !!config.S3_ENDPOINT,
            credentials: config.S3_ACCESS_KEY_ID
              ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY! }
              : undefined,
            // Checksums only where S3 requires them: many compatible stores refuse the SDK's
            // newer streaming-checksum encoding. Our own SHA-256 guards the photos.
            requestChecksumCalculation: "WHEN_REQUIRED",
            responseChecksumValidation: "WHEN_REQUIRED",
            maxAttempts: 1, // retried here, with the file read again from the start
          }),
      ),
    };
  }
  return client.s3;
}

async function retried<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
      if (attempt >= ATTEMPTS || (status >= 400 && status < 500)) throw error;
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  }
}

export function s3Store(config: Config) {
  const Bucket = config.S3_BUCKET!;
  const ready = async () => ({ s3: await s3Client(config), ...(await sdk()) });
  return {
    put: (key: string, file: string, bytes: number) =>
      retried(async () => {
        const { s3, PutObjectCommand } = await ready();
        return s3.send(new PutObjectCommand({ Bucket, Key: key, Body: createReadStream(file), ContentLength: bytes }));
      }),
    open: (key: string): Readable =>
      later(
        retried(async () => {
          const { s3, GetObjectCommand } = await ready();
          return s3.send(new GetObjectCommand({ Bucket, Key: key }));
        }).then((r) => r.Body as Readable),
      ),
    remove: async (key: string) =>
      void (await retried(async () => {
        const { s3, DeleteObjectCommand } = await ready();
        return s3.send(new DeleteObjectCommand({ Bucket, Key: key }));
      })),
  };
}

/** A readable that becomes `source` once it resolves (or fails with its error). */
function later(source: Promise<Readable>): Readable {
  const out = new PassThrough();
  source.then(
    (readable) => {
      readable.on("error", (error: Error) => out.destroy(error));
      readable.pipe(out);
    },
    (error: Error) => out.destroy(error),
  );
  return out;
}
