// Election-night counts you can trust (issue 16): every form recorded as written, what is
// wrong flagged, and running totals that always equal a recomputation from scratch.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../web/db/db.server.ts";
import { currentElection } from "../../web/elections/elections.server.ts";
import { escalateMissingReports, resolveResult, reviewQueue } from "../../web/tally/review.server.ts";
import { submitEntry } from "../../web/tally/entries.server.ts";
import {
  levelFactsDrift,
  recomputedTotals,
  runningTotals,
  stateCountsDrift,
} from "../../web/tally/tally.sql.server.ts";
import { nationalResults, constituencyResults } from "../../web/results/results.server.ts";
import { countFields, sendCount } from "../support/tally.ts";
import { seedTestElection } from "../support/election.ts";

type Roles = {
  role: "constituency_head" | "war_room_operator" | "volunteer";
  organisationId: null;
  constituencyId: string | null;
}[];
type Person = { id: string; roles: Roles };

let units: string[] = [];
const reporters: Person[] = [];
let head: Person, warRoom: Person;
let electionId: string;

const good = countFields;
/** Ballot stuffing as the officials wrote it: 603 ballots used where 600 came. */
const STUFFED = { ballotsUsed: "603", ballotsLeftOver: "217", invalid: "13" };

/** Sends a count (a person's later entries are corrections: they carry a reason), with
 *  the signed form's photo when asked. */
const send = (
  user: Person,
  unitCode: string,
  fields: Record<string, string>,
  source: "reporter" | "blind",
  opts: { photo?: boolean } = {},
) => sendCount(user, unitCode, { correctionReason: "as posted at the unit", ...fields }, source, opts);
const resultOf = (unitCode: string) => db().unitResult.findFirst({ where: { unitCode, ballot: "constituency" } });
/** The running totals equal a recomputation, every result's kept level facts its
 *  history's, and the per-area state counts a recount of the results. */
const totalsAgree = async () => {
  expect(await runningTotals(electionId)).toEqual(await recomputedTotals(electionId));
  const drift = await levelFactsDrift(electionId);
  expect(drift).toEqual([]);
  expect(await stateCountsDrift(electionId)).toEqual([]);
};
const constituencyTotal = () =>
  db().areaTotal.findFirst({ where: { electionId, ballot: "constituency", areaCode: "10-01" } });

beforeAll(async () => {
  await seedTestElection("count");
  electionId = (await currentElection()).id;
  units = (await db().pollingUnit.findMany({ orderBy: { code: "asc" }, take: 5 })).map((u) => u.code);
  // The register agrees with the counts sent here (800 eligible).
  await db().pollingUnit.updateMany({ data: { eligibleVoters: 800 } });
  const make = async (phone: string, roles: Roles) => ({
    id: (await db().user.create({ data: { phone, displayName: phone } })).id,
    roles,
  });
  for (const [i, unitCode] of units.entries()) {
    const person = await make(`+6689200000${i}`, [{ role: "volunteer", organisationId: null, constituencyId: null }]);
    const volunteer = await db().volunteer.create({ data: { userId: person.id } });
    await db().unitAssignment.create({
      data: { electionId, unitCode, slot: 0, volunteerId: volunteer.id, source: "manual" },
    });
    reporters.push(person);
  }
  head = await make("+66892000010", [{ role: "constituency_head", organisationId: null, constituencyId: "10-01" }]);
  warRoom = await make("+66892000011", [{ role: "war_room_operator", organisationId: null, constituencyId: null }]);
});

describe("a unit counts once", () => {
  it("after a decision, a correction and an agreeing blind entry (the observed double count)", async () => {
    const unit = units[0]!;
    // Ballot stuffing as written (603 used where 600 came): flagged, so in dispute.
    const first = await send(reporters[0]!, unit, good(STUFFED), "reporter", { photo: true });
    expect(first.status).toBe("disputed");
    await resolveResult(head, unit, "constituency", first.entry.id, "photo checked", first.entry.flags);
    expect((await constituencyTotal())!.unitsVerified).toBe(1);
    await totalsAgree();
    // The reporter corrects the form: the decision is reopened, the unit leaves the totals.
    const again = await send(reporters[0]!, unit, good(), "reporter");
    expect(again.status).toBe("reported");
    expect((await constituencyTotal())!.unitsVerified).toBe(0);
    await totalsAgree();
    const blind = await send(head, unit, good(), "blind");
    expect(blind.status).toBe("verified");
    const total = (await constituencyTotal())!;
    expect([total.unitsVerified, total.voters]).toEqual([1, 600]);
    const votes = await db().voteTotal.findMany({
      where: { electionId, ballot: "constituency", areaCode: "10-01" },
    });
    expect(Object.fromEntries(votes.map((v) => [v.number, v.votes]))).toMatchObject({ 1: 200, 2: 150, 3: 100 });
    await totalsAgree();
    const changes = await db().resultChange.findMany({ where: { unitCode: unit }, orderBy: { seq: "asc" } });
    expect(changes.map((c) => c.kind)).toEqual(["verified", "withdrawn", "verified"]);
  });
});

describe("a reconcilable feed", () => {
  it("gives each change the unit's status and new figures, and each snapshot the change it reflects", async () => {
    const { changesAfter } = await import("../../web/results/feed.server.ts");
    const { nationalJson, constituencyJson } = await import("../../web/results/api.server.ts");
    const changes = (await changesAfter(electionId, 0)).filter((c) => c.unit === units[0]);
    expect(changes.map((c) => [c.kind, c.figures?.voters ?? null])).toEqual([
      ["verified", 600],
      ["withdrawn", null],
      ["verified", 600],
    ]);
    expect(changes.at(-1)!.figures!.votes).toMatchObject({ 1: 200, 2: 150 });
    expect(changes.at(-1)!.figures!.valid).toBe(570);
    expect(changes.at(-1)!.level).toBe("verified");
    const { unitJson } = await import("../../web/results/api.server.ts");
    expect((await unitJson(units[0]!)).ballots.find((b) => b.ballot === "constituency")!.level).toBe("verified");
    const last = (await changesAfter(electionId, 0)).at(-1)!.seq;
    expect((await nationalJson()).asOfChange).toBe(last);
    expect((await constituencyJson("10-01"))!.asOfChange).toBe(last);
    // What the feed sends is what its OpenAPI document says (strict schemas, no field unnamed).
    const schemas = await import("../../web/results/feed-schema.ts");
    schemas.nationalSchema.parse(await nationalJson());
    schemas.constituencySchema.parse(await constituencyJson("10-01"));
    for (const unit of units) schemas.unitSchema.parse(await unitJson(unit));
    schemas.changesSchema.parse({ changes: await changesAfter(electionId, 0) });
  });
});

describe("verified needs evidence", () => {
  it("two agreeing entries without the signed form's photo are only reported, and out of the totals", async () => {
    const unit = units[3]!;
    const before = (await constituencyTotal())?.unitsVerified ?? 0;
    await send(reporters[3]!, unit, good(), "reporter");
    const blind = await send(head, unit, good(), "blind");
    expect(blind.status).toBe("reported");
    expect((await constituencyTotal())?.unitsVerified ?? 0).toBe(before);
    const { unitJson } = await import("../../web/results/api.server.ts");
    expect((await unitJson(unit)).ballots.find((b) => b.ballot === "constituency")!.level).toBe("reported");
    // Nobody decides it either: it is not in dispute (and there is nothing to check the
    // figures against).
    for (const who of [head, warRoom]) {
      const refused = await resolveResult(who, unit, "constituency", blind.entry.id, "looks right").catch((e) => e);
      expect([refused.status, refused.code]).toEqual([409, "tally.notDecidable"]);
    }
    // The photo arrives with the reporter's correction (same figures): now verified.
    const withPhoto = await send(reporters[3]!, unit, good(), "reporter", { photo: true });
    expect(withPhoto.status).toBe("verified");
    expect((await constituencyTotal())!.unitsVerified).toBe(before + 1);
    await totalsAgree();
  });

  it("a correction says why, or is refused with nothing written", async () => {
    const unit = units[3]!;
    const entries = () => db().tallyEntry.count({ where: { unitCode: unit } });
    const count = await entries();
    const refused = await send(reporters[3]!, unit, good({ correctionReason: "" }), "reporter").catch((e) => e);
    expect([refused.status, refused.code]).toEqual([400, "tally.correctionReason"]);
    expect(await entries()).toBe(count);
  });
});

describe("a form is recorded as written", () => {
  it("accepts ballot stuffing (used 603 > 600 came), flags it, and a head decides it with a reason", async () => {
    const unit = units[1]!;
    const sent = await send(reporters[1]!, unit, good(STUFFED), "reporter", { photo: true });
    expect(sent.entry.flags).toEqual(["usedAboveVoters"]);
    expect(sent.status).toBe("disputed");
    const stored = await db().tallyEntry.findUniqueOrThrow({ where: { id: sent.entry.id } });
    expect([stored.ballotsUsed, stored.voters, stored.invalid]).toEqual([603, 600, 13]);
    // An agreeing blind entry of a flagged form does not verify it by itself.
    expect((await send(head, unit, good(STUFFED), "blind")).status).toBe("disputed");
    const queued = (await reviewQueue(head)).find((q) => q.unitCode === unit)!;
    expect(queued.entries[0]!.flags).toEqual(["usedAboveVoters"]);
    const { unitJson } = await import("../../web/results/api.server.ts");
    const level = async () => (await unitJson(unit)).ballots.find((b) => b.ballot === "constituency")!.level;
    expect(await level()).toBe("flagged");
    // A decision names the anomaly it accepts.
    const unnamed = await resolveResult(head, unit, "constituency", sent.entry.id, "as written").catch((e) => e);
    expect([unnamed.status, unnamed.code]).toEqual([400, "tally.acceptAnomalies"]);
    await resolveResult(head, unit, "constituency", sent.entry.id, "the posted form says 603: accepted as written", [
      "usedAboveVoters",
    ]);
    const decision = await db().resultEvent.findFirstOrThrow({
      where: { unitCode: unit, toStatus: "verified" },
      orderBy: { createdAt: "desc" },
    });
    expect(decision.acceptedFlags).toEqual(["usedAboveVoters"]);
    expect((await resultOf(unit))!.status).toBe("verified");
    // A decision says so: never shown as two agreeing counts.
    expect(await level()).toBe("decided");
    await totalsAgree();
    // …and the feed says so.
    const { changesAfter } = await import("../../web/results/feed.server.ts");
    const change = (await changesAfter(electionId, 0)).filter((c) => c.unit === unit).at(-1)!;
    expect([change.kind, change.level, change.figures!.ballotsUsed]).toEqual(["verified", "decided", 603]);
  });

  it("accepts every form that does not add up, naming what does not hold", async () => {
    const cases: [Record<string, string>, string[]][] = [
      [{ valid: "571", invalid: "9" }, ["validSum"]],
      [{ invalid: "11" }, ["usedSum"]],
      [{ ballotsLeftOver: "219" }, ["receivedSum"]],
      [{ eligible: "150" }, ["aboveEligible", "turnoutHigh", "eligibleRegistered"]],
      [{ voters: "605" }, ["usedBelowVoters"]],
      [{ countStartedAt: "18:40", countEndedAt: "17:55" }, ["countTimes"]],
      [{ formPosted: "no" }, ["notPosted"]],
    ];
    for (const [over, flags] of cases) {
      const sent = await send(reporters[2]!, units[2]!, good(over), "reporter");
      expect(sent.entry.flags).toEqual(flags);
    }
  });
});

describe("the unit's two ballots", () => {
  it("disagreeing on eligible voters or voters who came are flagged on the second to arrive", async () => {
    const unit = units[4]!;
    const partyList = (over: Record<string, string>) =>
      submitEntry(reporters[4]!, {
        submissionId: randomUUID(),
        unitCode: unit,
        ballot: "party_list",
        source: "reporter",
        fields: { ...good(over), vote_7: "0", vote_8: "0", correctionReason: "as posted" },
      });
    const constituency = await send(reporters[4]!, unit, good(), "reporter");
    expect(constituency.entry.flags).toEqual([]);
    expect((await partyList({})).entry.flags).toEqual([]);
    const other = await partyList({ voters: "598", ballotsUsed: "598", ballotsLeftOver: "222", invalid: "8" });
    expect(other.entry.flags).toEqual(["ballotsDisagree"]);
  });
});

describe("coverage", () => {
  it("counts units with an entry; an escalation for sending nothing is a state, not a report", async () => {
    const before = await nationalResults(electionId);
    const constituencyBefore = (await constituencyResults(electionId, "10-01"))!;
    const escalated = await escalateMissingReports(new Date("2027-03-15T00:00:00+07:00"));
    expect(escalated).toBeGreaterThan(0);
    expect((await nationalResults(electionId)).unitsReported).toBe(before.unitsReported);
    expect((await constituencyResults(electionId, "10-01"))!.unitsReported).toBe(constituencyBefore.unitsReported);
    const withEntries = await db().tallyEntry.findMany({
      where: { electionId, ballot: "constituency" },
      distinct: ["unitCode"],
    });
    expect(constituencyBefore.unitsReported).toBe(withEntries.length);
  });
});

// The property test of every operation — entries, decisions, escalations, silence, two
// elections of one day — held to the result machine's table: result-machine-property.test.ts.

describe("the feed's document", () => {
  it("describes every response the feed sends, after all of the above", async () => {
    const schemas = await import("../../web/results/feed-schema.ts");
    const { nationalJson, constituencyJson, unitJson } = await import("../../web/results/api.server.ts");
    const { changesAfter } = await import("../../web/results/feed.server.ts");
    const national = schemas.nationalSchema.parse(await nationalJson());
    expect(Object.values(national.coverage.levels).some((n) => n > 0)).toBe(true);
    const constituency = schemas.constituencySchema.parse(await constituencyJson("10-01"));
    // Every unit ballot with a result has one level; a disputed unit keeps its last counted
    // figures in the totals until it is decided, so the totals hold at least the verified and decided.
    const results = await db().unitResult.count({ where: { electionId, ballot: "constituency" } });
    expect(Object.values(constituency.levels).reduce((a, b) => a + b, 0)).toBe(results);
    expect(constituency.levels.verified + constituency.levels.decided).toBeLessThanOrEqual(constituency.unitsVerified);
    for (const unit of units) schemas.unitSchema.parse(await unitJson(unit));
    const changes = schemas.changesSchema.parse({ changes: await changesAfter(electionId, 0, 100_000) }).changes;
    const kinds = new Set(changes.map((c) => c.kind));
    for (const kind of ["verified", "withdrawn"] as const) expect(kinds).toContain(kind);
  });
});

describe("the escalation of missing reports beside entries arriving", () => {
  it("both write in groups (units' locks, then the areas' at the end): nothing waits in a circle, every unit ballot counts once", async () => {
    // Six new units of 10-01, in every contest the first unit is in, with nothing sent yet.
    const template = (await db().pollingUnit.findUnique({ where: { code: units[0]! } }))!;
    const areas = await db().areaUnit.findMany({ where: { electionId, unitCode: template.code } });
    const fresh = Array.from({ length: 6 }, (_, k) => `${template.constituencyId}-${template.subdistrictCode}-99${k}`);
    for (const [k, code] of fresh.entries()) {
      await db().pollingUnit.create({
        data: { ...template, code, number: 9_900 + k, locationName: `escalation race ${k}`, assignmentVersion: 0 },
      });
      await db().areaUnit.createMany({ data: areas.map((a) => ({ ...a, unitCode: code })) });
    }
    const [escalated] = await Promise.all([
      escalateMissingReports(new Date("2027-03-15T00:00:00+07:00")),
      ...fresh.map((code) => send(head, code, good(), "reporter", { photo: true })),
      ...fresh.map((code) => send(warRoom, code, good(), "blind")),
    ]);
    // The other contests' ballots of the new units had nothing: escalated, whatever the race.
    expect(escalated).toBeGreaterThanOrEqual(fresh.length * (areas.length - 1));
    const results = await db().unitResult.findMany({ where: { electionId, unitCode: { in: fresh } } });
    expect(results).toHaveLength(fresh.length * areas.length);
    for (const r of results) expect(r.status).toBe(r.ballot === "constituency" ? "verified" : "silent");
    await totalsAgree();
  });
});
