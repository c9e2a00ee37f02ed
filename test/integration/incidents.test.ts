// Incidents at the units (issue 42): filed by the unit's placed volunteer with photos that
// go into the anchoring queue like the count's; the same submission once; triaged within
// scope through the state machine with its history; counted for the public without
// anyone's name; kept, nobody's, when the reporter is erased.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../web/db/db.server.ts";
import { currentElection } from "../../web/elections/elections.server.ts";
import {
  actOnIncident,
  fileIncident,
  incidentFor,
  incidentMap,
  incidentSummary,
  incidentQueue,
  incidentStatistics,
  incidentsAtUnit,
  incidentExport,
  INCIDENT_PHOTO,
} from "../../web/incidents/incidents.server.ts";
import { nextIncidentStatus } from "../../web/incidents/incident-machine.ts";
import { storePhoto } from "../../web/tally/photos.server.ts";
import { eraseMe } from "../../web/recruitment/self-service.server.ts";
import { incidentStatisticsSchema } from "../../web/results/feed-schema.ts";
import { userError } from "../support/user-error.ts";
import { placeReporter, seedTestElection } from "../support/election.ts";

type Roles = {
  role: "constituency_head" | "war_room_operator" | "volunteer";
  organisationId: null;
  constituencyId: string | null;
}[];
let unit: string;
let electionId: string;
let reporter: { id: string; roles: Roles },
  head: { id: string; roles: Roles },
  otherHead: { id: string; roles: Roles },
  warRoom: { id: string; roles: Roles },
  stranger: { id: string; roles: Roles };
const JPEG = (text: string) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(text.repeat(40))]);
const report = (over: Partial<Parameters<typeof fileIncident>[2]> = {}) => ({
  submissionId: randomUUID(),
  kind: "photo_blocked" as const,
  severity: "high" as const,
  description: "เจ้าหน้าที่ไม่ให้ถ่ายภาพกระดานนับคะแนน",
  occurredAt: "2027-03-14T17:40",
  ...over,
});

beforeAll(async () => {
  await seedTestElection("incidents");
  electionId = (await currentElection()).id;
  unit = (await db().pollingUnit.findFirstOrThrow({ orderBy: { code: "asc" } })).code;
  const make = async (phone: string, roles: Roles) => ({
    id: (await db().user.create({ data: { phone, displayName: `name ${phone}` } })).id,
    roles,
  });
  reporter = await make("+66892000001", [{ role: "volunteer", organisationId: null, constituencyId: null }]);
  head = await make("+66892000002", [{ role: "constituency_head", organisationId: null, constituencyId: "10-01" }]);
  otherHead = await make("+66892000003", [
    { role: "constituency_head", organisationId: null, constituencyId: "10-02" },
  ]);
  warRoom = await make("+66892000004", [{ role: "war_room_operator", organisationId: null, constituencyId: null }]);
  stranger = await make("+66892000005", [{ role: "volunteer", organisationId: null, constituencyId: null }]);
  await placeReporter(reporter.id, unit);
  await db().organisation.create({ data: { slug: "legal-aid", nameTh: "ทนายอาสา", nameEn: "Legal aid" } });
}, 60_000);

describe("incidents", () => {
  it("are filed by the unit's volunteer with photos queued for anchoring; the same submission is one incident", async () => {
    const photo = await storePhoto(Readable.from([JPEG("incident-photo-")]), {
      electionId,
      unitCode: unit,
      ballot: INCIDENT_PHOTO,
      kind: INCIDENT_PHOTO,
      userId: reporter.id,
    });
    const input = report();
    const first = await fileIncident(reporter, { electionId, unitCode: unit }, input, [photo.id]);
    expect(first.replay).toBe(false);
    expect(first.incident).toMatchObject({ status: "open", constituencyId: "10-01", kind: "photo_blocked" });
    // 17:40 in Bangkok.
    expect(first.incident.occurredAt.toISOString()).toBe("2027-03-14T10:40:00.000Z");
    const again = await fileIncident(reporter, { electionId, unitCode: unit }, input, []);
    expect(again).toMatchObject({ replay: true, incident: { id: first.incident.id } });
    expect(await db().incident.count({ where: { submissionId: input.submissionId } })).toBe(1);
    // The photo belongs to the incident, waiting for the next anchoring batch like the count's.
    const stored = await db().tallyPhoto.findUniqueOrThrow({ where: { id: photo.id } });
    expect(stored).toMatchObject({ incidentId: first.incident.id, kind: "incident", anchorBatchId: null });
    const events = await db().incidentEvent.findMany({ where: { incidentId: first.incident.id } });
    expect(events.map((e) => [e.action, e.toStatus])).toEqual([["filed", "open"]]);
  });

  it("are refused to someone not placed at the unit, and a reused submission id elsewhere", async () => {
    expect(await userError(fileIncident(stranger, { electionId, unitCode: unit }, report()))).toMatchObject({
      status: 403,
      code: "incident.notPlaced",
    });
    const input = report();
    await fileIncident(reporter, { electionId, unitCode: unit }, input);
    expect(await userError(fileIncident(head, { electionId, unitCode: unit }, input))).toMatchObject({
      status: 409,
    });
  });

  it("are triaged in scope through the state machine, each step in the history", async () => {
    const { incident } = await fileIncident(reporter, { electionId, unitCode: unit }, report({ severity: "critical" }));
    // The head of 10-01 and the war room see it; the head of 10-02 does not.
    expect((await incidentQueue(head, electionId)).incidents.map((i) => i.id)).toContain(incident.id);
    expect((await incidentQueue(warRoom, electionId)).incidents[0]!.severity).toBe("critical");
    expect((await incidentQueue(otherHead, electionId)).incidents).toEqual([]);
    expect(await userError(incidentFor(otherHead, incident.id))).toMatchObject({ status: 404 });
    expect(await userError(actOnIncident(otherHead, incident.id, "assign"))).toMatchObject({ status: 404 });

    expect(await actOnIncident(head, incident.id, "assign")).toBe("assigned");
    expect(await userError(actOnIncident(head, incident.id, "escalate"))).toMatchObject({
      code: "incident.chooseOrganisation",
    });
    expect(await actOnIncident(head, incident.id, "escalate", { organisation: "legal-aid", note: "ทนายรับเรื่อง" })).toBe(
      "escalated",
    );
    expect(await userError(actOnIncident(warRoom, incident.id, "reopen"))).toMatchObject({ status: 409 });
    expect(await userError(actOnIncident(warRoom, incident.id, "resolve"))).toMatchObject({
      code: "incident.noteRequired",
    });
    expect(await actOnIncident(warRoom, incident.id, "resolve", { note: "แจ้ง กกต. แล้ว" })).toBe("resolved");
    const { incident: after, names } = await incidentFor(warRoom, incident.id);
    expect(after.events.map((e) => `${e.action}:${e.toStatus}:${names[e.actorId!]}`)).toEqual([
      "filed:open:name +66892000001",
      "assign:assigned:name +66892000002",
      "escalate:escalated:name +66892000002",
      "resolve:resolved:name +66892000004",
    ]);
    expect(after.escalatedToId).not.toBeNull();
    // Resolved ones leave the active queue.
    expect((await incidentQueue(warRoom, electionId)).incidents.map((i) => i.id)).not.toContain(incident.id);
    expect((await incidentQueue(warRoom, electionId, { status: "resolved" })).incidents.map((i) => i.id)).toContain(
      incident.id,
    );
  });

  it("are mapped per constituency: the war room's every one, a head's own among their province's others", async () => {
    const count = (constituencyId: string, active: boolean) =>
      db().incident.count({
        where: { electionId, constituencyId, ...(active ? { status: { not: "resolved" as const } } : {}) },
      });
    const all = (await incidentMap(
      warRoom,
      electionId,
      (await incidentQueue(warRoom, electionId)).byConstituency,
      "th",
    ))!;
    expect(all.areas.map((a) => a.code)).toEqual(
      (
        await db().contestArea.findMany({ where: { electionId, ballot: "constituency" }, orderBy: { code: "asc" } })
      ).map((a) => a.code),
    );
    const first = all.areas.find((a) => a.code === "10-01")!;
    expect(first).toMatchObject({ all: await count("10-01", false), active: await count("10-01", true) });
    expect(first.all).toBeGreaterThan(0);
    const own = (await incidentMap(head, electionId, (await incidentQueue(head, electionId)).byConstituency, "en"))!;
    expect(own.areas.map((a) => a.code)).toEqual(["10-01"]);
    expect(own.areas[0]!.all).toBe(first.all);
    // The boards' summary: the same count of those not yet resolved, the urgent among them.
    expect(await incidentSummary(electionId, "10-01")).toEqual({
      active: first.active,
      urgent: await db().incident.count({
        where: {
          electionId,
          constituencyId: "10-01",
          status: { not: "resolved" },
          severity: { in: ["high", "critical"] },
        },
      }),
    });
    expect((await incidentSummary(electionId)).active).toBe(all.areas.reduce((n, a) => n + a.active, 0));
    // Bangkok's other constituencies drawn blank around it, nothing of other provinces.
    expect(own.context.length).toBeGreaterThan(0);
    expect(own.context.every(([, , province]) => province === "10")).toBe(true);
  });

  it("the machine allows only what follows each state", () => {
    expect(nextIncidentStatus("open", "reopen")).toBeNull();
    expect(nextIncidentStatus("resolved", "assign")).toBeNull();
    expect(nextIncidentStatus("escalated", "note")).toBe("escalated");
    expect(nextIncidentStatus("resolved", "reopen")).toBe("open");
  });

  it("are counted for the public without names, units or times, and outlive their reporter's erasure", async () => {
    const stats = await incidentStatistics(electionId);
    expect(stats.total).toBe(await db().incident.count({ where: { electionId } }));
    expect(stats.byKind.photo_blocked).toBe(stats.total);
    expect(stats.byProvince).toEqual([{ provinceCode: "10", n: stats.total }]);
    const text = JSON.stringify(stats);
    expect(text).not.toContain(unit);
    expect(text).not.toMatch(/\+66|name |description|เจ้าหน้าที่/);
    expect(await incidentsAtUnit(electionId, unit)).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: "photo_blocked", status: "open" })]),
    );

    // The feed's document describes exactly this.
    expect(() => incidentStatisticsSchema.parse({ election: "incidents", ...stats })).not.toThrow();
    // Exports: in scope, with photos' hashes and where it was escalated, never the reporter.
    const rows = await incidentExport(warRoom, electionId);
    expect(rows).toHaveLength(stats.total);
    expect(rows.some((r) => r.escalatedTo === "legal-aid")).toBe(true);
    expect(rows.some((r) => r.photos.length === 1 && /^[0-9a-f]{64}$/.test(r.photos[0]!))).toBe(true);
    expect(JSON.stringify(rows)).not.toMatch(/\+66|reportedBy|name /);
    expect(await incidentExport(otherHead, electionId)).toEqual([]);

    await eraseMe(reporter.id);
    expect(await db().incident.count({ where: { reportedById: reporter.id } })).toBe(0);
    expect(await db().incident.count({ where: { electionId } })).toBe(stats.total);
  });
});
