// The tests' country and election: Bangkok's first constituency (generated, imported) and
// a synthetic election on it, as the integration tests of counts, photos and coupons use.
import { Readable } from "node:stream";
import { pool } from "../../web/db/db.server.ts";
import { generateCountryCsv } from "../../web/geography/generator.ts";
import { importGeographyCsv } from "../../web/geography/import.server.ts";
import { createSyntheticElection } from "../../web/elections/election-generator.sql.server.ts";

export async function seedTestElection(slug: string) {
  const client = await pool().connect();
  try {
    const geo = await importGeographyCsv(
      client,
      Readable.from(generateCountryCsv({ provinces: ["10"], constituenciesPerProvince: 1 })),
    );
    if (!geo.ok) throw new Error(`the test country did not import: ${JSON.stringify(geo)}`);
    await createSyntheticElection(client, {
      slug,
      nameTh: "ทดสอบ",
      nameEn: "Test",
      date: "2027-03-14",
      closesAt: "2027-03-14T17:00:00+07:00",
    });
  } finally {
    client.release();
  }
}

/** Makes a user the reporter placed on a unit in the current election (a volunteer record
 *  of theirs, placed by hand), as the assignment would; slot 1 is the unit's backup. */
export async function placeReporter(userId: string, unitCode: string, slot = 0) {
  const { db } = await import("../../web/db/db.server.ts");
  const { currentElection } = await import("../../web/elections/elections.server.ts");
  const volunteer = await db().volunteer.create({ data: { userId } });
  await db().unitAssignment.create({
    data: { electionId: (await currentElection()).id, unitCode, slot, volunteerId: volunteer.id, source: "manual" },
  });
}

/** An election for photos to belong to: the current one, or a bare one (no contests) for
 *  tests with no election of their own. */
export async function photoElectionId() {
  const { db } = await import("../../web/db/db.server.ts");
  const found = await db().election.findFirst({ orderBy: { createdAt: "asc" } });
  if (found) return found.id;
  const at = new Date("2027-03-14T10:00:00Z");
  return (
    await db().election.create({ data: { slug: "photos", nameTh: "ภาพ", nameEn: "Photos", date: at, closesAt: at } })
  ).id;
}
