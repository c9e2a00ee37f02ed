// Issue 17, requests: what the screen in front of every route refuses (cross-site state
// changes, NUL bytes, bodies that are not forms, bodies too large or without a length),
// ids and integers from URLs that PostgreSQL would refuse with a 500, and CSV imports in
// the encodings a Thai Excel writes. The same refusals over real HTTP, on every route,
// are in test/e2e/malformed.spec.ts.
import { Readable } from "node:stream";
import type { IncomingMessage } from "node:http";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { screenPageBody, screenRequest, takesUploads } from "../../web/http/request-screen.server.ts";
import { csvRecords, detectCsvEncoding, readCheckedCsv } from "../../web/csv/records.ts";
import { isRowNumber, isUuid } from "../../web/ids.ts";
import { donationById } from "../../web/donations/donations.server.ts";

const limits = { formMaxBytes: 1024 * 1024, uploadMaxBytes: 80 * 1024 * 1024, publicOrigin: "https://count.example" };
const request = (method: string, url: string, headers: Record<string, string> = {}) =>
  ({ method, url, headers: { host: "127.0.0.1:3000", ...headers } }) as unknown as IncomingMessage;

describe("cross-site state changes (CSRF)", () => {
  const post = (headers: Record<string, string>, url = "/me/erase") =>
    screenRequest(request("POST", url, headers), limits, ["/webhooks/stripe"]);

  it("are refused with 403 on every path, whatever Remix would have checked", () => {
    for (const url of ["/login?_data=routes/login", "/me?_data=routes/me", "/me/erase", "/api/v1/entries", "/lang"]) {
      expect(post({ origin: "http://evil.example" }, url)).toMatchObject({ status: 403, code: "request.crossOrigin" });
      expect(post({ "sec-fetch-site": "cross-site" }, url)?.status).toBe(403);
      expect(post({ "sec-fetch-site": "same-site", origin: "http://sub.127.0.0.1:3000" }, url)?.status).toBe(403);
      expect(post({ origin: "null" }, url)?.status).toBe(403);
    }
    // The port is part of the origin.
    expect(post({ origin: "http://127.0.0.1:4000" })?.status).toBe(403);
    expect(screenRequest(request("DELETE", "/x", { origin: "http://evil.example" }), limits)?.status).toBe(403);
  });

  it("from this site, from the public address, or from no browser at all, pass", () => {
    expect(post({ origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" })).toBeNull();
    expect(post({ origin: "https://count.example" })).toBeNull();
    expect(post({ "sec-fetch-site": "none" })).toBeNull();
    expect(post({})).toBeNull(); // curl, a newsroom's script
    // Reading is never refused; Stripe's webhook proves itself by its signature.
    expect(screenRequest(request("GET", "/", { origin: "http://evil.example" }), limits)).toBeNull();
    expect(post({ origin: "https://stripe.example" }, "/webhooks/stripe")).toBeNull();
    expect(
      screenRequest(request("PUT", "/webhooks/stripe", { origin: "https://stripe.example" }), limits, [
        "/webhooks/stripe",
      ])?.status,
    ).toBe(403);
  });
});

describe("the URL", () => {
  it("may not hold a NUL byte, raw or encoded, on any method", () => {
    for (const url of ["/areas/subdistricts?q=%00", "/org/%00/qr.svg", "/sponsor/%00/redeem", "/x?q=a\0b"]) {
      expect(screenRequest(request("GET", url), limits)).toMatchObject({ status: 400, code: "request.nul" });
      expect(screenRequest(request("POST", url), limits)?.status).toBe(400);
    }
    expect(screenRequest(request("GET", "/areas/subdistricts?q=%E0%B8%81"), limits)).toBeNull();
    // A path whose percent-encoding is cut off is not an address.
    expect(screenRequest(request("GET", "/org/%E0%B8/roster"), limits)).toMatchObject({
      status: 400,
      code: "request.badUrl",
    });
    expect(screenRequest(request("GET", "/results/c/%E0%B8%81"), limits)).toBeNull();
  });
});

describe("a page's body", () => {
  const body = (url: string, headers: Record<string, string>) => screenPageBody(request("POST", url, headers), limits);
  const form = { "content-type": "application/x-www-form-urlencoded" };

  it("must be a form: any other type is 415, multipart without a boundary too", () => {
    for (const type of [
      "application/json",
      "text/plain",
      "application/xml",
      "multipart/form-data",
      "multipart/form-data; charset=utf-8",
      "",
    ])
      expect(body("/login", { "content-type": type, "content-length": "10" })).toMatchObject({ status: 415 });
    expect(body("/login", { ...form, "content-length": "10" })).toBeNull();
    expect(
      body("/login", { "content-type": "multipart/form-data; boundary=----abc", "content-length": "10" }),
    ).toBeNull();
    expect(
      body("/login", { "content-type": 'multipart/form-data; boundary="quoted"', "content-length": "10" }),
    ).toBeNull();
    // No body at all is an empty form.
    expect(body("/logout", {})).toBeNull();
    expect(body("/logout", { "content-type": "application/json", "content-length": "0" })).toBeNull();
  });

  it("is limited by its declared length: 413 past the limit, 411 without a length", () => {
    expect(body("/login", { ...form, "content-length": String(64 * 1024 * 1024) })).toMatchObject({
      status: 413,
      code: "request.tooLarge",
      params: { max: 1 },
    });
    expect(body("/login", { ...form, "transfer-encoding": "chunked" })).toMatchObject({ status: 411 });
    // A multipart form is as small as any other, except on the pages that take files.
    const multipart = { "content-type": "multipart/form-data; boundary=b", "content-length": String(20 * 1024 * 1024) };
    expect(body("/login", multipart)?.status).toBe(413);
    expect(body("/donate", multipart)?.status).toBe(413);
    for (const page of [
      "/report/10-01-100101-001/constituency",
      "/admin/geography",
      "/admin/election",
      "/admin/official",
      "/finance",
      "/org/ilaw/imports",
      "/sponsor/cafe",
    ]) {
      expect(takesUploads(page)).toBe(true);
      expect(body(page, multipart)).toBeNull();
      expect(body(page, { ...multipart, "content-length": String(81 * 1024 * 1024) })?.status).toBe(413);
    }
    expect(takesUploads("/org/ilaw/roster")).toBe(false);
  });
});

describe("ids and integers from URLs", () => {
  it("only a real UUID is looked up; 36 characters of hyphens and hex are not one", async () => {
    expect(isUuid("00000000-0000-0000-0000-000000000000")).toBe(true);
    for (const bad of [
      "------------------------------------",
      "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaaa"[0]!.repeat(36),
      "0000000-00000-0000-0000-000000000000",
      "",
      null,
    ])
      expect(isUuid(bad)).toBe(false);
    // Before: PostgreSQL's "invalid input syntax for type uuid", a 500.
    expect(await donationById("------------------------------------")).toBeNull();
    expect(await donationById("abcdefabcdefabcdefabcdefabcdefabcdef")).toBeNull();
  });

  it("integers beyond PostgreSQL's are not rows that exist", () => {
    expect(isRowNumber(2_147_483_647)).toBe(true);
    for (const n of [99999999999, 2_147_483_648, -1, 1.5, NaN, Infinity]) expect(isRowNumber(n)).toBe(false);
  });
});

describe("CSV imports in the encodings people have", () => {
  const text = "code,name_th\n10,กรุงเทพมหานคร\n11,สมุทรปราการ\n";
  const records = async (bytes: Buffer) => {
    const out: string[][] = [];
    for await (const { record } of csvRecords(Readable.from([bytes]), 4096)) out.push(record);
    return out;
  };
  const expected = [
    ["code", "name_th"],
    ["10", "กรุงเทพมหานคร"],
    ["11", "สมุทรปราการ"],
  ];

  it("read UTF-8 with or without a BOM, and Thai Windows-874 / TIS-620, to the same records", async () => {
    expect(await records(Buffer.from(text))).toEqual(expected);
    expect(await records(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual(expected);
    const win874 = iconv.encode(text, "win874");
    expect(detectCsvEncoding(win874, true)).toBe("windows-874");
    expect(await records(win874)).toEqual(expected);
    const tis620 = iconv.encode(text, "tis620");
    expect(await records(tis620)).toEqual(expected);
    // A Windows-874 file longer than the sample, with Thai across chunk boundaries.
    const long = iconv.encode(
      "code,name_th\n" + Array.from({ length: 5000 }, (_, i) => `${i},ตำบลที่${i}`).join("\n"),
      "win874",
    );
    const chunks = Array.from({ length: Math.ceil(long.length / 1000) }, (_, i) =>
      long.subarray(i * 1000, i * 1000 + 1000),
    );
    const read: string[][] = [];
    for await (const { record } of csvRecords(Readable.from(chunks), 4096)) read.push(record);
    expect(read).toHaveLength(5001);
    expect(read[4999]).toEqual(["4998", "ตำบลที่4998"]);
  });

  it("refuse any other encoding with a message that says what to do", async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const { rows, errors } = await readCheckedCsv(Readable.from([utf16]), ["code"], (raw) => raw);
    expect(rows).toEqual([]);
    expect(errors).toEqual([{ line: 1, code: "badEncoding", params: { detected: expect.any(String) } }]);
  });
});

describe("a body that trickles in", () => {
  it("is given up after the small-body timeout (408), not held for the server's whole request timeout", async () => {
    const { readBody } = await import("../../web/http/raw-body.server.ts");
    // A sender that sends one byte and then nothing.
    const trickle = new Readable({ read() {} });
    trickle.push("a");
    Object.assign(trickle, { headers: { "content-length": "100" } });
    // The stream never ends: only the timeout can answer.
    expect(await readBody(trickle as unknown as IncomingMessage, 1024, 200)).toBe("tooSlow");
    // One that arrives in time is read whole.
    const quick = Readable.from([Buffer.from("a=1&b=2")]);
    Object.assign(quick, { headers: {} });
    expect(String(await readBody(quick as unknown as IncomingMessage, 1024, 200))).toBe("a=1&b=2");
  });
});
