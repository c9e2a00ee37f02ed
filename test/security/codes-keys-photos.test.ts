// Issue 17: sign-in codes stored in clear in the outbox behind a real SMS provider, no
// ceiling on codes sent by everyone together, the national-ID hash keyed with a constant
// from the public source, and every count photo public once results are released.
import http from "node:http";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A real provider, received here: configured before anything reads the configuration.
const received: { to: string; body: string }[] = [];
const gateway = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c));
  req.on("end", () => {
    received.push(JSON.parse(body) as { to: string; body: string });
    res.writeHead(202).end();
  });
});
await new Promise<void>((resolve) => gateway.listen(0, "127.0.0.1", resolve));
process.env.SMS_PROVIDER = "http";
process.env.SMS_HTTP_URL = `http://127.0.0.1:${(gateway.address() as { port: number }).port}/sms`;
process.env.OTP_MAX_PER_HOUR = "4";

const { db } = await import("../../web/db/db.server.ts");
const { requestCode, verifyCode } = await import("../../web/accounts/otp.server.ts");
const { installSecrets, nationalIdHash } = await import("../../web/accounts/secrets.server.ts");
const { getConfig } = await import("../../web/config/config.server.ts");
const { photoVisibleTo } = await import("../../web/tally/photos.server.ts");
const { setRelease } = await import("../../web/results/feed.server.ts");
const { seedTestElection } = await import("../support/election.ts");
const { unitResults } = await import("../../web/results/results.server.ts");
const { userError } = await import("../support/user-error.ts");

afterAll(() => new Promise<void>((resolve) => gateway.close(() => resolve())));

describe("sign-in codes through a real provider", () => {
  it("reach the phone, and the outbox keeps the message with the code masked", async () => {
    const phone = await requestCode("0815558001", "10.9.1.1");
    const sent = received.find((m) => m.to === phone)!;
    const code = /(\d{6})/.exec(sent.body)![1]!;
    const kept = await db().outboxMessage.findFirstOrThrow({ where: { recipient: phone } });
    expect(kept.provider).toBe("http");
    expect(kept.body).not.toContain(code);
    expect(kept.body).toContain("••••••");
    expect(await verifyCode(phone, code)).toBeTruthy();
  });

  it("stop at the platform-wide ceiling per hour, whoever asks from wherever (429)", async () => {
    // One sent above; three more reach the ceiling of four.
    for (const [i, phone] of ["0815558002", "0815558003", "0815558004"].entries())
      await requestCode(phone, `10.9.2.${i}`);
    const refused = await userError(requestCode("0815558005", "10.9.3.1"));
    expect(refused).toMatchObject({ status: 429, code: "otp.busy" });
    expect(await db().oneTimeCode.count()).toBe(4);
  });
});

describe("the national-ID key", () => {
  it("is made per install into the data directory's secrets, never a constant of the source", async () => {
    expect(getConfig().NATIONAL_ID_KEY).toBeUndefined();
    const file = path.resolve(getConfig().DATA_DIR, "secrets.json");
    const hash = nationalIdHash("1101700203451");
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o077).toBe(0);
    const kept = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
    expect(kept.NATIONAL_ID_KEY).toMatch(/^[0-9a-f]{64}$/);
    // Another install has another key: the same ID gives another hash.
    const other = installSecrets(mkdtempSync(path.join(tmpdir(), "install-")));
    expect(other.NATIONAL_ID_KEY).not.toBe(kept.NATIONAL_ID_KEY);
    expect(nationalIdHash("1101700203451")).toBe(hash);
    // The key is not in the source.
    const source = await readFile(path.resolve("web/accounts/secrets.server.ts"), "utf8");
    expect(source).not.toMatch(/development-only-secret/);
    expect(source).not.toContain(kept.NATIONAL_ID_KEY);
    // The same file is kept: a second read changes nothing.
    expect(installSecrets(path.dirname(file))).toEqual(kept);
  });
});

describe("count photos", () => {
  let reported: string, verified: string;
  const photo = async (unitCode: string) =>
    db().tallyPhoto.create({
      data: {
        electionId: (await db().election.findFirstOrThrow()).id,
        unitCode,
        ballot: "constituency",
        kind: "form",
        sha256: `${unitCode}`.padEnd(64, "0").replace(/[^0-9a-f]/g, "a"),
        storageKey: `test/${unitCode}`,
        contentType: "image/jpeg",
        bytes: 1,
        uploadedById: (await db().user.create({ data: { phone: `+6681${unitCode.slice(-7).replace(/\D/g, "0")}` } }))
          .id,
      },
    });

  beforeAll(async () => {
    await seedTestElection("photos");
    const election = await db().election.findFirstOrThrow();
    const units = await db().pollingUnit.findMany({ orderBy: { code: "asc" }, take: 2 });
    [reported, verified] = [units[0]!.code, units[1]!.code];
    await db().unitResult.createMany({
      data: [
        { electionId: election.id, unitCode: reported, ballot: "constituency", status: "reported" },
        { electionId: election.id, unitCode: verified, ballot: "constituency", status: "verified", hasFormPhoto: true },
      ],
    });
  });

  it("are public after the release only for verified or decided units; the rest stay with staff", async () => {
    const [ofReported, ofVerified] = [await photo(reported), await photo(verified)];
    const admin = await db().user.create({
      data: { phone: "+66815559999", roles: { create: { role: "platform_admin" } } },
      include: { roles: true },
    });
    // Before the release: staff only.
    expect(await photoVisibleTo(ofVerified, null)).toBe(false);
    expect(await photoVisibleTo(ofReported, admin)).toBe(true);
    await setRelease(true, admin.id);
    expect(await photoVisibleTo(ofVerified, null)).toBe(true);
    // Before: every photo of every unit, to anyone.
    expect(await photoVisibleTo(ofReported, null)).toBe(false);
    expect(await photoVisibleTo(ofReported, admin)).toBe(true);
    // The public unit page lists only the photos it may show.
    const election = await db().election.findFirstOrThrow();
    expect((await unitResults(election.id, reported))[0]!.photos).toEqual([]);
    expect((await unitResults(election.id, verified))[0]!.photos.map((p) => p.id)).toEqual([ofVerified.id]);
  });
});
