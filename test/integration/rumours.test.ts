// The rumour desk (issue 42): a doctored copy of a unit's form photo finds our original by
// its perceptual hash (and an unrelated picture does not); the verdict, once published,
// shows the original's hash and anchoring and nobody's name.
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "../../web/db/db.server.ts";
import { currentElection } from "../../web/elections/elections.server.ts";
import { storePhoto } from "../../web/tally/photos.server.ts";
import {
  hashWaitingPhotos,
  logClaim,
  matchClaim,
  originalsFor,
  perceptualHash,
  publishedVerdict,
  publishVerdict,
  verdictExport,
} from "../../web/rumours/rumour-desk.server.ts";
import { seedTestElection } from "../support/election.ts";
import { can } from "../../web/accounts/permissions.ts";
import {
  appointInOrganisation,
  createOrganisation,
  revokeInOrganisation,
} from "../../web/organisations/organisations.server.ts";
import { formImage } from "../support/form-image.ts";
import { verdictsSchema } from "../../web/results/feed-schema.ts";

/** Bits that differ between two hex hashes of the same length (what PostgreSQL's
 *  bit_count of the XOR counts for the desk). */
function hashDistance(a: string, b: string): number {
  let bits = 0;
  for (let i = 0; i < a.length; i++) {
    let x = parseInt(a[i]!, 16) ^ parseInt(b[i]!, 16);
    for (; x; x &= x - 1) bits++;
  }
  return bits;
}

let electionId: string;
let units: string[];
let checker: { id: string };
const originals: { id: string; sha256: string; unit: string }[] = [];

beforeAll(async () => {
  await seedTestElection("rumours");
  electionId = (await currentElection()).id;
  units = (await db().pollingUnit.findMany({ orderBy: { code: "asc" }, take: 4 })).map((u) => u.code);
  checker = await db().user.create({ data: { phone: "+66893000001", displayName: "ผู้ตรวจสอบข่าว" } });
  for (const [i, unit] of units.entries()) {
    const stored = await storePhoto(Readable.from([formImage(i + 1)]), {
      electionId,
      unitCode: unit,
      ballot: "constituency",
      kind: "form",
      userId: checker.id,
    });
    originals.push({ id: stored.id, sha256: stored.sha256, unit });
  }
}, 60_000);

describe("the rumour desk", () => {
  it("is opened to a partner organisation's fact-checker, appointed by phone and told where by SMS", async () => {
    const org = await createOrganisation({ slug: "fact-check-org", nameTh: "โคแฟค ทดสอบ", nameEn: "CoFact test" });
    const admin = await db().user.create({ data: { phone: "+66893000009" } });
    const { user, created } = await appointInOrganisation(org.id, "+66893000008", "fact_checker", admin.id);
    expect(created).toBe(true);
    const roles = await db().roleGrant.findMany({ where: { userId: user.id } });
    expect(roles).toEqual([expect.objectContaining({ role: "fact_checker", organisationId: org.id })]);
    expect(can({ roles }, "rumours:manage")).toBe(true);
    expect(can({ roles }, "organisations:manage")).toBe(false);
    const sms = await db().outboxMessage.findFirstOrThrow({ where: { recipient: "+66893000008" } });
    expect(sms.body).toContain("/desk");
    // Again: nothing more; taken back: the desk is closed.
    expect((await appointInOrganisation(org.id, "+66893000008", "fact_checker", admin.id)).created).toBe(false);
    await revokeInOrganisation(org.id, user.id, "fact_checker");
    expect(can({ roles: await db().roleGrant.findMany({ where: { userId: user.id } }) }, "rumours:manage")).toBe(false);
  });

  it("hashes pictures so that a doctored copy stays near its original and far from other forms", async () => {
    const original = (await perceptualHash(formImage(2)))!;
    const doctored = (await perceptualHash(formImage(2, true)))!;
    const other = (await perceptualHash(formImage(3)))!;
    expect(original).toMatch(/^[0-9a-f]{64}$/);
    expect(hashDistance(original, doctored)).toBeLessThan(hashDistance(original, other));
    expect(await perceptualHash(Buffer.from("not an image"))).toBeNull();
  });

  it("hashes the photos as they arrive, each once however many workers take a share", async () => {
    const waiting = () => db().tallyPhoto.count({ where: { electionId, phash: null, incidentId: null } });
    expect(await waiting()).toBe(units.length);
    // Three workers at once, batches of one: SKIP LOCKED gives each a different photo.
    const done = await Promise.all([hashWaitingPhotos(1), hashWaitingPhotos(1), hashWaitingPhotos(1)]);
    expect(done.reduce((a, b) => a + b, 0)).toBe(3);
    expect(await waiting()).toBe(units.length - 3);
    while ((await hashWaitingPhotos(2)) > 0);
    expect(await waiting()).toBe(0);
    const hashes = await db().tallyPhoto.findMany({ where: { electionId }, select: { phash: true } });
    expect(hashes.every((h) => /^[0-9a-f]{64}$/.test(h.phash!))).toBe(true);
    // The SQL's distance (bit_count of the XOR) is the same count of bits as ours.
    const [a, b] = [hashes[0]!.phash!, hashes[1]!.phash!];
    const { rows } = await pool().query<{ d: number }>(
      `SELECT bit_count(('x' || $1)::bit(256) # ('x' || $2)::bit(256))::int AS d`,
      [a, b],
    );
    expect(rows[0]!.d).toBe(hashDistance(a, b));
  });

  it("finds the original of a doctored form by similarity, and the unit's photos by its code", async () => {
    const claim = await logClaim(
      checker,
      electionId,
      { text: "ภาพแบบ ส.ส. 5/18 ที่แชร์กันว่าผู้สมัครหมายเลข 2 ชนะ" },
      Readable.from([formImage(2, true)]),
    );
    expect(claim.imagePhash).toMatch(/^[0-9a-f]{64}$/);
    const { similar, byUnit, waiting } = await originalsFor(claim.id);
    expect(waiting).toBe(0);
    expect(byUnit).toEqual([]);
    expect(similar[0]!.id).toBe(originals[1]!.id);
    expect(similar.every((s, i) => i === 0 || s.distance >= similar[0]!.distance)).toBe(true);

    const byCode = await logClaim(checker, electionId, { text: "ข่าวลือหน่วยนี้", unitCode: units[0] });
    expect((await originalsFor(byCode.id)).byUnit.map((p) => p.id)).toEqual([originals[0]!.id]);
  });

  it("publishes a verdict that shows the original's hash and anchoring, and no one's name", async () => {
    const claim = await logClaim(
      checker,
      electionId,
      { text: "แบบฟอร์มปลอม", link: "https://example.com/post/1" },
      Readable.from([formImage(3, true)]),
    );
    expect(await publishedVerdict(claim.id)).toBeNull(); // not before it is published
    await matchClaim(claim.id, originals[2]!.id);
    await publishVerdict(claim.id, {
      verdict: "false",
      explanationTh: "ตัวเลขในภาพที่แชร์ถูกแก้ไข ภาพต้นฉบับของเราบันทึกค่าแฮชไว้แล้ว",
      explanationEn: "The figures in the shared image were changed; our original's hash is on record.",
    });
    const page = (await publishedVerdict(claim.id))!;
    expect(page).toMatchObject({
      verdict: "false",
      unitCode: units[2],
      // Logged by someone with no partner organisation's fact-checker role: no one named.
      checkedBy: null,
      original: { sha256: originals[2]!.sha256, anchoring: { state: "pending" } },
    });
    expect(JSON.stringify(page)).not.toMatch(/ผู้ตรวจสอบข่าว|\+66|createdBy/);
    // The export: published verdicts only, with the original's hash to check.
    const exported = await verdictExport(electionId);
    expect(exported).toEqual([
      expect.objectContaining({ id: claim.id, verdict: "false", originalSha256: originals[2]!.sha256 }),
    ]);
    expect(() => verdictsSchema.parse({ election: "rumours", verdicts: exported })).not.toThrow();
    expect(JSON.stringify(exported)).not.toMatch(/ผู้ตรวจสอบข่าว|\+66|createdBy/);
  });
});
