import { createHash, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "../../web/db/db.server.ts";
import { getConfig } from "../../web/config/config.server.ts";
import { currentElection } from "../../web/elections/elections.server.ts";
import { escalateResult, resolveResult, reviewQueue } from "../../web/tally/review.server.ts";
import { submitEntry } from "../../web/tally/entries.server.ts";
import { storePhoto } from "../../web/tally/photos.server.ts";
import { userError } from "../support/user-error.ts";
import { placeReporter, seedTestElection } from "../support/election.ts";
import { countFields, formPhoto, sendCount } from "../support/tally.ts";

type Roles = {
  role: "platform_admin" | "constituency_head" | "war_room_operator" | "volunteer";
  organisationId: null;
  constituencyId: string | null;
}[];
let unit: string, otherUnit: string;
let reporter: { id: string; roles: Roles },
  head: { id: string; roles: Roles },
  warRoom: { id: string; roles: Roles },
  stranger: { id: string; roles: Roles };

const goodFields = countFields;
const entry = (
  user: typeof reporter,
  over: Record<string, string> = {},
  source: "reporter" | "blind" = "reporter",
  unitCode = unit,
  photo = false,
) => sendCount(user, unitCode, goodFields(over), source, { photo });
const result = (unitCode = unit) => db().unitResult.findFirst({ where: { unitCode, ballot: "constituency" } });

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("JFIF-test-photo-bytes-".repeat(50))]);

beforeAll(async () => {
  await seedTestElection("test");
  const units = await db().pollingUnit.findMany({ orderBy: { code: "asc" }, take: 2 });
  [unit, otherUnit] = [units[0]!.code, units[1]!.code];
  // The register agrees with the counts sent here (800 eligible).
  await db().pollingUnit.updateMany({ data: { eligibleVoters: 800 } });
  const make = async (phone: string, roles: Roles) => ({
    id: (await db().user.create({ data: { phone, displayName: phone } })).id,
    roles,
  });
  reporter = await make("+66891000001", [{ role: "volunteer", organisationId: null, constituencyId: null }]);
  head = await make("+66891000002", [{ role: "constituency_head", organisationId: null, constituencyId: "10-01" }]);
  warRoom = await make("+66891000003", [{ role: "war_room_operator", organisationId: null, constituencyId: null }]);
  stranger = await make("+66891000004", [{ role: "volunteer", organisationId: null, constituencyId: null }]);
  await placeReporter(reporter.id, unit);
});

describe("reporting a count", () => {
  it("refuses what cannot be a figure, unknown numbers, other units and forged ids, writing nothing", async () => {
    const cases: [() => Promise<unknown>, number, string][] = [
      [() => entry(reporter, { voters: "60000" }), 422, "tallyRules.range"],
      [
        () =>
          submitEntry(reporter, {
            submissionId: randomUUID(),
            unitCode: unit,
            ballot: "constituency",
            source: "reporter",
            fields: { ...goodFields(), vote_9: "1" },
          }),
        400,
        "tally.unknownNumber",
      ],
      [() => entry(reporter, { voters: "six hundred" }), 400, "tally.notNumber"],
      [() => entry(reporter, {}, "reporter", otherUnit), 403, "tally.notYourUnit"],
      [() => entry(stranger), 403, "tally.notYourUnit"],
      [() => entry(reporter, {}, "blind"), 403, "tally.notYourUnit"],
      [
        () =>
          submitEntry(reporter, {
            submissionId: "1234",
            unitCode: unit,
            ballot: "constituency",
            source: "reporter",
            fields: goodFields(),
          }),
        400,
        "tally.badSubmission",
      ],
    ];
    for (const [attempt, status, code] of cases) {
      const e = await userError(attempt());
      expect([e.status, e.code]).toEqual([status, code]);
    }
    expect(await db().tallyEntry.count()).toBe(0);
    expect(await db().unitResult.count()).toBe(0);
  });

  it("keeps one record however often a submission is retried, and refuses its id for other figures", async () => {
    const submissionId = randomUUID();
    const photoIds = [await formPhoto(unit, reporter.id)];
    const send = () =>
      submitEntry(reporter, {
        submissionId,
        unitCode: unit,
        ballot: "constituency",
        source: "reporter",
        fields: goodFields(),
        photoIds,
      });
    const results = await Promise.all([send(), send(), send(), send(), send()]);
    expect(results.filter((r) => !r.replay)).toHaveLength(1);
    expect(await db().tallyEntry.count({ where: { submissionId } })).toBe(1);
    expect((await result())!.status).toBe("reported");
    const e = await userError(
      submitEntry(reporter, {
        submissionId,
        unitCode: unit,
        ballot: "constituency",
        source: "reporter",
        fields: goodFields({ vote_1: "199", invalid: "11" }),
      }),
    );
    expect([e.status, e.code]).toEqual([409, "tally.submissionReused"]);
  });

  it("is verified when a blind second entry agrees exactly", async () => {
    const { status } = await entry(head, {}, "blind");
    expect(status).toBe("verified");
    const r = (await result())!;
    expect(r.status).toBe("verified");
    const events = await db().resultEvent.findMany({ where: { unitCode: unit }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.toStatus)).toEqual(["reported", "verified"]);
  });

  it("goes to the review queue on a disagreement; the head escalates, the war room has the final word", async () => {
    const { status } = await entry(warRoom, { vote_1: "199", vote_2: "151" }, "blind");
    expect(status).toBe("disputed");
    const queue = await reviewQueue(head);
    const item = queue.find((q) => q.unitCode === unit)!;
    expect(item.entries.map((e) => e.source)).toEqual(["reporter", "blind", "blind"]);
    await escalateResult(head, unit, "constituency", "photo unreadable");
    expect((await result())!.status).toBe("escalated");
    expect((await reviewQueue(head)).some((q) => q.unitCode === unit)).toBe(false); // now the war room's
    const e = await userError(resolveResult(head, unit, "constituency", item.entries[0]!.id, "mine, checked"));
    expect([e.status, e.code]).toEqual([409, "tally.notDecidable"]);
    await resolveResult(warRoom, unit, "constituency", item.entries[0]!.id, "board photo matches the reporter");
    const r = (await result())!;
    expect([r.status, r.verifiedEntryId]).toEqual(["verified", item.entries[0]!.id]);
    const last = await db().resultEvent.findFirstOrThrow({ where: { unitCode: unit }, orderBy: { createdAt: "desc" } });
    expect([last.actorId, last.reason]).toEqual([warRoom.id, "board photo matches the reporter"]);
  });

  it("flags an implausible turnout but accepts the entry", async () => {
    await placeReporter(stranger.id, otherUnit);
    const { entry: e, status } = await entry(stranger, { eligible: "600" }, "reporter", otherUnit, true);
    expect(e.flags).toEqual(["turnoutHigh", "eligibleRegistered"]);
    expect(status).toBe("disputed");
    // The war room accepts it after a call to the unit: its figures enter the totals.
    const before = await db().areaTotal.findFirst({
      where: { ballot: "constituency", areaCode: "10-01" },
    });
    await resolveResult(warRoom, otherUnit, "constituency", e.id, "turnout confirmed by phone", e.flags);
    const after = await db().areaTotal.findFirstOrThrow({
      where: { ballot: "constituency", areaCode: "10-01" },
    });
    expect(after.unitsVerified).toBe((before?.unitsVerified ?? 0) + 1);
    expect(after.voters).toBe((before?.voters ?? 0) + 600);
  });
});

describe("many entries at once (group commit)", () => {
  it("writes each entry once, in its own right, when many arrive together across units", async () => {
    const units = (await db().pollingUnit.findMany({ orderBy: { code: "desc" }, take: 20 })).map((u) => u.code);
    const ids = units.map(() => randomUUID());
    const reused = randomUUID();
    const photos = await Promise.all(units.map((u) => formPhoto(u, warRoom.id)));
    const send = (
      submissionId: string,
      user: typeof warRoom,
      unitCode: string,
      source: "reporter" | "blind",
      over: Record<string, string> = {},
      photoIds: string[] = [],
    ) =>
      submitEntry(user, { submissionId, unitCode, ballot: "constituency", source, fields: goodFields(over), photoIds });
    const outcomes = await Promise.allSettled([
      ...units.map((u, i) => send(ids[i]!, warRoom, u, "reporter", {}, [photos[i]!])),
      ...units.map((u, i) => send(ids[i]!, warRoom, u, "reporter", {}, [photos[i]!])), // retries in the same burst
      ...units.map((u, i) => send(randomUUID(), head, u, "blind", i % 5 === 0 ? { vote_1: "199", vote_2: "151" } : {})),
      // The same id for another unit (each a correction of warRoom's own entry, with its reason).
      send(reused, warRoom, units[0]!, "reporter", { correctionReason: "recounted" }),
      send(reused, warRoom, units[1]!, "reporter", { correctionReason: "recounted" }),
    ]);
    const failed = outcomes.filter((o) => o.status === "rejected");
    expect(failed).toHaveLength(1);
    expect((failed[0] as PromiseRejectedResult).reason.code).toBe("tally.submissionReused");
    expect(await db().tallyEntry.count({ where: { submissionId: { in: ids } } })).toBe(20);
    const results = await db().unitResult.findMany({ where: { unitCode: { in: units }, ballot: "constituency" } });
    expect(results.filter((r) => r.status === "verified")).toHaveLength(16);
    expect(results.filter((r) => r.status === "disputed")).toHaveLength(4);
  });
});

describe("count photos", () => {
  it("keeps the original bytes with their SHA-256, and knows a photo sent twice", async () => {
    const first = await storePhoto(Readable.from([JPEG.subarray(0, 5), JPEG.subarray(5)]), {
      electionId: (await currentElection()).id,
      unitCode: unit,
      ballot: "constituency",
      kind: "board",
      userId: reporter.id,
    });
    expect(first.sha256).toBe(createHash("sha256").update(JPEG).digest("hex"));
    const row = await db().tallyPhoto.findUniqueOrThrow({ where: { id: first.id } });
    expect(row.contentType).toBe("image/jpeg");
    expect((await readFile(path.join(getConfig().DATA_DIR, "files", row.storageKey))).equals(JPEG)).toBe(true);
    const again = await storePhoto(Readable.from([JPEG]), {
      electionId: (await currentElection()).id,
      unitCode: unit,
      ballot: "constituency",
      kind: "board",
      userId: reporter.id,
    });
    expect([again.id, again.duplicate]).toEqual([first.id, true]);
    const elsewhere = await userError(
      storePhoto(Readable.from([JPEG]), {
        electionId: (await currentElection()).id,
        unitCode: otherUnit,
        ballot: "constituency",
        kind: "board",
        userId: reporter.id,
      }),
    );
    expect([elsewhere.status, elsewhere.code]).toEqual([409, "tally.photoOtherUnit"]);
  });

  it("refuses what is not an image, whatever it is called, and what is too large", async () => {
    const before = await db().tallyPhoto.count();
    const text = await userError(
      storePhoto(Readable.from([Buffer.from("<html>not a photo</html>")]), {
        electionId: (await currentElection()).id,
        unitCode: unit,
        ballot: "constituency",
        kind: "form",
        userId: reporter.id,
      }),
    );
    expect([text.status, text.code]).toEqual([415, "tally.notImage"]);
    const config = getConfig() as { TALLY_PHOTO_MAX_BYTES: number };
    const limit = config.TALLY_PHOTO_MAX_BYTES;
    config.TALLY_PHOTO_MAX_BYTES = 2048;
    try {
      const big = await userError(
        storePhoto(Readable.from([Buffer.concat([JPEG, Buffer.alloc(4096)])]), {
          electionId: (await currentElection()).id,
          unitCode: unit,
          ballot: "constituency",
          kind: "form",
          userId: reporter.id,
        }),
      );
      expect(big.status).toBe(413);
    } finally {
      config.TALLY_PHOTO_MAX_BYTES = limit;
    }
    expect(await db().tallyPhoto.count()).toBe(before);
  });
});

describe("results and the media feed", () => {
  it("keeps running totals equal to the verified entries, and moves them on a correction", async () => {
    const { nationalResults, constituencyResults } = await import("../../web/results/results.server.ts");

    const election = await currentElection();
    const c = (await constituencyResults(election.id, "10-01"))!;
    const verified = await db().unitResult.findMany({
      where: { electionId: election.id, ballot: "constituency", status: "verified" },
    });
    const entries = await db().tallyEntry.findMany({ where: { id: { in: verified.map((v) => v.verifiedEntryId!) } } });
    const expected = entries.reduce((sum, e) => sum + ((e.votes as Record<string, number>)["1"] ?? 0), 0);
    expect(c.candidates.find((k) => k.number === 1)!.votes).toBe(expected);
    expect(c.unitsVerified).toBe(verified.length);
    expect(c.leader?.number).toBe(1);
    const n = await nationalResults(election.id);
    expect(n.units).toBe(await db().pollingUnit.count());
    expect(n.parties).toHaveLength(8);
    const changes = await db().resultChange.findMany({ where: { electionId: election.id }, orderBy: { seq: "asc" } });
    // Verified once; the dispute, the escalation and the war room's decision (the same
    // figures) changed nothing in the totals: each restates the unit's state, as of then.
    expect(changes.filter((x) => x.unitCode === unit).map((x) => [x.kind, x.status, x.decided])).toEqual([
      ["verified", "verified", false],
      ["restated", "disputed", false],
      ["restated", "escalated", false],
      ["restated", "verified", true],
    ]);
  });

  it("answers outlets with a key only after the release, with ETags", async () => {
    const { createOutlet, setRelease } = await import("../../web/results/feed.server.ts");
    const { requireOutlet, cacheable } = await import("../../web/http/feed.server.ts");
    const key = await createOutlet("Test News");
    const ask = (headers: Record<string, string>) =>
      requireOutlet(new Request("http://x/api", { headers })).then(
        () => 200,
        (r: Response) => r.status,
      );
    expect(await ask({})).toBe(401);
    expect(await ask({ authorization: "Bearer wrong" })).toBe(401);
    expect(await ask({ authorization: `Bearer ${key}` })).toBe(403); // embargoed
    await setRelease(true, warRoom.id);
    expect(await ask({ "x-api-key": key })).toBe(200);
    const first = cacheable(new Request("http://x/"), '{"a":1}');
    const etag = first.headers.get("etag")!;
    expect(cacheable(new Request("http://x/", { headers: { "if-none-match": etag } }), '{"a":1}').status).toBe(304);
    expect(cacheable(new Request("http://x/", { headers: { "if-none-match": etag } }), '{"a":2}').status).toBe(200);
    expect(await db().mediaOutlet.count({ where: { keyHash: { contains: key } } })).toBe(0); // only a hash is kept
  });
});

describe("the ECT's official figures", () => {
  it("import all-or-nothing and show where they differ from our verified results", async () => {
    const { importOfficialCsv, officialDifferences } = await import("../../web/results/official.server.ts");

    const election = await currentElection();
    const client = await pool().connect();
    try {
      const run = (text: string) => importOfficialCsv(client, election.id, Readable.from([text]));
      const bad = await run(
        `unit_code,ballot,figure,value\n99-99-999999-999,constituency,1,5\n${unit},senate,1,5\n${unit},constituency,turnout,5\n${unit},constituency,1,x\n`,
      );
      expect(bad.ok ? [] : bad.errors.map((e) => [e.line, e.code])).toEqual([
        [2, "unit"],
        [3, "ballot"],
        [4, "figure"],
        [5, "value"],
      ]);
      expect(await db().officialFigure.count()).toBe(0);
      // Two units we verified with the same count (number 1: 200, invalid 10): the ECT
      // gives one 3 more and the other 3 fewer for number 1 (the constituency's sum agrees,
      // its absolute differences do not), one more invalid at the first; and a unit we have
      // no result for.
      const verified = await db().unitResult.findMany({
        where: { electionId: election.id, ballot: "constituency", status: "verified" },
        orderBy: { unitCode: "asc" },
      });
      const entries = await db().tallyEntry.findMany({
        where: { id: { in: verified.map((v) => v.verifiedEntryId!) } },
      });
      const same = verified
        .filter((v) => {
          const e = entries.find((x) => x.id === v.verifiedEntryId)!;
          return (e.votes as Record<string, number>)["1"] === 200 && e.invalid === 10 && e.voters === 600;
        })
        .map((v) => v.unitCode);
      const [a, b] = same;
      const withResults = (await db().unitResult.findMany({ select: { unitCode: true } })).map((r) => r.unitCode);
      const silent = (
        await db().pollingUnit.findFirstOrThrow({
          where: { code: { notIn: withResults }, constituencyId: "10-01" },
          orderBy: { code: "desc" },
        })
      ).code;
      const csv = [
        "unit_code,ballot,figure,value",
        `${a},constituency,voters,600`,
        `${a},constituency,invalid,11`,
        `${a},constituency,1,203`,
        `${b},constituency,voters,600`,
        `${b},constituency,1,197`,
        `${silent},constituency,1,50`,
      ].join("\n");
      expect(await run(csv)).toEqual({ ok: true, rows: 6, changed: 6 });
      expect(await run(csv)).toEqual({ ok: true, rows: 6, changed: 0 });
      const diff = await officialDifferences(election.id);
      expect(diff.compared).toBe(2);
      expect(diff.units).toEqual([
        { unitCode: a, ballot: "constituency", figure: "invalid", ours: 10, official: 11 },
        { unitCode: a, ballot: "constituency", figure: "1", ours: 200, official: 203 },
        { unitCode: b, ballot: "constituency", figure: "1", ours: 200, official: 197 },
      ]);
      expect(diff.byConstituency).toEqual([
        {
          constituencyId: "10-01",
          ballot: "constituency",
          figure: "invalid",
          ours: 10,
          official: 11,
          absDifference: 1,
          units: 1,
        },
        {
          constituencyId: "10-01",
          ballot: "constituency",
          figure: "1",
          ours: 400,
          official: 400,
          absDifference: 6,
          units: 2,
        },
      ]);
      expect(diff.missingOurs).toEqual([{ unitCode: silent, ballot: "constituency", status: null }]);
      expect(diff.missingCounts).toEqual({ ours: 1, official: verified.length - 2 });
      expect(diff.missingOfficial.map((m) => m.unitCode)).not.toContain(a);
    } finally {
      client.release();
    }
  });
});

describe("units with no report", () => {
  it("are silent N minutes after the close, once", async () => {
    const { escalateMissingReports } = await import("../../web/tally/review.server.ts");
    expect(await escalateMissingReports(new Date("2027-03-14T17:30:00+07:00"))).toBe(0); // too early (60 minutes by default)
    const units = await db().pollingUnit.count();
    const reported = await db().tallyEntry.groupBy({ by: ["unitCode", "ballot"] });
    const escalated = await escalateMissingReports(new Date("2027-03-14T18:01:00+07:00"));
    expect(escalated).toBe(units * 2 - reported.length);
    expect(await escalateMissingReports(new Date("2027-03-14T18:02:00+07:00"))).toBe(0);
    const event = await db().resultEvent.findFirstOrThrow({ where: { reason: "no report" } });
    expect(event.toStatus).toBe("silent");
  });
});

describe("election set-up from CSV", () => {
  it("imports parties and candidates all-or-nothing, by line, and changes nothing the second time", async () => {
    const { importElectionCsv } = await import("../../web/elections/election-import.server.ts");
    const { createElection } = await import("../../web/elections/elections.server.ts");
    expect(
      await createElection({ slug: "csv", nameTh: "ซีเอสวี", nameEn: "CSV", date: "2031-01-01", closesAt: "17:00" }),
    ).toBe("created");
    const election = await db().election.findUniqueOrThrow({ where: { slug: "csv" } });
    // A general election: its two contests over the country's constituencies.
    expect(
      (await db().contest.findMany({ where: { electionId: election.id }, orderBy: { position: "asc" } })).map((c) => [
        c.key,
        c.kind,
        c.seats,
      ]),
    ).toEqual([
      ["constituency", "district", null],
      ["party_list", "party_list", 100],
    ]);
    const client = await pool().connect();
    try {
      const run = (kind: "parties" | "candidates", text: string) =>
        importElectionCsv(client, election.id, kind, Readable.from([text]));
      const parties = "number,name_th,name_en,colour\n1,พรรคหนึ่ง,Party One,#FF0000\n2,พรรคสอง,Party Two,#00ff00\n";
      expect(await run("parties", parties)).toEqual({ ok: true, rows: 2, changed: 2 });
      expect(await run("parties", parties)).toEqual({ ok: true, rows: 2, changed: 0 });
      const bad = await run(
        "candidates",
        "constituency,number,name_th,party_number\n10-01,1,ก ข,1\n10-01,1,ค ง,2\n99-01,2,จ ฉ,9\n10-01,x,ช,\n",
      );
      expect(bad.ok).toBe(false);
      if (!bad.ok)
        expect(bad.errors.map((e) => [e.line, e.code])).toEqual([
          [3, "duplicate"],
          [4, "constituency"],
          [4, "party"],
          [5, "number"],
        ]);
      expect(await db().candidate.count({ where: { electionId: election.id } })).toBe(0);
      expect(
        await run("candidates", "constituency,number,name_th,party_number\n10-01,1,ก ข,1\n10-01,2,ค ง,\n"),
      ).toEqual({ ok: true, rows: 2, changed: 2 });
      const missing = await run("parties", "number,name\n1,x\n");
      expect(missing.ok ? [] : missing.errors.map((e) => e.code)).toEqual(["missingColumns"]);
    } finally {
      client.release();
    }
    await db().election.delete({ where: { id: election.id } });
  });
});
