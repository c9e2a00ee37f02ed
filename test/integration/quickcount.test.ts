// The quick count on a real database and a real local chain (issue 39): the war room
// draws the sample once, before polls open; its commitment is anchored by the anchoring
// machine; after the close the list is revealed and checks out against the chain; the
// estimates rest on the sample units that have reported and are published only after the
// close and once the publication rule is met. And a call that holds only on a flagged
// form says so.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anchoringChain } from "../support/chain.ts";
import { seedTestElection } from "../support/election.ts";
import { countFields } from "../support/count-fields.ts";
import { sendCount } from "../support/tally.ts";

const port = 8900 + Math.floor(Math.random() * 90);
const { chain } = await anchoringChain(port, "quickcount", {
  RPC_TIMEOUT_MS: "2000",
});
afterAll(() => chain.stop());

const { db } = await import("../../web/db/db.server.ts");
const { forgetStartingWith } = await import("../../web/db/cache.server.ts");
const { currentElection } = await import("../../web/elections/elections.server.ts");
const { anchorTick } = await import("../../web/evidence/anchoring.server.ts");
const { submitEntry } = await import("../../web/tally/entries.server.ts");
const { areaCall } = await import("../../web/results/races.server.ts");
const qc = await import("../../web/quickcount/quickcount.server.ts");
const { sampleCommitment } = await import("../../web/quickcount/sample.ts");

const warRoom = { id: "", roles: [{ role: "war_room_operator" as const, organisationId: null, constituencyId: null }] };
let election: Awaited<ReturnType<typeof currentElection>>;
const settings = { intervalSeconds: 30, batchPhotos: 1000, confirmations: 1, stuckSeconds: 60 };

/** A party-list count for a unit: party k gets `shares[k]` of 570 valid votes. */
const partyList = (unit: string, shares: number[]) => {
  const votes = Object.fromEntries(shares.map((s, k) => [`vote_${k + 1}`, String(s)]));
  const { vote_1: _1, vote_2: _2, vote_3: _3, vote_4: _4, vote_5: _5, vote_6: _6, ...rest } = countFields();
  return submitEntry(warRoom, {
    submissionId: randomUUID(),
    unitCode: unit,
    ballot: "party_list",
    source: "blind",
    fields: { ...rest, ...votes },
    photoIds: [],
  });
};

beforeAll(async () => {
  await seedTestElection("quickcount");
  await db().pollingUnit.updateMany({ data: { eligibleVoters: 800 } });
  warRoom.id = (await db().user.create({ data: { phone: "+66893000001", displayName: "war room" } })).id;
  election = await currentElection();
  // Polls open tomorrow: the sample may be drawn.
  const closesAt = new Date(Date.now() + 33 * 3_600_000);
  await db().election.update({ where: { id: election.id }, data: { closesAt } });
  election = { ...election, closesAt };
});

describe("the quick count", () => {
  it("draws the sample once before polls open and anchors its commitment", async () => {
    const drawn = await qc.drawAndCommit(election, { size: 40, seed: 12345 }, warRoom.id);
    expect(drawn.units).toBe(40);
    await expect(qc.drawAndCommit(election, { size: 40 }, warRoom.id)).rejects.toMatchObject({
      status: 409,
      code: "quickcount.alreadyDrawn",
    });
    const { sample, batch } = (await qc.sampleOf(election.id))!;
    expect(sample.commitment).toBe(sampleCommitment({ seed: 12345, units: sample.units }));
    expect(batch).toMatchObject({ kind: "quickcount_sample", root: `0x${sample.commitment}`, status: "built" });
    await anchorTick(settings);
    await anchorTick(settings);
    await anchorTick(settings);
    const anchored = await db().anchorBatch.findUniqueOrThrow({ where: { id: batch!.id } });
    expect(["mined", "confirmed"]).toContain(anchored.status);
    // The list is hidden until the close; the commitment and its block are not.
    const hidden = (await qc.sampleView(election, { reveal: false }))!;
    expect(hidden.units).toBeNull();
    expect(hidden.seed).toBeNull();
    expect(hidden.anchor).toMatchObject({ beforePollsOpened: true });
  }, 120_000);

  it("refuses a draw once polls have opened", async () => {
    await expect(
      qc.drawAndCommit({ id: randomUUID(), closesAt: new Date(Date.now() + 3_600_000) }, { size: 40 }, warRoom.id),
    ).rejects.toMatchObject({ status: 409, code: "quickcount.tooLate" });
  });

  it("estimates from the sample units in, publishes nothing before the close, then only once the rule is met", async () => {
    const { sample } = (await qc.sampleOf(election.id))!;
    // Party 1 has 300 of 570 at sample units, 100 elsewhere: the post-stratified and raw
    // figures see the non-sample units too, the sample estimate does not.
    for (const unit of sample.units.slice(0, 30)) await partyList(unit, [300, 150, 60, 30, 10, 10, 5, 5]);
    const others = (
      await db().areaUnit.findMany({ where: { electionId: election.id, ballot: "party_list" }, take: 80 })
    ).filter((u) => !sample.units.includes(u.unitCode));
    for (const u of others.slice(0, 10)) await partyList(u.unitCode, [100, 350, 60, 30, 10, 10, 5, 5]);
    forgetStartingWith("quickcount:");
    const e = (await qc.estimatesOf(election))!;
    expect(e.coverage).toMatchObject({ sampleIn: 30, sampleSize: 40, unitsIn: 40 });
    const first = e.shares.find((s) => s.number === 1)!;
    // Every sample unit says 300/570, so the ratio estimate is exact and its margin 0.
    expect(first.sample!.share).toBeCloseTo(300 / 570, 6);
    expect(first.sample!.margin).toBeCloseTo(0, 6);
    expect(first.raw).toBeCloseTo((30 * 300 + 10 * 100) / (40 * 570), 6);
    expect(first.seats!.median).toBeGreaterThan(40);
    expect(e.turnout.sample!.share).toBeCloseTo(600 / 800, 6);
    // Before the close: the blackout.
    expect((await qc.publicEstimates(election)).state).toBe("blackout");
    const afterClose = new Date(election.closesAt.getTime() + 60_000);
    // 30 of 40 is under the default rule (95%).
    expect(await qc.publicEstimates(election, afterClose)).toMatchObject({ state: "waiting", estimates: null });
    await qc.setPublicationRule(election.id, { sampleShare: 0.7, strataShare: 0.9 });
    const published = await qc.publicEstimates(election, afterClose);
    expect(published.state).toBe("published");
    expect(published.estimates!.rule).toMatchObject({ met: true, sampleShare: 0.7 });
  }, 120_000);

  it("reveals the list after the close, and the audit checks it against the chain", async () => {
    const audit = (await qc.auditOfSample(election))!;
    expect(audit).toMatchObject({ listMatchesCommitment: true, seedRedrawsList: true });
    expect(audit.chain).toMatchObject({ beforePollsOpened: true, error: null });
    expect(audit.chain.anchoredAt).not.toBeNull();
    // A list changed afterwards no longer matches.
    const { sample } = (await qc.sampleOf(election.id))!;
    const swapped = [...sample.units.slice(1), "10-01-999999-999"].sort();
    await db().quickCountSample.update({ where: { electionId: election.id }, data: { units: swapped } });
    expect(await qc.auditOfSample(election)).toMatchObject({ listMatchesCommitment: false, seedRedrawsList: false });
    await db().quickCountSample.update({ where: { electionId: election.id }, data: { units: sample.units } });
  }, 60_000);

  it("a lead that rests on a flagged form is decided unless it falls", async () => {
    const units = (
      await db().areaUnit.findMany({
        where: { electionId: election.id, ballot: "constituency" },
        orderBy: { unitCode: "asc" },
      })
    ).map((u) => u.unitCode);
    await db().pollingUnit.updateMany({ where: { code: { in: units } }, data: { eligibleVoters: 10 } });
    // Every unit but the first has a register of 10; the first has 800 and a flagged form.
    await db().pollingUnit.update({ where: { code: units[0]! }, data: { eligibleVoters: 800 } });
    const head = {
      id: warRoom.id,
      roles: [{ role: "constituency_head" as const, organisationId: null, constituencyId: "10-01" }],
    };
    const second = { id: (await db().user.create({ data: { phone: "+66893000002" } })).id, roles: warRoom.roles };
    await sendCount(head, units[0]!, countFields(), "blind", { photo: true });
    await sendCount(second, units[0]!, countFields(), "blind");
    expect(
      await db().unitResult.findUniqueOrThrow({
        where: { electionId_unitCode_ballot: { electionId: election.id, unitCode: units[0]!, ballot: "constituency" } },
      }),
    ).toMatchObject({ status: "verified" });
    const before = await areaCall(election.id, "constituency", "10-01");
    expect(before!.callStatus).toBe("leading");
    // The war room accepted the form's anomaly: verified, flagged. The lead of 50 beats the
    // 10 × (units − 1) still possible only while that form stands.
    await db().unitResult.update({
      where: { electionId_unitCode_ballot: { electionId: election.id, unitCode: units[0]!, ballot: "constituency" } },
      data: { flagged: true },
    });
    const remaining = 10 * (units.length - 1);
    const call = await areaCall(election.id, "constituency", "10-01");
    expect(call!.callStatus).toBe(50 > remaining ? "decided_unless_flagged" : "leading");
  }, 60_000);
});
