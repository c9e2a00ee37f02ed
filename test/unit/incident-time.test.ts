// An incident's time as volunteers write it on a phone (issue 42): a time alone is today in
// Bangkok — or yesterday when today's is still to come — and a day may be written the Thai
// way; what is no time, or a time to come, is refused.
import { describe, expect, it } from "vitest";
import { incidentLocalTime, incidentSchema } from "../../web/incidents/incident-rules.ts";

// 18:05 on 14 March 2027 in Bangkok.
const now = new Date("2027-03-14T11:05:00Z");

describe("an incident's time", () => {
  it("reads a time alone as today in Bangkok, in either way of writing it", () => {
    expect(incidentLocalTime("17:40", now)).toBe("2027-03-14T17:40");
    expect(incidentLocalTime("17.40 น.", now)).toBe("2027-03-14T17:40");
    expect(incidentLocalTime("9.05", now)).toBe("2027-03-14T09:05");
  });

  it("takes a time still to come today as yesterday's (a report arriving after midnight)", () => {
    const justAfterMidnight = new Date("2027-03-14T17:10:00Z"); // 00:10 on the 15th
    expect(incidentLocalTime("23:50", justAfterMidnight)).toBe("2027-03-14T23:50");
    expect(incidentLocalTime("18:10", now)).toBe("2027-03-14T18:10"); // minutes ahead: a phone's clock
    expect(incidentLocalTime("19:30", now)).toBe("2027-03-13T19:30");
  });

  it("reads a day written the Thai way, or ISO, and refuses a day to come or no time", () => {
    expect(incidentLocalTime("13/3/2570 08:15", now)).toBe("2027-03-13T08:15");
    expect(incidentLocalTime("13/03/2027 08.15", now)).toBe("2027-03-13T08:15");
    expect(incidentLocalTime("2027-03-14T17:40", now)).toBe("2027-03-14T17:40");
    expect(incidentLocalTime("15/3/2570 08:15", now)).toBeNull();
    expect(incidentLocalTime("31/2/2570 08:15", now)).toBeNull();
    expect(incidentLocalTime("25:10", now)).toBeNull();
    expect(incidentLocalTime("บ่ายสาม", now)).toBeNull();
  });

  it("leaves an empty time to the moment it is sent, and names the field when it is no time", () => {
    const base = { submissionId: crypto.randomUUID(), kind: "other", severity: "low", description: "ทดสอบ" };
    expect(incidentSchema.parse({ ...base, occurredAt: "" }).occurredAt).toBeUndefined();
    const refused = incidentSchema.safeParse({ ...base, occurredAt: "เมื่อเช้า" });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues[0]).toMatchObject({ path: ["occurredAt"], message: "incident.errors.occurredAt" });
  });
});
