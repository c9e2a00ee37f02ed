import { Readable } from "node:stream";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "../../web/db/db.server.ts";
import { generateCountryCsv } from "../../web/geography/generator.ts";
import { importGeographyCsv } from "../../web/geography/import.server.ts";
import { registerVolunteer, parseSignup } from "../../web/recruitment/signup.server.ts";
import {
  changeStatus,
  rosterPage,
  revealPhone,
  recordBulkPhoneReads,
  rosterBatches,
  setNote,
  affiliationDetail,
} from "../../web/recruitment/roster.server.ts";
import { parseRosterFilter } from "../../web/recruitment/roster-filters.ts";
import { queueRosterImport, runRosterImport } from "../../web/recruitment/roster-import-job.server.ts";
import {
  generateRosterCsv,
  syntheticNationalId,
  syntheticPhone,
  type RosterArea,
} from "../../web/recruitment/roster-generator.ts";
import { rosterAreas } from "../../web/recruitment/recruitment.sql.server.ts";
import { eraseMe, exportMyData, setContactConsent } from "../../web/recruitment/self-service.server.ts";
import { sealText } from "../../web/accounts/secrets.server.ts";
import { answerInvitation, myInvitations } from "../../web/recruitment/invitations.server.ts";
import { openStream } from "../../web/storage/storage.server.ts";
import { createOrganisation, appointOrgAdmin } from "../../web/organisations/organisations.server.ts";
import { userError } from "../support/user-error.ts";
import { getConfig } from "../../web/config/config.server.ts";

const text = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
};

let orgA: string, orgB: string, staffA: string, staffB: string;
let areas: RosterArea[];

const signupValues = (over: Record<string, unknown> = {}) => ({
  fullName: "สมศรี ทดสอบ",
  nationalId: syntheticNationalId(900_001),
  birthDate: "1990-05-31",
  provinceCode: "10",
  constituencyId: "10-01",
  tiers: ["polling_unit"],
  organisation: "org-a",
  consentData: "on",
  ...over,
});
const signupInput = (over: Record<string, unknown> = {}) => {
  const parsed = parseSignup(signupValues(over));
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return parsed.data;
};
const newUser = (phone: string) => db().user.create({ data: { phone } });

beforeAll(async () => {
  const client = await pool().connect();
  try {
    const geo = await importGeographyCsv(
      client,
      Readable.from(generateCountryCsv({ provinces: ["10", "40"], constituenciesPerProvince: 2 })),
    );
    expect(geo.ok).toBe(true);
    areas = await rosterAreas(client);
  } finally {
    client.release();
  }
  orgA = (await createOrganisation({ slug: "org-a", nameTh: "องค์กรเอ", nameEn: "Org A" })).id;
  orgB = (await createOrganisation({ slug: "org-b", nameTh: "องค์กรบี", nameEn: "Org B" })).id;
  const platform = await newUser("+66800000099");
  staffA = (await appointOrgAdmin(orgA, "+66810000001", platform.id)).user.id;
  staffB = (await appointOrgAdmin(orgB, "+66810000002", platform.id)).user.id;
});

describe("signing up", () => {
  it("makes one volunteer with one affiliation per organisation, each holding what was given to it", async () => {
    const user = await newUser("+66891110001");
    const first = await registerVolunteer(user.id, signupInput({ consentContact: "on" }));
    const second = await registerVolunteer(
      user.id,
      signupInput({ organisation: "org-b", fullName: "Somsri Test", tiers: ["war_room"] }),
    );
    expect(second.volunteerId).toBe(first.volunteerId);
    const affiliations = await db().affiliation.findMany({
      where: { volunteerId: first.volunteerId },
      orderBy: { createdAt: "asc" },
    });
    expect(affiliations.map((a) => [a.organisationId, a.fullName, a.tiers, a.phone])).toEqual([
      [orgA, "สมศรี ทดสอบ", ["polling_unit"], "+66891110001"],
      [orgB, "Somsri Test", ["war_room"], "+66891110001"],
    ]);
    const volunteer = await db().volunteer.findUniqueOrThrow({ where: { id: first.volunteerId } });
    expect(volunteer.nationalIdLast4).toBe(syntheticNationalId(900_001).slice(-4));
    expect(volunteer.nationalIdHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(volunteer)).not.toContain(syntheticNationalId(900_001));
    const consents = await db().consent.findMany({ where: { volunteerId: first.volunteerId } });
    expect(consents.map((c) => c.kind).sort()).toEqual(["data_processing", "post_election_contact"]);

    // Each organisation's roster holds only its own affiliation's data.
    const a = await rosterPage(orgA, parseRosterFilter(new URLSearchParams("q=Somsri")));
    expect(a.total).toBe(0);
    const b = await rosterPage(orgB, parseRosterFilter(new URLSearchParams("q=Somsri")));
    expect(b.rows.map((r) => r.fullName)).toEqual(["Somsri Test"]);
  });

  it("refuses a second sign-up through the same organisation, and an ID used with another phone, writing nothing", async () => {
    const user = await newUser("+66891110002");
    await registerVolunteer(user.id, signupInput({ nationalId: syntheticNationalId(900_002) }));
    const before = await db().affiliation.count();
    const dup = await userError(registerVolunteer(user.id, signupInput({ nationalId: syntheticNationalId(900_002) })));
    expect([dup.status, dup.code]).toEqual([409, "signup.errors.duplicate"]);
    const other = await newUser("+66891110003");
    const stolen = await userError(
      registerVolunteer(other.id, signupInput({ nationalId: syntheticNationalId(900_002), organisation: "org-b" })),
    );
    expect([stolen.status, stolen.code]).toEqual([409, "signup.errors.nationalIdOtherPhone"]);
    expect(await db().affiliation.count()).toBe(before);
    expect(await db().volunteer.count({ where: { userId: other.id } })).toBe(0);
  });

  it("checks the national ID's check digit, the minimum age and the honeypot", () => {
    const id = syntheticNationalId(900_003);
    const wrong = id.slice(0, 12) + ((Number(id[12]) + 1) % 10);
    const bad = parseSignup(
      signupValues({ nationalId: wrong, birthDate: `${new Date().getUTCFullYear() - 10}-01-01`, website: "spam" }),
    );
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => i.message);
    expect(messages).toEqual(
      expect.arrayContaining(["signup.errors.nationalIdCheck", "signup.errors.tooYoung", "form.spam"]),
    );
    const student = parseSignup(signupValues({ birthDate: `${new Date().getUTCFullYear() - 16}-01-01` }));
    expect(student.success).toBe(getConfig().VOLUNTEER_MIN_AGE <= 16);
  });
});

describe("an organisation's roster", () => {
  let mine: string, theirs: string;
  beforeAll(async () => {
    const u1 = await newUser("+66891120001");
    mine = (
      await registerVolunteer(
        u1.id,
        signupInput({ nationalId: syntheticNationalId(900_010), fullName: "มานี มีนา", birthDate: "2009-01-01" }),
      )
    ).affiliationId;
    const u2 = await newUser("+66891120002");
    theirs = (
      await registerVolunteer(
        u2.id,
        signupInput({ nationalId: syntheticNationalId(900_011), organisation: "org-b", fullName: "ปิติ ชูใจ" }),
      )
    ).affiliationId;
  });

  it("moves through approve / suspend / reject only as the state machine allows, keeping every change", async () => {
    const reasonless = await userError(changeStatus(orgA, [mine], "reject", "", staffA));
    expect([reasonless.status, reasonless.code]).toEqual([400, "roster.reasonRequired"]);
    expect(await changeStatus(orgA, [mine], "suspend", "not yet approved", staffA)).toEqual({ changed: 0, skipped: 1 });
    expect(await changeStatus(orgA, [mine], "approve", undefined, staffA)).toEqual({ changed: 1, skipped: 0 });
    expect(await changeStatus(orgA, [mine], "suspend", "missed training", staffA)).toEqual({ changed: 1, skipped: 0 });
    const detail = await affiliationDetail(orgA, mine);
    expect(detail.status).toBe("suspended");
    expect(detail.statusReason).toBe("missed training");
    expect(detail.events.map((e) => [e.fromStatus, e.toStatus])).toEqual([
      [null, "pending"],
      ["pending", "approved"],
      ["approved", "suspended"],
    ]);
  });

  it("never reads or changes another organisation's volunteer", async () => {
    expect(await changeStatus(orgA, [theirs], "approve", undefined, staffA)).toEqual({ changed: 0, skipped: 1 });
    expect((await db().affiliation.findUniqueOrThrow({ where: { id: theirs } })).status).toBe("pending");
    expect((await userError(affiliationDetail(orgA, theirs))).status).toBe(404);
    expect((await userError(revealPhone(orgA, theirs, staffA, "contact"))).status).toBe(404);
    expect((await userError(setNote(orgA, theirs, "hello"))).status).toBe(404);
    const all = await rosterPage(orgA, parseRosterFilter(new URLSearchParams()));
    expect(all.rows.some((r) => r.id === theirs)).toBe(false);
    const exported = [];
    for await (const batch of rosterBatches(orgA, parseRosterFilter(new URLSearchParams()))) exported.push(...batch);
    expect(exported.every((a) => a.organisationId === orgA)).toBe(true);
  });

  it("records every staff read of a phone number", async () => {
    const before = await db().phoneRead.count();
    expect(await revealPhone(orgA, mine, staffA, "contact")).toBe("+66891120001");
    const read = await db().phoneRead.findFirstOrThrow({ orderBy: { readAt: "desc" } });
    expect([read.staffUserId, read.organisationId, read.purpose]).toEqual([staffA, orgA, "contact"]);
    const exportReads = await recordBulkPhoneReads(orgA, parseRosterFilter(new URLSearchParams()), staffA, "export");
    expect(exportReads).toBe(await db().affiliation.count({ where: { organisationId: orgA, phone: { not: null } } }));
    expect(await db().phoneRead.count()).toBe(before + 1 + exportReads);
  });

  it("filters by status, tier, area, age group and searches by name or ID digits", async () => {
    const page = (q: string) => rosterPage(orgA, parseRosterFilter(new URLSearchParams(q)));
    expect((await page("q=มานี")).rows.map((r) => r.id)).toEqual([mine]);
    expect((await page(`q=${syntheticNationalId(900_010).slice(-4)}`)).rows.map((r) => r.id)).toEqual([mine]);
    expect((await page("q=089-112-0001")).rows.map((r) => r.id)).toEqual([mine]);
    expect((await page("status=suspended")).rows.map((r) => r.id)).toEqual([mine]);
    expect((await page("age=under18&q=มานี")).total).toBe(1);
    expect((await page("age=25-39&q=มานี")).total).toBe(0);
    expect((await page("tier=war_room&q=มานี")).total).toBe(0);
    expect((await page("province=40&q=มานี")).total).toBe(0);
    // Hand-edited nonsense is ignored, not an error.
    expect((await page("status=bogus&page=-3&age=old")).total).toBeGreaterThan(0);
  });
});

describe("importing a roster CSV", () => {
  const csvOf = (lines: string[]) => Readable.from([Buffer.from(lines.join("\n") + "\n")]);
  const header = "full_name,phone,national_id,birth_date,province_code,constituency,subdistrict_code,tiers,status";

  it("keeps valid rows, reports invalid ones by line in an encrypted error file, and changes nothing the second time", async () => {
    const good = [...generateRosterCsv({ count: 300, first: 1000, areas })].join("").trim().split("\n");
    const idWrongCheck = syntheticNationalId(5).slice(0, 12) + ((Number(syntheticNationalId(5)[12]) + 1) % 10);
    const lines = [
      ...good,
      `ผิด เลขบัตร,0912345678,${idWrongCheck},1990-01-01,10,10-01,,polling_unit,pending`, // line 302
      `เบอร์ ผิด,02-123-4567,${syntheticNationalId(6)},1990-01-01,,,,,`, // 303
      `ซ้ำ ในไฟล์,${syntheticPhone(1000)},${syntheticNationalId(7)},1990-01-01,,,,,`, // 304: phone of line 2
      `ปี พุทธ,0911111111,${syntheticNationalId(8)},31/05/2533,99,,,,`, // 305: unknown province
      `สั้น,0911111112`, // 306: field count
    ];
    const record = await queueRosterImport(orgA, "roster.csv", csvOf(lines), staffA);
    const summary = (await runRosterImport(record.id))!;
    expect(summary).toMatchObject({ rows: 305, created: 300, updated: 0, unchanged: 0, invalid: 5 });
    expect(summary.errors.map((e) => [e.line, e.code])).toEqual([
      [302, "nationalIdCheck"],
      [303, "phone"],
      [304, "duplicateInFile"],
      [305, "unknownArea"],
      [306, "fieldCount"],
    ]);
    const done = await db().rosterImport.findUniqueOrThrow({ where: { id: record.id } });
    expect(done.status).toBe("succeeded");
    expect(done.storagePath).toBeNull(); // the upload, with its national IDs, is gone
    const errorsCsv = await text(openStream(done.errorFilePath!, true));
    expect(errorsCsv.split("\n")[0]).toContain("line,problem_th,problem_en");
    expect(errorsCsv).toContain("302,");
    expect(errorsCsv).toContain("เลขประจำตัวประชาชนไม่ถูกต้อง");
    expect(errorsCsv).not.toContain(idWrongCheck);
    // At rest, the error file is ciphertext.
    const raw = await readFile(path.join(getConfig().DATA_DIR, "files", done.errorFilePath!));
    expect(raw.toString("utf8")).not.toContain("ผิด เลขบัตร");
    expect(await db().affiliation.count({ where: { organisationId: orgA, source: "import" } })).toBe(300);
    expect(await db().affiliationEvent.count({ where: { reason: "import" } })).toBe(300);

    const again = await queueRosterImport(orgA, "roster.csv", csvOf(lines), staffA);
    expect(await runRosterImport(again.id)).toMatchObject({ created: 0, updated: 0, unchanged: 300, invalid: 5 });

    // No national ID is stored anywhere in plain text.
    const { rows } = await pool().query(
      `SELECT count(*)::int AS n FROM "Volunteer" WHERE "nationalIdHash" = $1 OR "nationalIdLast4" = $1`,
      [syntheticNationalId(1000)],
    );
    expect(rows[0].n).toBe(0);
    const files = await readdir(path.join(getConfig().DATA_DIR, "files", "roster-imports")).catch(() => []);
    expect(files).toEqual([]);
  });

  it("asks a person already on the platform before another organisation's import adds them (issue 17)", async () => {
    const user = await newUser(`+66${syntheticPhone(2000).slice(1)}`);
    const signedUp = await registerVolunteer(
      user.id,
      signupInput({ nationalId: syntheticNationalId(2000), organisation: "org-a" }),
    );
    const lines = [
      header,
      `Imported Name,${syntheticPhone(2000)},${syntheticNationalId(2000)},1990-05-31,10,10-01,,war_room,approved`,
    ];
    const record = await queueRosterImport(orgB, "b.csv", csvOf(lines), staffB);
    // Before: an approved affiliation with organisation B, made without the person.
    const summary = await runRosterImport(record.id);
    expect(summary).toMatchObject({ created: 0, updated: 0, invited: 1, invalid: 0, errors: [] });
    const affiliationsOf = async () =>
      (await db().affiliation.findMany({ where: { volunteerId: signedUp.volunteerId } }))
        .map((a) => [a.organisationId === orgA ? "A" : "B", a.fullName, a.status])
        .sort();
    expect(await affiliationsOf()).toEqual([["A", "สมศรี ทดสอบ", "pending"]]);
    // The person is told by SMS, at their own number, and sees the invitation on /me.
    const sms = await db().outboxMessage.findFirstOrThrow({
      where: { recipient: user.phone },
      orderBy: { createdAt: "desc" },
    });
    expect(sms.body).toContain("/me");
    const [invitation] = await myInvitations(user.id);
    expect(invitation).toMatchObject({ fullName: "Imported Name", tiers: ["war_room"] });
    // The same file again changes nothing and tells nobody twice.
    const again = await queueRosterImport(orgB, "b-again.csv", csvOf(lines), staffB);
    expect(await runRosterImport(again.id)).toMatchObject({ created: 0, updated: 0, invited: 1 });
    expect(await db().outboxMessage.count({ where: { recipient: user.phone, body: sms.body } })).toBe(1);
    // Someone else cannot answer it; the person accepts it.
    expect((await userError(answerInvitation(staffB, invitation!.id, true))).status).toBe(404);
    await answerInvitation(user.id, invitation!.id, true);
    expect(await affiliationsOf()).toEqual([
      ["A", "สมศรี ทดสอบ", "pending"],
      ["B", "Imported Name", "approved"],
    ]);
    expect(await myInvitations(user.id)).toEqual([]);
    // Now on B's roster: a changed row updates that organisation's record only.
    const changed = [
      header,
      `Imported Name Changed,${syntheticPhone(2000)},${syntheticNationalId(2000)},1990-05-31,10,10-01,,war_room,approved`,
    ];
    const second = await queueRosterImport(orgB, "b2.csv", csvOf(changed), staffB);
    expect(await runRosterImport(second.id)).toMatchObject({ created: 0, updated: 1, invited: 0 });
    expect(
      (await db().affiliation.findFirstOrThrow({ where: { volunteerId: signedUp.volunteerId, organisationId: orgA } }))
        .fullName,
    ).toBe("สมศรี ทดสอบ");
  });

  it("never attaches a national ID to someone's account, nor says whose phone it is (issue 17)", async () => {
    // A volunteer of organisation A; organisation B's file gives their phone with another ID.
    const user = await newUser(`+66${syntheticPhone(3000).slice(1)}`);
    await registerVolunteer(user.id, signupInput({ nationalId: syntheticNationalId(3000), organisation: "org-a" }));
    const record = await queueRosterImport(
      orgB,
      "c.csv",
      csvOf([header, `Other Person,${syntheticPhone(3000)},${syntheticNationalId(3001)},1990-05-31,,,,,`]),
      staffB,
    );
    const summary = (await runRosterImport(record.id))!;
    // Before: identityConflict — "this phone belongs to a volunteer with another national ID".
    expect(summary.errors).toEqual([]);
    expect(summary.invited).toBe(1);
    expect(await db().volunteer.count({ where: { nationalIdLast4: syntheticNationalId(3001).slice(-4) } })).toBe(0);
    // An account that signed in once (a donor) and is not a volunteer: the row's ID waits
    // with the invitation and is theirs only if they accept.
    const donor = await newUser(`+66${syntheticPhone(3002).slice(1)}`);
    const invite = await queueRosterImport(
      orgB,
      "d.csv",
      csvOf([header, `Donor Person,${syntheticPhone(3002)},${syntheticNationalId(3002)},1990-05-31,,,,,`]),
      staffB,
    );
    expect(await runRosterImport(invite.id)).toMatchObject({ created: 0, invited: 1 });
    expect(await db().volunteer.findUnique({ where: { userId: donor.id } })).toBeNull();
    const [waiting] = await myInvitations(donor.id);
    await answerInvitation(donor.id, waiting!.id, false);
    expect(await db().volunteer.findUnique({ where: { userId: donor.id } })).toBeNull();
    expect(await db().rosterInvitation.count({ where: { userId: donor.id } })).toBe(0);
    // Within one organisation, a phone on its own roster for another ID is still refused.
    const own = await queueRosterImport(
      orgA,
      "e.csv",
      csvOf([header, `Other Person,${syntheticPhone(3000)},${syntheticNationalId(3001)},1990-05-31,,,,,`]),
      staffA,
    );
    expect((await runRosterImport(own.id))!.errors.map((e) => e.code)).toEqual(["identityConflict"]);
  });

  it("refuses a file without the required columns, or without rows, writing nothing", async () => {
    const before = await db().affiliation.count();
    const noColumns = await queueRosterImport(orgA, "x.csv", csvOf(["name,phone", "a,0812345678"]), staffA);
    const s1 = (await runRosterImport(noColumns.id))!;
    expect(s1.failure).toBe("missingColumns");
    const empty = await queueRosterImport(orgA, "y.csv", csvOf([header]), staffA);
    expect((await runRosterImport(empty.id))!.failure).toBe("noRows");
    expect((await db().rosterImport.findUniqueOrThrow({ where: { id: empty.id } })).status).toBe("failed");
    const broken = await queueRosterImport(orgA, "z.csv", csvOf([header, `"unterminated,0812345678`]), staffA);
    expect((await runRosterImport(broken.id))!.errors[0]!.code).toBe("badCsv");
    expect(await db().affiliation.count()).toBe(before);
  });

  it("refuses an upload over the size limit and keeps no row", async () => {
    const config = getConfig() as { ROSTER_IMPORT_MAX_BYTES: number };
    const limit = config.ROSTER_IMPORT_MAX_BYTES;
    config.ROSTER_IMPORT_MAX_BYTES = 1024;
    try {
      const before = await db().rosterImport.count();
      const e = await userError(queueRosterImport(orgA, "big.csv", Readable.from([Buffer.alloc(4096, 65)]), staffA));
      expect([e.status, e.code]).toEqual([413, "upload.tooLarge"]);
      expect(await db().rosterImport.count()).toBe(before);
    } finally {
      config.ROSTER_IMPORT_MAX_BYTES = limit;
    }
  });
});

describe("a volunteer's own data", () => {
  it("exports everything held about them and erases it, keeping anonymised records", async () => {
    const user = await newUser("+66891130001");
    const { volunteerId, affiliationId } = await registerVolunteer(
      user.id,
      signupInput({ nationalId: syntheticNationalId(900_020), fullName: "ลบ ได้" }),
    );
    await revealPhone(orgA, affiliationId, staffA, "verify");
    await setContactConsent(user.id, true);
    await setContactConsent(user.id, true); // once is enough
    await setContactConsent(user.id, false);
    const contact = await db().consent.findMany({ where: { volunteerId, kind: "post_election_contact" } });
    expect(contact.map((c) => c.withdrawnAt !== null)).toEqual([true]);
    const exported = await exportMyData(user.id);
    expect(exported.account.phone).toBe("+66891130001");
    expect(exported.volunteer?.affiliations[0]).toMatchObject({ fullName: "ลบ ได้", organisation: "Org A" });
    expect(exported.volunteer?.staffReadsOfMyPhone).toHaveLength(1);

    // A donation given with the same phone, with the donor's tax ID for their receipt.
    const campaign = await db().campaign.create({
      data: { slug: "erase-test", titleTh: "ทุน", titleEn: "Fund", storyTh: "-", storyEn: "-", goalSatang: 100n },
    });
    const donation = await db().donation.create({
      data: {
        campaignId: campaign.id,
        amountSatang: 10_000,
        donorName: "ลบ ได้",
        email: "erase@example.com",
        phone: "+66891130001",
        donorTaxIdSealed: sealText("1103702071587", "donor-tax-id"),
        consentAt: new Date(),
        accessTokenHash: "0".repeat(64),
      },
    });

    await eraseMe(user.id);
    const given = await db().donation.findUniqueOrThrow({ where: { id: donation.id } });
    expect([given.donorName, given.email, given.phone, given.donorTaxIdSealed]).toEqual([null, null, null, null]);
    expect(await db().user.count({ where: { id: user.id } })).toBe(0);
    const volunteer = await db().volunteer.findUniqueOrThrow({ where: { id: volunteerId } });
    expect([volunteer.userId, volunteer.nationalIdHash, volunteer.nationalIdLast4]).toEqual([null, null, null]);
    expect(volunteer.erasedAt).not.toBeNull();
    const affiliation = await db().affiliation.findUniqueOrThrow({ where: { id: affiliationId } });
    expect([affiliation.fullName, affiliation.phone]).toEqual(["—", null]);
  });
});
