// The newsroom feed's races (issue 38) on a real database: every race first, then only the
// races that changed after the cursor; a copy kept by following `next` equals a full
// answer; tabulation and call status follow the verified units — decided only once the
// lead exceeds every vote still to count.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../web/db/db.server.ts";
import { currentElection } from "../../web/elections/elections.server.ts";
import { areaCall, racesAfter, type Race } from "../../web/results/races.server.ts";
import { seedTestElection } from "../support/election.ts";
import { countFields, sendCount } from "../support/tally.ts";

type Roles = { role: "constituency_head" | "war_room_operator"; organisationId: null; constituencyId: string | null }[];
let head: { id: string; roles: Roles };
let warRoom: { id: string; roles: Roles };
let units: string[];

/** Two people's agreeing counts (one with the form's photo): the unit is verified. */
const verify = async (unit: string) => {
  await sendCount(head, unit, countFields(), "blind", { photo: true });
  await sendCount(warRoom, unit, countFields(), "blind");
};

beforeAll(async () => {
  await seedTestElection("races");
  await db().pollingUnit.updateMany({ data: { eligibleVoters: 800 } });
  const make = async (phone: string, roles: Roles) => ({
    id: (await db().user.create({ data: { phone, displayName: phone } })).id,
    roles,
  });
  head = await make("+66892000001", [{ role: "constituency_head", organisationId: null, constituencyId: "10-01" }]);
  warRoom = await make("+66892000002", [{ role: "war_room_operator", organisationId: null, constituencyId: null }]);
  const election = await currentElection();
  units = (
    await db().areaUnit.findMany({
      where: { electionId: election.id, ballot: "constituency", areaCode: "10-01" },
      orderBy: { unitCode: "asc" },
    })
  ).map((u) => u.unitCode);
});

describe("the races feed", () => {
  it("sends every race, then what changed after `next`; following it ends equal to a full answer", async () => {
    const election = await currentElection();
    const first = await racesAfter(election.id, null);
    const copy = new Map<string, Race>(first.races.map((r) => [r.id, r]));
    const race = copy.get("constituency/10-01")!;
    expect(race).toMatchObject({ tabulationStatus: "not_started", callStatus: "too_early", unitsTotal: units.length });
    expect(copy.get("party_list/*")).toMatchObject({ callStatus: null, area: "*" });
    expect((await racesAfter(election.id, first.asOfChange)).races).toEqual([]);
    // Before the close (the blackout) no race is called.
    expect((await racesAfter(election.id, null, { calls: false })).races.every((r) => r.callStatus === null)).toBe(
      true,
    );

    await verify(units[0]!);
    const next = await racesAfter(election.id, first.asOfChange);
    expect(next.asOfChange).toBeGreaterThan(first.asOfChange);
    const changed = next.races.find((r) => r.id === "constituency/10-01")!;
    // One unit of many: its lead (50) is far less than the voters still to count.
    expect(changed).toMatchObject({ tabulationStatus: "in_progress", callStatus: "leading", unitsCounted: 1 });
    expect(changed.choices[0]).toMatchObject({ number: 1, votes: 200 });
    expect(changed.ballotsCountedPct).toBeCloseTo((100 * 600) / (800 * units.length), 1);
    for (const r of next.races) copy.set(r.id, r);
    const full = await racesAfter(election.id, null);
    expect(Object.fromEntries(copy)).toEqual(Object.fromEntries(full.races.map((r) => [r.id, r])));
  });

  it("calls the constituency decided only when no vote still to count can change the winner", async () => {
    const election = await currentElection();
    // Each unit leads by 50 of 800 eligible: decided once 50 × counted > 800 × uncounted.
    const decidedAt = units.findIndex((_, k) => 50 * (k + 1) > 800 * (units.length - k - 1));
    for (let k = 1; k < units.length; k++) {
      await verify(units[k]!);
      const call = await areaCall(election.id, "constituency", "10-01");
      if (k < decidedAt) expect(call!.callStatus, `after ${k + 1} units`).toBe("leading");
      if (k >= decidedAt) expect(call!.callStatus, `after ${k + 1} units`).toBe("decided");
    }
    expect(await areaCall(election.id, "constituency", "10-01")).toEqual({
      tabulationStatus: "complete",
      callStatus: "decided",
      projectedCallStatus: "decided",
    });
  }, 300_000);
});
