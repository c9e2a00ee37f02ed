// What the assignment pages show: a volunteer's own unit, a constituency's units, one
// unit with its history and who could take it.
import { db } from "../db/db.server.ts";
import { availableWithNames } from "./assignment.sql.server.ts";
import { UserError } from "../errors.ts";
import { thaiPlace } from "../geography/address.ts";

/** The name a volunteer gave (their earliest approved affiliation), for staff lists. */
async function namesOf(volunteerIds: string[]) {
  if (!volunteerIds.length) return new Map<string, string>();
  const rows = await db().affiliation.findMany({
    where: { volunteerId: { in: volunteerIds } },
    orderBy: [{ status: "asc" }, { createdAt: "asc" }],
    select: { volunteerId: true, fullName: true },
  });
  const names = new Map<string, string>();
  for (const r of rows) if (!names.has(r.volunteerId)) names.set(r.volunteerId, r.fullName);
  return names;
}

export function mapLink(lat: number | null, lon: number | null) {
  return lat != null && lon != null
    ? `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`
    : null;
}

export async function unitWithPlace(code: string) {
  const unit = await db().pollingUnit.findUnique({
    where: { code },
    include: { subdistrict: { include: { district: { include: { province: true } } } } },
  });
  if (!unit) return null;
  const s = unit.subdistrict;
  return {
    code: unit.code,
    kind: unit.kind,
    number: unit.number,
    constituencyId: unit.constituencyId,
    locationName: unit.locationName,
    addressTh: `${unit.locationName} ${thaiPlace({
      subdistrictTh: s.nameTh,
      districtTh: s.district.nameTh,
      provinceTh: s.district.province.nameTh,
      provinceCode: s.district.province.code,
    })}`,
    addressEn: `${unit.locationName}, ${s.nameEn}, ${s.district.nameEn}, ${s.district.province.nameEn}`,
    mapUrl: mapLink(unit.latitude, unit.longitude),
    version: unit.assignmentVersion,
  };
}

/** A volunteer's places, one per election they serve (the latest election first), each
 *  with its unit's place. */
export async function myAssignments(volunteerId: string) {
  const rows = await db().unitAssignment.findMany({
    where: { volunteerId },
    include: { election: true },
    orderBy: [{ election: { date: "desc" } }, { election: { createdAt: "asc" } }],
  });
  const out = [];
  for (const a of rows) {
    const unit = await unitWithPlace(a.unitCode);
    if (unit)
      out.push({
        ...unit,
        slot: a.slot,
        status: a.status,
        election: { id: a.election.id, slug: a.election.slug, nameTh: a.election.nameTh, nameEn: a.election.nameEn },
      });
  }
  return out;
}

/** A constituency's units in the election, with who is placed on each. */
export async function constituencyDashboard(
  electionId: string,
  constituencyId: string,
  filter: { notAccepted?: boolean } = {},
) {
  const constituency = await db().constituency.findUnique({
    where: { id: constituencyId },
    include: { province: true },
  });
  if (!constituency) throw new UserError(404, "assignment.noUnit");
  const all = await db().pollingUnit.findMany({
    where: { constituencyId },
    orderBy: { code: "asc" },
    select: { code: true, number: true, locationName: true, subdistrictCode: true, assignmentVersion: true },
  });
  // The election's units only (a by-election holds a few): looked up by code, which is
  // indexed (a prefix match scanned every unit of the election).
  const inElection = new Set(
    (
      await db().areaUnit.findMany({
        where: { electionId, unitCode: { in: all.map((u) => u.code) } },
        select: { unitCode: true },
        distinct: ["unitCode"],
      })
    ).map((u) => u.unitCode),
  );
  const units = all.filter((u) => inElection.has(u.code));
  const assignments = await db().unitAssignment.findMany({
    where: { electionId, unitCode: { in: units.map((u) => u.code) } },
  });
  const names = await namesOf(assignments.map((a) => a.volunteerId));
  const bySlot = new Map(
    assignments.map((a) => [
      `${a.unitCode}#${a.slot}`,
      { volunteerId: a.volunteerId, name: names.get(a.volunteerId) ?? "—", status: a.status },
    ]),
  );
  const rows = units.map((u) => ({
    ...u,
    reporter: bySlot.get(`${u.code}#0`) ?? null,
    backup: bySlot.get(`${u.code}#1`) ?? null,
  }));
  const counts = {
    units: rows.length,
    reporters: rows.filter((r) => r.reporter).length,
    backups: rows.filter((r) => r.backup).length,
    accepted: rows.filter((r) => r.reporter?.status === "accepted").length,
  };
  const team = await db().constituencyTeamMember.findMany({ where: { constituencyId }, orderBy: { createdAt: "asc" } });
  const teamNames = await namesOf(team.map((m) => m.volunteerId));
  return {
    constituency: {
      id: constituency.id,
      number: constituency.number,
      provinceTh: constituency.province.nameTh,
      provinceEn: constituency.province.nameEn,
    },
    counts,
    units: filter.notAccepted
      ? rows.filter(
          (r) => (r.reporter && r.reporter.status !== "accepted") || (r.backup && r.backup.status !== "accepted"),
        )
      : rows,
    team: team.map((m) => ({ volunteerId: m.volunteerId, name: teamNames.get(m.volunteerId) ?? "—" })),
  };
}

/** One unit in the election: its slots, its history, and who in its province could take
 *  a slot. */
export async function unitDetail(electionId: string, code: string) {
  const unit = await unitWithPlace(code);
  if (!unit) throw new UserError(404, "assignment.noUnit");
  const [assignments, events, inElection] = await Promise.all([
    db().unitAssignment.findMany({ where: { electionId, unitCode: code } }),
    db().assignmentEvent.findMany({
      where: { electionId, unitCode: code },
      orderBy: { createdAt: "desc" },
      take: 50,
    }),
    db().areaUnit.findFirst({ where: { electionId, unitCode: code }, select: { unitCode: true } }),
  ]);
  if (!inElection) throw new UserError(404, "assignment.noUnit");
  const raw = await db().pollingUnit.findUniqueOrThrow({ where: { code } });
  const province = raw.constituencyId.slice(0, 2);
  const available = await availableWithNames(electionId, province);
  const rank = (c: (typeof available)[number]) =>
    c.subdistrictCode === raw.subdistrictCode
      ? 0
      : c.districtCode === raw.subdistrictCode.slice(0, 4)
        ? 1
        : c.constituencyId === raw.constituencyId
          ? 2
          : 3;
  available.sort((a, b) => rank(a) - rank(b) || a.fullName.localeCompare(b.fullName, "th"));
  const names = await namesOf([...assignments.map((a) => a.volunteerId), ...events.map((e) => e.volunteerId)]);
  const actors = await db().user.findMany({
    where: { id: { in: events.flatMap((e) => (e.actorId ? [e.actorId] : [])) } },
    select: { id: true, displayName: true },
  });
  const actorName = new Map(actors.map((a) => [a.id, a.displayName]));
  return {
    unit,
    slots: [0, 1].map((slot) => {
      const a = assignments.find((x) => x.slot === slot);
      return {
        slot,
        volunteerId: a?.volunteerId ?? null,
        name: a ? (names.get(a.volunteerId) ?? "—") : null,
        status: a?.status ?? null,
      };
    }),
    history: events.map((e) => ({
      id: e.id,
      at: e.createdAt.toISOString(),
      slot: e.slot,
      action: e.action,
      source: e.source,
      reason: e.reason,
      volunteer: names.get(e.volunteerId) ?? "—",
      actor: e.actorId ? (actorName.get(e.actorId) ?? null) : null,
    })),
    available: available
      .slice(0, 200)
      .map((c) => ({ volunteerId: c.volunteerId, fullName: c.fullName, level: rank(c) })),
  };
}

/** Volunteers who offered to join a constituency team there (approved), not yet in it. */
export async function teamCandidates(constituencyId: string) {
  const rows = await db().affiliation.findMany({
    where: {
      constituencyId,
      status: "approved",
      tiers: { has: "constituency_team" },
      volunteer: { teams: { none: { constituencyId } }, erasedAt: null },
    },
    orderBy: { fullName: "asc" },
    distinct: ["volunteerId"],
    take: 200,
    select: { volunteerId: true, fullName: true },
  });
  return rows;
}
