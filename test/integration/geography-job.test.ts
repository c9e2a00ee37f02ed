import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { db } from "../../web/db/db.server.ts";
import { generateCountryCsv } from "../../web/geography/generator.ts";
import { queueGeoImport, runGeoImport, geographyCounts } from "../../web/geography/import-job.server.ts";
import { UserError } from "../../web/errors.ts";

describe("geography import as a job", () => {
  it("stores an upload received through the multipart adapter byte for byte", async () => {
    const { multipartParts } = await import("../../web/http/multipart.server.ts");
    const { receiveGeoImport } = await import("../../web/geography/import-job.server.ts");
    const { openStream } = await import("../../web/storage/storage.server.ts");
    const csv = [...generateCountryCsv({ provinces: ["20"], constituenciesPerProvince: 3 })].join("");
    const form = new FormData();
    form.append("file", new File([csv], "chonburi.csv", { type: "text/csv" }));
    // The body arrives as a network would send it: in small pieces, over time.
    const encoded = new Response(form);
    const bytes = new Uint8Array(await encoded.arrayBuffer());
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(at, (at += 1024)));
      },
    });
    const request = new Request("http://localhost/admin/geography", {
      method: "POST",
      body,
      headers: { "content-type": encoded.headers.get("content-type")! },
      duplex: "half",
    } as RequestInit);
    const user = await db().user.create({ data: { phone: "+66891230000" } });
    const row = await receiveGeoImport(multipartParts(request), user.id);
    const stored: Buffer[] = [];
    for await (const chunk of openStream(row.storagePath)) stored.push(Buffer.from(chunk));
    expect(Buffer.concat(stored).toString("utf8")).toBe(csv);
    expect(row.totalBytes).toBe(Buffer.byteLength(csv));
  });

  it("stores the upload, queues it, and the worker's handler imports it with progress", async () => {
    const csv = [...generateCountryCsv({ provinces: ["83"], constituenciesPerProvince: 1 })].join("");
    const record = await queueGeoImport("phuket.csv", Readable.from([Buffer.from(csv)]), null);
    expect(record.status).toBe("queued");
    expect(record.totalBytes).toBe(Buffer.byteLength(csv));

    await runGeoImport(record.id);
    const done = await db().geoImport.findUniqueOrThrow({ where: { id: record.id } });
    expect(done.status).toBe("succeeded");
    expect(done.bytesRead).toBe(done.totalBytes);
    expect(done.rowsRead).toBe(csv.trim().split("\n").length - 1);
    expect((await geographyCounts()).units).toBe(done.rowsRead);

    // A redelivered job does nothing twice.
    await runGeoImport(record.id);
    expect((await db().geoImport.findUniqueOrThrow({ where: { id: record.id } })).finishedAt).toEqual(done.finishedAt);
  });

  it("records the errors of a bad file and imports nothing", async () => {
    const record = await queueGeoImport("bad.csv", Readable.from([Buffer.from("province_code\n10\n")]), null);
    await runGeoImport(record.id);
    const done = await db().geoImport.findUniqueOrThrow({ where: { id: record.id } });
    expect(done.status).toBe("failed");
    expect(done.errorCount).toBe(1);
    expect(JSON.stringify(done.errors)).toContain("header is missing column(s)");
  });

  it("refuses an upload over the size limit and keeps no row or file", async () => {
    const { getConfig } = await import("../../web/config/config.server.ts");
    const config = getConfig();
    const limit = config.GEO_IMPORT_MAX_BYTES;
    (config as { GEO_IMPORT_MAX_BYTES: number }).GEO_IMPORT_MAX_BYTES = 2048;
    try {
      const before = await db().geoImport.count();
      const error = await queueGeoImport("big.csv", Readable.from([Buffer.alloc(4096, 65)]), null).catch((e) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).status).toBe(413);
      expect(await db().geoImport.count()).toBe(before);
    } finally {
      (config as { GEO_IMPORT_MAX_BYTES: number }).GEO_IMPORT_MAX_BYTES = limit;
    }
  });
});
