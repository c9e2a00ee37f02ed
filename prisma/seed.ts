// Demo data for `npm start` on a fresh machine: a small slice of the synthetic country,
// three partner organisations and one account per staff role. Idempotent.
import "../scripts/lib/node-guard.ts";
import { Readable } from "node:stream";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../web/generated/prisma/client.ts";
import type { Role } from "../web/generated/prisma/enums.ts";
import { generateCountryCsv } from "../web/geography/generator.ts";
import { importGeographyCsv } from "../web/geography/import.server.ts";
import { importRosterCsv } from "../web/recruitment/roster-import.server.ts";
import { generateRosterCsv } from "../web/recruitment/roster-generator.ts";
import { rosterAreas } from "../web/recruitment/recruitment.sql.server.ts";
import { runAutoAssignment } from "../web/assignment/auto-assign.server.ts";
import { createBangkokElection, createSyntheticElection } from "../web/elections/election-generator.sql.server.ts";
import { copyPlacements } from "../web/assignment/assignment.sql.server.ts";

export const DEMO_ACCOUNTS: {
  phone: string;
  role: Role;
  organisation?: string;
  constituency?: string;
  sponsor?: string;
  name: string;
}[] = [
  { phone: "+66800000001", role: "platform_admin", name: "ผู้ดูแลระบบ (ตัวอย่าง)" },
  { phone: "+66800000002", role: "org_admin", organisation: "demo-network", name: "ผู้ดูแลเครือข่ายอาสา (ตัวอย่าง)" },
  { phone: "+66800000003", role: "constituency_head", constituency: "10-01", name: "หัวหน้าเขต กทม. 1 (ตัวอย่าง)" },
  { phone: "+66800000004", role: "war_room_operator", name: "เจ้าหน้าที่ศูนย์ปฏิบัติการ (ตัวอย่าง)" },
  { phone: "+66800000005", role: "finance_admin", name: "ผู้ดูแลการเงิน (ตัวอย่าง)" },
  { phone: "+66800000006", role: "sponsor", sponsor: "demo-cafe", name: "พนักงานร้านกาแฟ (ตัวอย่าง)" },
  // A partner university's fact-checker (the rumour desk, issue 42).
  { phone: "+66800000007", role: "fact_checker", organisation: "demo-university", name: "ผู้ตรวจสอบข่าว (ตัวอย่าง)" },
];

// The crowdfunding campaign (goal 12 million baht, in satang).
export const DEMO_CAMPAIGN = {
  slug: "count-every-vote",
  titleTh: "ร่วมสนับสนุนการนับคะแนนอิสระ",
  titleEn: "Fund the independent count",
  storyTh:
    "อาสาสมัครกว่า 100,000 คนจะเฝ้าหน่วยเลือกตั้งกว่า 95,000 หน่วยในคืนเลือกตั้ง เงินบริจาคของคุณช่วยค่าเดินทางและอาหารของอาสาสมัคร การอบรม และระบบที่ทำให้ทุกคะแนนตรวจสอบได้\n\nทุกบาทที่รับและจ่ายแสดงอยู่ในหน้าความโปร่งใส พร้อมดาวน์โหลดบัญชีทั้งหมดเป็น CSV",
  storyEn:
    "Over 100,000 volunteers will watch more than 95,000 polling units on election night. Your donation pays for their travel and meals, their training, and the systems that make every vote checkable.\n\nEvery baht in and out is on the transparency page, with the whole ledger as CSV.",
  goalSatang: 12_000_000n * 100n,
};

const ORGANISATIONS = [
  { slug: "demo-network", nameTh: "เครือข่ายอาสาสมัครเลือกตั้ง (ตัวอย่าง)", nameEn: "Election Volunteer Network (demo)" },
  { slug: "demo-university", nameTh: "มหาวิทยาลัยตัวอย่าง", nameEn: "Demo University" },
  {
    slug: "demo-local-admin",
    nameTh: "สมาคมองค์การบริหารส่วนตำบล (ตัวอย่าง)",
    nameEn: "Subdistrict Administration Association (demo)",
  },
];

export async function seedDemo(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "PollingUnit"`);
    if (rows[0]!.n === 0) {
      const csv = Readable.from(generateCountryCsv({ provinces: ["10", "40", "50"], constituenciesPerProvince: 2 }));
      const result = await importGeographyCsv(client, csv);
      if (!result.ok) throw new Error(`demo geography did not import: ${JSON.stringify(result.errors.slice(0, 3))}`);
    }
  } finally {
    await client.end();
  }

  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    for (const org of ORGANISATIONS) {
      await prisma.organisation.upsert({ where: { slug: org.slug }, update: {}, create: org });
    }
    await prisma.campaign.upsert({ where: { slug: DEMO_CAMPAIGN.slug }, update: {}, create: DEMO_CAMPAIGN });
    // A sponsor with two offers: for donors from 100 baht, and for volunteers whose count was verified.
    const cafe = await prisma.sponsor.upsert({
      where: { slug: "demo-cafe" },
      update: {},
      create: { slug: "demo-cafe", nameTh: "ร้านกาแฟประชาธิปไตย (ตัวอย่าง)", nameEn: "Democracy Café (demo)" },
    });
    if (!(await prisma.couponOffer.count({ where: { sponsorId: cafe.id } }))) {
      const validity = {
        validFrom: new Date("2026-01-01T00:00:00+07:00"),
        validUntil: new Date("2027-12-31T23:59:59+07:00"),
      };
      await prisma.couponOffer.createMany({
        data: [
          {
            sponsorId: cafe.id,
            titleTh: "กาแฟฟรี 1 แก้ว",
            titleEn: "One free coffee",
            descriptionTh: "ขอบคุณที่ร่วมสนับสนุนการนับคะแนนอิสระ",
            descriptionEn: "Thank you for funding the independent count",
            valueSatang: 6000,
            stock: 10_000,
            rule: "donor_min",
            ruleMinSatang: 10000,
            whereTh: "ทุกสาขา",
            whereEn: "Every branch",
            ...validity,
          },
          {
            sponsorId: cafe.id,
            titleTh: "ส่วนลด 50 บาท สำหรับอาสาสมัคร",
            titleEn: "THB 50 off for volunteers",
            descriptionTh: "สำหรับอาสาสมัครที่รายงานผลและผ่านการตรวจสอบ",
            descriptionEn: "For volunteers whose count was verified",
            valueSatang: 5000,
            stock: 100_000,
            rule: "verified_entry",
            whereTh: "ทุกสาขา",
            whereEn: "Every branch",
            ...validity,
          },
        ],
      });
    }
    for (const account of DEMO_ACCOUNTS) {
      const user = await prisma.user.upsert({
        where: { phone: account.phone },
        update: {},
        create: { phone: account.phone, displayName: account.name },
      });
      const organisationId = account.organisation
        ? (await prisma.organisation.findUniqueOrThrow({ where: { slug: account.organisation } })).id
        : null;
      const constituencyId = account.constituency ?? null;
      const sponsorId = account.sponsor
        ? (
            await prisma.sponsor.upsert({
              where: { slug: account.sponsor },
              update: {},
              create: { slug: account.sponsor, nameTh: "ร้านกาแฟประชาธิปไตย (ตัวอย่าง)", nameEn: "Democracy Café (demo)" },
            })
          ).id
        : null;
      const existing = await prisma.roleGrant.findFirst({
        where: { userId: user.id, role: account.role, organisationId, constituencyId, sponsorId },
      });
      if (!existing)
        await prisma.roleGrant.create({
          data: { userId: user.id, role: account.role, organisationId, constituencyId, sponsorId },
        });
    }
  } finally {
    await prisma.$disconnect();
  }
  await seedDemoRosters(databaseUrl);
  const electionClient = new pg.Client({ connectionString: databaseUrl });
  await electionClient.connect();
  let elections: string[];
  try {
    // A general election (its counting centres are units of the demo slice) and, on the
    // same day, a Bangkok election in the shape of 2022's (governor and council).
    const day = { date: "2027-03-14", closesAt: "2027-03-14T17:00:00+07:00" };
    elections = [
      await createSyntheticElection(electionClient, {
        slug: "demo-2027",
        nameTh: "เลือกตั้ง ส.ส. (ตัวอย่าง)",
        nameEn: "General election (demo)",
        ...day,
      }),
      await createBangkokElection(electionClient, {
        slug: "demo-bkk-2027",
        nameTh: "เลือกตั้งผู้ว่าฯ กทม. และ ส.ก. (ตัวอย่าง)",
        nameEn: "Bangkok governor and council (demo)",
        ...day,
      }),
    ];
  } finally {
    await electionClient.end();
  }
  await seedDemoAssignment(databaseUrl, elections);
  // Counts to browse (DEMO_COUNTS=0 leaves every unit unreported: the end-to-end tests).
  if (process.env.DEMO_COUNTS !== "0") await seedCounts(databaseUrl, elections);
}

/** Half of each demo election's unit ballots counted and checked, a few in dispute. */
async function seedCounts(databaseUrl: string, elections: string[]) {
  process.env.DATABASE_URL ??= databaseUrl;
  (await import("../web/config/config.server.ts")).reloadConfig();
  const { db, closeDb } = await import("../web/db/db.server.ts");
  const { seedDemoCounts } = await import("../web/tally/demo-counts.server.ts");
  const person = (phone: string, displayName: string) =>
    db().user.upsert({ where: { phone }, update: {}, create: { phone, displayName } });
  const reporter = await person("+66800000010", "ผู้รายงานผล (ตัวอย่าง)");
  const checker = await person("+66800000011", "ผู้ตรวจทานผล (ตัวอย่าง)");
  try {
    for (const [i, electionId] of elections.entries())
      await seedDemoCounts({
        electionId,
        reporterId: reporter.id,
        checkerId: checker.id,
        share: 0.5,
        disputed: 0.04,
        seed: i + 1,
      });
  } finally {
    await closeDb();
  }
}

/** Places the demo volunteers once per election — those of a later election on the same
 *  units keep their places (carried over) — and opens two war-room shifts. */
async function seedDemoAssignment(databaseUrl: string, elections: string[]) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const [i, electionId] of elections.entries()) {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "AssignmentRun" WHERE "electionId" = $1`,
        [electionId],
      );
      if (rows[0]!.n > 0) continue;
      if (i > 0) await copyPlacements(client, elections[0]!, electionId, null);
      await runAutoAssignment(client, electionId, null);
    }
    const shifts = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Shift"`);
    if (shifts.rows[0]!.n === 0) {
      await client.query(`INSERT INTO "Shift" (id, name, "startsAt", "endsAt", seats) VALUES
        (gen_random_uuid(), 'กะหัวค่ำ (ตัวอย่าง)', '2027-03-14T10:00:00Z', '2027-03-14T14:00:00Z', 40),
        (gen_random_uuid(), 'กะดึก (ตัวอย่าง)', '2027-03-14T14:00:00Z', '2027-03-14T19:00:00Z', 40)`); // 17:00–21:00 and 21:00–02:00 in Thailand (stored as UTC)
    }
  } finally {
    await client.end();
  }
}

/** A few hundred synthetic volunteers, some in two organisations, so the rosters have something to show. */
async function seedDemoRosters(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Affiliation"`);
    if (rows[0]!.n > 0) return;
    const areas = await rosterAreas(client);
    const rosters = [
      { slug: "demo-network", first: 0, count: 240 },
      { slug: "demo-university", first: 200, count: 80 }, // 40 people also in demo-network
    ];
    for (const roster of rosters) {
      const { rows: org } = await client.query<{ id: string }>(`SELECT id FROM "Organisation" WHERE slug = $1`, [
        roster.slug,
      ]);
      await importRosterCsv(
        client,
        Readable.from(generateRosterCsv({ count: roster.count, first: roster.first, areas })),
        {
          organisationId: org[0]!.id,
          actorId: null,
          minAge: 15,
        },
      );
    }
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { openDatabase } = await import("../scripts/lib/database.ts");
  const database = await openDatabase();
  await seedDemo(database.url);
  await database.stop();
  console.log("Seeded demo data.");
  process.exit(0);
}
