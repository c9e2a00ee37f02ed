// Any election (issue 18): contests of every kind on the model's path — a referendum on the
// day of a general election, a Bangkok-style local election (an area-wide governor and
// council districts) on the same day, and a by-election of three constituencies — through
// the real entry path, totals, recomputation, results and escalation.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "../../web/db/db.server.ts";
import { generateCountryCsv } from "../../web/geography/generator.ts";
import { importGeographyCsv } from "../../web/geography/import.server.ts";
import {
  addReferendum,
  createBangkokElection,
  createByElection,
  createSyntheticElection,
  orderReVote,
} from "../../web/elections/election-generator.sql.server.ts";
import { activeElections, currentElection } from "../../web/elections/elections.server.ts";
import { forget } from "../../web/db/cache.server.ts";
import { escalateMissingReports } from "../../web/tally/review.server.ts";
import { submitEntry } from "../../web/tally/entries.server.ts";
import { recomputedTotals, runningTotals, stateCountsDrift } from "../../web/tally/tally.sql.server.ts";
import { areaResults, contestResults, nationalResults } from "../../web/results/results.server.ts";
import { areaJson, contestCsv, contestJson, electionJson, unitJson } from "../../web/results/api.server.ts";
import { parse as parseCsv } from "csv-parse/sync";
import { areaSchema, contestSchema, electionSchema, unitSchema } from "../../web/results/feed-schema.ts";
import { topOutcome } from "../../web/results/outcome.ts";
import { formPhoto } from "../support/tally.ts";
import { seedDemoCounts } from "../../web/tally/demo-counts.server.ts";
import { userError } from "../support/user-error.ts";

type Staff = { id: string; roles: { role: "war_room_operator"; organisationId: null; constituencyId: null }[] };
let first: Staff, second: Staff;
let general: string, bangkok: string;
let units: { code: string; constituencyId: string; subdistrictCode: string }[];

const DAY = { date: "2027-03-14", closesAt: "2027-03-14T17:00:00+07:00" };

/** A count that adds up: 600 came (at every ballot of a unit, so that its ballots agree),
 *  the valid ballots shared out over the numbers given; voteNo -1: a ballot without it. */
function fields(votes: Record<number, number>, voteNo = 20) {
  const valid = Object.values(votes).reduce((a, b) => a + b, 0);
  const used = valid + 10 + Math.max(0, voteNo);
  expect(used).toBe(600);
  return {
    eligible: "800",
    voters: String(used),
    ballotsReceived: String(used + 200),
    ballotsUsed: String(used),
    valid: String(valid),
    ballotsLeftOver: "200",
    invalid: "10",
    ...(voteNo >= 0 ? { voteNo: String(voteNo) } : {}),
    ...Object.fromEntries(Object.entries(votes).map(([n, v]) => [`vote_${n}`, String(v)])),
  };
}

/** Two people send the same count with the signed form's photo: the unit ballot is verified. */
async function verify(election: string, unitCode: string, ballot: string, f: Record<string, string>) {
  const outcomes = [];
  for (const [user, source] of [
    [first, "reporter"],
    [second, "blind"],
  ] as const) {
    outcomes.push(
      await submitEntry(user, {
        election,
        submissionId: randomUUID(),
        unitCode,
        ballot,
        source,
        fields: f,
        photoIds: [await formPhoto(unitCode, user.id, ballot, (await currentElection(election)).id)],
      }),
    );
  }
  return outcomes.at(-1)!.status;
}

beforeAll(async () => {
  const client = await pool().connect();
  try {
    const geo = await importGeographyCsv(
      client,
      // Bangkok's first four constituencies reach into a second เขต.
      Readable.from(generateCountryCsv({ provinces: ["10", "40"], constituenciesPerProvince: 4, scale: 0.3 })),
    );
    if (!geo.ok) throw new Error(JSON.stringify(geo));
    general = "general";
    const generalId = await createSyntheticElection(client, {
      slug: general,
      nameTh: "ทั่วไป",
      nameEn: "General",
      ...DAY,
    });
    await addReferendum(client, generalId, { key: "referendum", nameTh: "ประชามติ", nameEn: "Referendum", position: 3 });
    bangkok = "bangkok";
    await createBangkokElection(client, {
      slug: bangkok,
      nameTh: "กทม.",
      nameEn: "Bangkok",
      ...DAY,
      governorCandidates: 5,
    });
  } finally {
    client.release();
  }
  // The register agrees with the counts sent here.
  await db().pollingUnit.updateMany({ data: { eligibleVoters: 800 } });
  units = await db().pollingUnit.findMany({
    orderBy: { code: "asc" },
    select: { code: true, constituencyId: true, subdistrictCode: true },
  });
  const staff = async (phone: string): Promise<Staff> => ({
    id: (await db().user.create({ data: { phone, displayName: phone } })).id,
    roles: [{ role: "war_room_operator", organisationId: null, constituencyId: null }],
  });
  [first, second] = [await staff("+66892000001"), await staff("+66892000002")];
});

/** A CSV's records by column name (the BOM dropped). */
const csvRecords = (text: string) => parseCsv(text, { columns: true, bom: true }) as Record<string, string>[];

describe("several elections on one day", () => {
  it("are all active, the first created is the current one, and each names its contests", async () => {
    expect((await activeElections()).map((e) => e.slug)).toEqual([general, bangkok]);
    expect((await currentElection()).slug).toBe(general);
    expect((await currentElection(bangkok)).slug).toBe(bangkok);
    expect(await userError(currentElection("no-such-election"))).toMatchObject({ status: 404 });
    const g = electionSchema.parse(await electionJson(general));
    expect(g.contests.map((c) => [c.key, c.kind, c.seats])).toEqual([
      ["constituency", "district", null],
      ["party_list", "party_list", 100],
      ["referendum", "referendum", null],
    ]);
    const b = electionSchema.parse(await electionJson(bangkok));
    expect(b.contests.map((c) => [c.key, c.kind])).toEqual([
      ["governor", "area_wide"],
      ["council", "district"],
    ]);
  });

  it("a ballot the election does not have at a unit is refused, writing nothing", async () => {
    const outside = units.find((u) => !u.code.startsWith("10-"))!.code;
    const before = await db().tallyEntry.count();
    for (const [election, unitCode, ballot] of [
      [bangkok, outside, "governor"], // a Khon Kaen unit has no Bangkok ballot
      [general, units[0]!.code, "governor"], // the general election has no governor
      [bangkok, units[0]!.code, "party_list"],
    ] as const) {
      const refused = await userError(
        submitEntry(first, { election, submissionId: randomUUID(), unitCode, ballot, source: "reporter", fields: {} }),
      );
      expect(refused).toMatchObject({ status: 404, code: "tally.noBallot" });
    }
    expect(await db().tallyEntry.count()).toBe(before);
  });
});

describe("a referendum on the day of a general election", () => {
  it("is reported without a vote-no figure, verified, totalled per constituency and over the country", async () => {
    const [a, b] = [units[0]!.code, units.find((u) => u.constituencyId === "40-01")!.code];
    // A referendum ballot has no vote-no box: its form has no such figure.
    const f1 = fields({ 1: 300, 2: 200, 3: 90 }, -1);
    expect(f1).not.toHaveProperty("voteNo");
    expect(await verify(general, a, "referendum", f1)).toBe("verified");
    expect(await verify(general, b, "referendum", fields({ 1: 100, 2: 400, 3: 90 }, -1))).toBe("verified");
    // The same units' constituency ballots are separate results.
    expect(await verify(general, a, "constituency", fields({ 1: 300, 2: 200, 3: 50, 4: 20, 5: 0, 6: 0 }))).toBe(
      "verified",
    );
    const generalId = (await currentElection(general)).id;
    const r = (await contestResults(generalId, "referendum"))!;
    expect(r.decidedIn).toBe("none");
    expect(r.choices.map((c) => [c.number, c.nameEn, c.votes])).toEqual([
      [2, "Disagree", 600],
      [1, "Agree", 400],
      [3, "No opinion", 180],
    ]);
    expect([r.unitsVerified, r.units, r.voteNo]).toEqual([2, units.length, 0]);
    expect(r.choices.every((c) => c.seats === null)).toBe(true);
    contestSchema.parse(await contestJson("referendum", general));
    // As CSV: each constituency's options, then the country's (area *) with their shares.
    const csv = csvRecords((await contestCsv("referendum", general))!);
    expect(csv.filter((x) => x.area === "*").map((x) => [x.choice_no, x.votes, x.share, x.seats])).toEqual([
      ["2", "600", "0.508475", ""],
      ["1", "400", "0.338983", ""],
      ["3", "180", "0.152542", ""],
    ]);
    expect(csv.filter((x) => x.area === units[0]!.constituencyId).map((x) => [x.choice_no, x.votes])).toEqual([
      ["1", "300"],
      ["2", "200"],
      ["3", "90"],
    ]);
    // Totals kept per area equal the recomputation from the verified entries.
    const running = await runningTotals(generalId);
    expect(running).toEqual(await recomputedTotals(generalId));
    expect(await stateCountsDrift(generalId)).toEqual([]);
    expect(running[`referendum|${units[0]!.constituencyId}`]?.votes).toEqual({ "1": 300, "2": 200, "3": 90 });
    // The unit's page names its three ballots, each with its contest's name.
    const unit = unitSchema.parse(await unitJson(a, general));
    expect(unit.ballots.map((x) => [x.ballot, x.status])).toEqual([
      ["constituency", "verified"],
      ["party_list", "none"],
      ["referendum", "verified"],
    ]);
    // The party list's seats are the contest's own.
    expect((await nationalResults(generalId)).seatsInContest).toBe(100);
  });
});

describe("a Bangkok-style election: the governor over the city, a council member per district", () => {
  it("counts the governor city-wide across districts and each council district on its own", async () => {
    const bangkokId = (await currentElection(bangkok)).id;
    const bkk = units.filter((u) => u.code.startsWith("10-"));
    const district = (u: (typeof units)[number]) => u.subdistrictCode.slice(0, 4);
    const [u1, u2] = [bkk[0]!, bkk.find((u) => district(u) !== district(bkk[0]!))!];
    expect(await verify(bangkok, u1.code, "governor", fields({ 1: 100, 2: 300, 3: 170, 4: 0, 5: 0 }))).toBe("verified");
    expect(await verify(bangkok, u2.code, "governor", fields({ 1: 350, 2: 100, 3: 120, 4: 0, 5: 0 }))).toBe("verified");
    expect(await verify(bangkok, u1.code, "council", fields({ 1: 200, 2: 370, 3: 0, 4: 0, 5: 0, 6: 0 }))).toBe(
      "verified",
    );
    const governor = (await contestResults(bangkokId, "governor"))!;
    expect(governor.decidedIn).toBe("contest");
    // 450 for number 1 over the two districts beats 400 for number 2.
    expect(governor.leader).toEqual({ number: 1, margin: 50 });
    expect(governor.choices).toHaveLength(5);
    // Its areas are the city's เขต, named as Bangkok names them.
    expect(
      (await db().contestArea.findFirstOrThrow({ where: { electionId: bangkokId, ballot: "council", code: "1001" } }))
        .nameTh,
    ).toBe("เขตพระนคร");
    const g = contestSchema.parse(await contestJson("governor", bangkok));
    expect(g.areas.find((x) => x.code === district(u1))).toMatchObject({ unitsVerified: 1, leaderNumber: 2 });
    // A council district: its own candidates, its one seat.
    const council = (await areaResults(bangkokId, "council", district(u1)))!;
    expect(council.elected).toEqual([2]);
    expect(council.choices.map((c) => c.votes)).toEqual([370, 200, 0, 0, 0, 0]);
    areaSchema.parse(await areaJson("council", district(u1), bangkok));
    // The other district has no verified council count: nobody elected there yet.
    expect((await areaResults(bangkokId, "council", district(u2)))!.elected).toEqual([]);
    expect(await runningTotals(bangkokId)).toEqual(await recomputedTotals(bangkokId));
    expect(await stateCountsDrift(bangkokId)).toEqual([]);
  });
});

describe("an advance-vote counting centre", () => {
  it("reports for its constituency without being a polling unit: its count adds to the constituency only", async () => {
    const generalId = (await currentElection(general)).id;
    const centre = await db().pollingUnit.findFirstOrThrow({
      where: { kind: "advance_in", constituencyId: "40-02" },
    });
    expect(centre.number).toBe(902);
    const unitsBefore = await db().unitResult.count({ where: { electionId: generalId } });
    const area = () =>
      db().areaTotal.findUnique({
        where: { electionId_ballot_areaCode: { electionId: generalId, ballot: "constituency", areaCode: "40-02" } },
      });
    const before = await area();
    // Its registrants are its eligible voters (the register's figure for it).
    await db().pollingUnit.update({ where: { code: centre.code }, data: { eligibleVoters: 800 } });
    expect(
      await verify(general, centre.code, "constituency", fields({ 1: 300, 2: 170, 3: 50, 4: 50, 5: 0, 6: 0 })),
    ).toBe("verified");
    const after = (await area())!;
    expect(after.unitsVerified).toBe((before?.unitsVerified ?? 0) + 1);
    expect(after.voters).toBe((before?.voters ?? 0) + 600);
    // One result more — the centre's own — and no polling unit's changed.
    expect(await db().unitResult.count({ where: { electionId: generalId } })).toBe(unitsBefore + 1);
    const unit = unitSchema.parse(await unitJson(centre.code, general));
    expect(unit.kind).toBe("advance_in");
    expect(await runningTotals(generalId)).toEqual(await recomputedTotals(generalId));
    expect(await stateCountsDrift(generalId)).toEqual([]);
  });
});

describe("the demo's counts", () => {
  it("verify half the unit ballots of an election through the real path, a few disputed, totals exact", async () => {
    const client = await pool().connect();
    let id: string;
    try {
      id = await createBangkokElection(client, {
        slug: "demo-counts",
        nameTh: "ตัวอย่าง",
        nameEn: "Demo",
        date: "2026-05-01",
        closesAt: "2026-05-01T17:00:00+07:00",
        governorCandidates: 4,
        councilCandidates: 3,
      });
    } finally {
      client.release();
    }
    const rows = await seedDemoCounts({
      electionId: id,
      reporterId: first.id,
      checkerId: second.id,
      share: 0.5,
      disputed: 0.1,
    });
    expect(rows).toBeGreaterThan(0);
    expect(
      await seedDemoCounts({ electionId: id, reporterId: first.id, checkerId: second.id, share: 0.5, disputed: 0.1 }),
    ).toBe(0);
    const statuses = await db().unitResult.groupBy({ by: ["status"], where: { electionId: id }, _count: true });
    const n = Object.fromEntries(statuses.map((s) => [s.status, s._count]));
    expect(n.verified).toBeGreaterThan(n.disputed ?? 0);
    expect(n.disputed).toBeGreaterThan(0);
    expect(n.verified! + n.disputed!).toBe(rows / 2);
    // Every photo is an image the pages can show (a PNG), one per counted unit ballot.
    const photo = await db().tallyPhoto.findFirstOrThrow({ where: { entry: { electionId: id } } });
    expect(photo.contentType).toBe("image/png");
    expect(await runningTotals(id)).toEqual(await recomputedTotals(id));
    expect(await stateCountsDrift(id)).toEqual([]);
  });
});

describe("an election set up from CSV", () => {
  it("imports contests, areas with their units and choices all or nothing, line by line, idempotently", async () => {
    const { createElection } = await import("../../web/elections/elections.server.ts");
    const { importSetupCsv } = await import("../../web/elections/contest-import.server.ts");
    expect(
      await createElection({
        slug: "pao-2026",
        nameTh: "อบจ.",
        nameEn: "PAO",
        date: "2026-02-01",
        closesAt: "17:00",
        template: "empty",
      }),
    ).toBe("created");
    const id = (await currentElection("pao-2026")).id;
    expect(await db().contest.count({ where: { electionId: id } })).toBe(0);
    const client = await pool().connect();
    const run = (kind: "contests" | "areas" | "choices", text: string) =>
      importSetupCsv(client, id, kind, Readable.from([text]));
    try {
      const contests =
        "key,kind,name_th,name_en,seats,position\nchief,area_wide,นายก อบจ.,PAO chief,,1\ncouncil,multi_member,ส.อบจ.,PAO council,,2\n";
      const bad = await run(
        "contests",
        contests + "Bad Key,mayor,,x,,0\ncouncil,district,ซ้ำ,Again,,3\nlist,party_list,บัญชี,List,,4\n",
      );
      expect(bad.ok).toBe(false);
      if (!bad.ok)
        expect(bad.errors.map((e) => [e.line, e.code])).toEqual([
          [4, "contestKey"],
          [4, "contestKind"],
          [4, "nameTh"],
          [4, "position"],
          [5, "duplicate"],
          [6, "seatsRequired"],
        ]);
      expect(await db().contest.count({ where: { electionId: id } })).toBe(0); // nothing half-written
      expect(await run("contests", contests)).toEqual({ ok: true, rows: 2, changed: 2 });
      expect(await run("contests", contests)).toEqual({ ok: true, rows: 2, changed: 0 });
      // Khon Kaen's units: the chief over the province, the council in two-seat areas by constituency.
      const kk = units.filter((u) => u.code.startsWith("40-"));
      const areas = [
        "contest,area,area_name_th,area_name_en,area_seats,unit_code",
        ...kk.map((u) => `chief,40,ขอนแก่น,Khon Kaen,,${u.code}`),
        ...kk.map((u) => `council,${u.constituencyId},เขต ${u.constituencyId},Area ${u.constituencyId},2,${u.code}`),
      ].join("\n");
      const wrong = await run(
        "areas",
        `${areas}\nmayor,1,ก,A,,${kk[0]!.code}\ncouncil,40-01,ชื่ออื่น,Other,2,${kk[0]!.code}\nchief,40,ขอนแก่น,Khon Kaen,,99-99-999999-999\n`,
      );
      expect(wrong.ok).toBe(false);
      if (!wrong.ok) expect(wrong.errors.map((e) => e.code)).toEqual(["contest", "duplicate", "areaDiffers", "unit"]);
      expect(await db().areaUnit.count({ where: { electionId: id } })).toBe(0);
      expect(await run("areas", areas)).toMatchObject({ ok: true, rows: kk.length * 2 });
      expect(await run("areas", areas)).toEqual({ ok: true, rows: kk.length * 2, changed: 0 });
      const choices = [
        "contest,area,number,name_th,name_en,party_number",
        "chief,*,1,ผู้สมัคร ก,Candidate A,",
        "chief,*,2,ผู้สมัคร ข,Candidate B,1",
        ...["40-01", "40-02", "40-03", "40-04"].flatMap((a) =>
          [1, 2, 3].map((n) => `council,${a},${n},ผู้สมัคร ${a}-${n},,`),
        ),
      ].join("\n");
      // Party 1 is not there before the parties are imported.
      const badChoices = await run("choices", `${choices}\nchief,40,3,ค,C,\ncouncil,99-01,1,ง,D,\n`);
      expect(badChoices.ok).toBe(false);
      if (!badChoices.ok) expect(badChoices.errors.map((e) => e.code)).toEqual(["party", "contestWide", "area"]);
      const { importElectionCsv } = await import("../../web/elections/election-import.server.ts");
      expect(
        await importElectionCsv(
          client,
          id,
          "parties",
          Readable.from(["number,name_th,name_en,colour\n1,พรรคหนึ่ง,One,#112233\n"]),
        ),
      ).toMatchObject({ ok: true });
      expect(await run("choices", choices)).toEqual({ ok: true, rows: 14, changed: 14 });
      expect(await run("choices", choices)).toEqual({ ok: true, rows: 14, changed: 0 });
    } finally {
      client.release();
    }
    // The set-up counts: a council area elects its two.
    const unit = units.find((u) => u.constituencyId === "40-01")!.code;
    expect(await verify("pao-2026", unit, "council", fields({ 1: 300, 2: 170, 3: 100 }))).toBe("verified");
    expect((await areaResults(id, "council", "40-01"))!.elected).toEqual([1, 2]);
    expect(await verify("pao-2026", unit, "chief", fields({ 1: 200, 2: 370 }))).toBe("verified");
    expect((await contestResults(id, "chief"))!.leader).toEqual({ number: 2, margin: 170 });
    // Each contest as CSV: the council's two-seat area names its two elected; the chief's
    // whole-province row (area *) its leader, beside the area's own votes.
    const council = csvRecords((await contestCsv("council", "pao-2026"))!);
    expect(
      council.filter((r) => r.area === "40-01").map((r) => [r.choice_no, r.votes, r.standing, r.result, r.area_seats]),
    ).toEqual([
      ["1", "300", "elected", "elected", "2"],
      ["2", "170", "elected", "elected", "2"],
      ["3", "100", "", "elected", "2"],
    ]);
    expect(council.filter((r) => r.area === "40-02").every((r) => r.votes === "0" && r.result === "none")).toBe(true);
    expect(council.some((r) => r.area === "*")).toBe(false);
    const chief = csvRecords((await contestCsv("chief", "pao-2026"))!);
    expect(chief.filter((r) => r.area === "*").map((r) => [r.choice_no, r.votes, r.standing, r.result])).toEqual([
      ["2", "370", "leader", "leader"],
      ["1", "200", "", "leader"],
    ]);
    expect(chief.find((r) => r.area === "40" && r.choice_no === "2")).toMatchObject({
      votes: "370",
      party: "พรรคหนึ่ง",
      units_verified: "1",
      units: String(units.filter((u) => u.code.startsWith("40-")).length),
    });
    expect(await contestCsv("mayor", "pao-2026")).toBeNull();
  });
});

describe("a multi-member area", () => {
  it("elects the top k, and names a tie at the cut-off", () => {
    const c = (number: number, votes: number) => ({ number, name: String(number), votes });
    expect(topOutcome([c(1, 50), c(2, 90), c(3, 70), c(4, 10)], 2)).toEqual({ elected: [2, 3], tiedForLastSeats: [] });
    expect(topOutcome([c(1, 70), c(2, 90), c(3, 70), c(4, 10)], 2)).toEqual({ elected: [2], tiedForLastSeats: [1, 3] });
    expect(topOutcome([c(1, 5), c(2, 0)], 3)).toEqual({ elected: [1], tiedForLastSeats: [] });
  });
});

describe("a re-vote ordered at single units", () => {
  it("is an election of those units only, with the contests and candidates they had", async () => {
    const generalId = (await currentElection(general)).id;
    const [a, b] = [units[3]!.code, units.at(-3)!.code];
    const client = await pool().connect();
    let revoteId: string;
    try {
      revoteId = await orderReVote(client, generalId, {
        slug: "revote",
        nameTh: "เลือกตั้งใหม่บางหน่วย",
        nameEn: "Re-vote at two units",
        date: "2027-03-14",
        closesAt: "2027-03-14T17:00:00+07:00",
        units: [a, b],
      });
    } finally {
      client.release();
    }
    const areaUnits = await db().areaUnit.findMany({
      where: { electionId: revoteId },
      orderBy: [{ unitCode: "asc" }, { ballot: "asc" }],
    });
    expect(areaUnits.map((x) => `${x.unitCode}|${x.ballot}`)).toEqual(
      [a, b].sort().flatMap((u) => ["constituency", "party_list", "referendum"].map((k) => `${u}|${k}`)),
    );
    expect(await db().candidate.count({ where: { electionId: revoteId, ballot: "constituency" } })).toBe(
      await db().candidate.count({
        where: {
          electionId: generalId,
          ballot: "constituency",
          areaCode: { in: [...new Set(areaUnits.map((x) => x.areaCode))] },
        },
      }),
    );
    // Its counts are its own: verified there, nothing moves in the general election's totals.
    const before = await runningTotals(generalId);
    expect(await verify("revote", a, "constituency", fields({ 1: 300, 2: 170, 3: 50, 4: 50, 5: 0, 6: 0 }))).toBe(
      "verified",
    );
    expect(await runningTotals(generalId)).toEqual(before);
    expect((await contestResults(revoteId, "constituency"))!.unitsVerified).toBe(1);
    expect(await runningTotals(revoteId)).toEqual(await recomputedTotals(revoteId));
    expect(await stateCountsDrift(revoteId)).toEqual([]);
  });
});

describe("a by-election of three constituencies", () => {
  it("escalates only its own units, and only for its one ballot", async () => {
    const client = await pool().connect();
    try {
      // An election months later: it does not take tonight's place (issue 36).
      await createByElection(client, {
        slug: "by-election",
        nameTh: "เลือกตั้งซ่อม",
        nameEn: "By-election",
        date: "2027-06-01",
        closesAt: "2027-06-01T17:00:00+07:00",
        constituencies: ["10-01", "10-02", "40-01"],
      });
    } finally {
      client.release();
    }
    forget("elections");
    expect((await currentElection()).slug).toBe(general);
    const by = await currentElection("by-election");
    expect((await activeElections(new Date("2027-06-01T12:00:00+07:00"))).map((e) => e.slug)).toEqual(["by-election"]);
    const own = units.filter((u) => ["10-01", "10-02", "40-01"].includes(u.constituencyId));
    expect(own.length).toBeLessThan(units.length);
    const escalated = await escalateMissingReports(new Date("2027-06-01T19:00:00+07:00"));
    expect(escalated).toBe(own.length);
    const results = await db().unitResult.findMany({ where: { electionId: by.id } });
    expect(new Set(results.map((r) => r.unitCode))).toEqual(new Set(own.map((u) => u.code)));
    expect(new Set(results.map((r) => r.ballot))).toEqual(new Set(["constituency"]));
    // Silent for sending nothing: not reported, and counted so in the areas' counts.
    expect(results.every((r) => r.status === "silent" && !r.reported)).toBe(true);
    expect(await stateCountsDrift(by.id)).toEqual([]);
    expect((await contestResults(by.id, "constituency"))!.unitsReported).toBe(0);
    // Again: nothing more to escalate.
    expect(await escalateMissingReports(new Date("2027-06-01T19:05:00+07:00"))).toBe(0);
    // The general election's counting ended months before: nothing of it silenced now.
    expect(await db().unitResult.count({ where: { election: { slug: general }, status: "silent" } })).toBe(0);
  });
});
