// Incidents at the units (issue 42): filed by the volunteer placed there (or staff in its
// scope) with photos anchored like the count's; triaged by the constituency's head and the
// war room through a state machine with its history (incident-machine.ts); shown to the
// public only as counts — never who reported what.
import { db } from "../db/db.server.ts";
import { UserError } from "../errors.ts";
import { can, headedConstituencies, type HasRoles } from "../accounts/permissions.ts";
import { mayReport, type User } from "../tally/access.server.ts";
import type { IncidentStatus } from "../generated/prisma/enums.ts";
import { bangkokTime, type IncidentInput } from "./incident-rules.ts";
import { placeAreas } from "../results/map.server.ts";
import { nextIncidentStatus, type IncidentAction } from "./incident-machine.ts";

/** The ballot key incident photos are kept under (TallyPhoto: kind and ballot "incident"). */
export const INCIDENT_PHOTO = "incident";

/** Records an incident at a unit, with the photos stored for it (ids). The same
 *  submission id sent again (a phone that lost the answer) is the same incident. */
export async function fileIncident(
  user: User,
  target: { electionId: string; unitCode: string },
  input: IncidentInput,
  photoIds: string[] = [],
) {
  if (!(await mayReport(user, target.electionId, target.unitCode))) throw new UserError(403, "incident.notPlaced");
  const unit = await db().pollingUnit.findUnique({
    where: { code: target.unitCode },
    select: { constituencyId: true },
  });
  if (!unit) throw new UserError(404, "incident.noUnit");
  const seen = await db().incident.findUnique({ where: { submissionId: input.submissionId } });
  if (seen) {
    if (seen.reportedById !== user.id || seen.unitCode !== target.unitCode)
      throw new UserError(409, "incident.submissionReused");
    return { incident: seen, replay: true };
  }
  const incident = await db().$transaction(async (tx) => {
    const created = await tx.incident.create({
      data: {
        submissionId: input.submissionId,
        electionId: target.electionId,
        unitCode: target.unitCode,
        constituencyId: unit.constituencyId,
        kind: input.kind,
        severity: input.severity,
        description: input.description,
        occurredAt: input.occurredAt ? bangkokTime(input.occurredAt) : new Date(),
        reportedById: user.id,
        events: { create: { action: "filed", toStatus: "open", actorId: user.id } },
      },
    });
    if (photoIds.length)
      await tx.tallyPhoto.updateMany({
        where: { id: { in: photoIds }, kind: INCIDENT_PHOTO, incidentId: null },
        data: { incidentId: created.id },
      });
    return created;
  });
  return { incident, replay: false };
}

/** Who triages: the war room everywhere, a head in the constituencies they head. */
export function mayTriage(user: HasRoles, constituencyId?: string) {
  return can(user, "command:act", constituencyId ? { constituencyId } : {});
}

/** The constituencies a triager sees (null: all of them). */
const triageScope = (user: HasRoles): string[] | null =>
  can(user, "warroom:manage") || can(user, "audit:read") ? null : headedConstituencies(user);

/** The election's incidents a triager may see. */
function inScopeOf(user: HasRoles, electionId: string) {
  const scope = triageScope(user);
  return { electionId, ...(scope ? { constituencyId: { in: scope } } : {}) };
}

export interface QueueFilter {
  status?: IncidentStatus | "active";
  constituencyId?: string;
  kind?: IncidentInput["kind"];
}

/** The triage queue: the caller's incidents, the most severe and oldest first, and the
 *  counts by constituency and state for the map and the tabs. */
export async function incidentQueue(user: HasRoles, electionId: string, filter: QueueFilter = {}) {
  const inScope = inScopeOf(user, electionId);
  const status = filter.status ?? "active";
  const where = {
    ...inScope,
    ...(filter.constituencyId ? { constituencyId: filter.constituencyId } : {}),
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...(status === "active" ? { status: { not: "resolved" as const } } : { status }),
  };
  const [incidents, byConstituency] = await Promise.all([
    db().incident.findMany({
      where,
      orderBy: [{ severity: "desc" }, { occurredAt: "asc" }],
      take: 200,
      select: {
        id: true,
        unitCode: true,
        constituencyId: true,
        kind: true,
        severity: true,
        status: true,
        occurredAt: true,
        assignedToId: true,
        _count: { select: { photos: true } },
      },
    }),
    db().incident.groupBy({ by: ["constituencyId", "status"], where: inScope, _count: { _all: true } }),
  ]);
  // Per constituency: how many are not yet resolved, and all.
  const tally = new Map<string, { active: number; all: number }>();
  for (const c of byConstituency) {
    const row = tally.get(c.constituencyId) ?? { active: 0, all: 0 };
    row.all += c._count._all;
    if (c.status !== "resolved") row.active += c._count._all;
    tally.set(c.constituencyId, row);
  }
  return { incidents, byConstituency: tally };
}

/** One incident for a triager in its scope: what was reported, its photos, its history. */
export async function incidentFor(user: HasRoles, id: string) {
  const incident = await db().incident.findUnique({
    where: { id },
    include: {
      photos: { select: { id: true, sha256: true, anchorBatchId: true }, orderBy: { createdAt: "asc" } },
      events: { orderBy: { createdAt: "asc" } },
    },
  });
  if (!incident || !mayTriage(user, incident.constituencyId)) throw new UserError(404, "incident.notFound");
  const people = await db().user.findMany({
    where: {
      id: {
        in: [incident.reportedById, incident.assignedToId, ...incident.events.map((e) => e.actorId)].filter(
          (v): v is string => !!v,
        ),
      },
    },
    select: { id: true, displayName: true },
  });
  const escalatedTo = incident.escalatedToId
    ? await db().organisation.findUnique({
        where: { id: incident.escalatedToId },
        select: { nameTh: true, nameEn: true },
      })
    : null;
  return { incident, names: Object.fromEntries(people.map((p) => [p.id, p.displayName])), escalatedTo };
}

/** Moves an incident on (assign, escalate to a partner organisation, resolve, reopen, or a
 *  note), recording who, when and why; refuses an action its state does not allow. */
export async function actOnIncident(
  user: HasRoles & { id: string },
  id: string,
  action: IncidentAction,
  details: { note?: string; organisation?: string } = {},
) {
  const incident = await db().incident.findUnique({ where: { id }, select: { status: true, constituencyId: true } });
  if (!incident || !mayTriage(user, incident.constituencyId)) throw new UserError(404, "incident.notFound");
  const to = nextIncidentStatus(incident.status, action);
  if (!to) throw new UserError(409, "incident.notNow", { status: incident.status });
  // Escalated to a partner organisation (by its slug), whose legal team takes it on.
  const organisation =
    action === "escalate" && details.organisation
      ? await db().organisation.findUnique({ where: { slug: details.organisation }, select: { id: true } })
      : null;
  if (action === "escalate" && !organisation) throw new UserError(400, "incident.chooseOrganisation");
  if ((action === "resolve" || action === "note") && !details.note?.trim())
    throw new UserError(400, "incident.noteRequired");
  return db().$transaction(async (tx) => {
    // Only from the state it was read in: two people acting at once, one of them is told.
    const moved = await tx.incident.updateMany({
      where: { id, status: incident.status },
      data: {
        status: to,
        ...(action === "assign" ? { assignedToId: user.id } : {}),
        ...(organisation ? { escalatedToId: organisation.id } : {}),
      },
    });
    if (moved.count !== 1) throw new UserError(409, "incident.notNow", { status: incident.status });
    await tx.incidentEvent.create({
      data: {
        incidentId: id,
        action,
        fromStatus: incident.status,
        toStatus: to,
        actorId: user.id,
        note: details.note?.trim() || null,
      },
    });
    return to;
  });
}

/** The triage map: the caller's constituencies on the equal-area hex map (the war room's
 *  every constituency of the election, a head's theirs among their provinces' others),
 *  each with its incidents not yet resolved and all of them. Null where the election's
 *  constituencies are on no committed layout. */
export async function incidentMap(
  user: HasRoles,
  electionId: string,
  byConstituency: Map<string, { active: number; all: number }>,
  locale: "th" | "en",
) {
  const scope = triageScope(user);
  const areas = await db().contestArea.findMany({
    where: { electionId, ballot: "constituency", ...(scope ? { code: { in: scope } } : {}) },
    select: { code: true, nameTh: true, nameEn: true },
    orderBy: { code: "asc" },
  });
  const placed = placeAreas(
    areas.map((a) => a.code),
    locale,
    scope ? "provinces" : "all",
  );
  if (!placed) return null;
  return {
    areas: placed.areas.map((a, i) => ({
      ...a,
      name: locale === "th" ? areas[i]!.nameTh : areas[i]!.nameEn,
      ...(byConstituency.get(a.code) ?? { active: 0, all: 0 }),
    })),
    context: placed.context,
  };
}
export type IncidentMap = NonNullable<Awaited<ReturnType<typeof incidentMap>>>;

/** How long the public's pages and the feed may show the same counts. */
export const PUBLIC_STATISTICS_TTL_MS = 10_000;

/** What the public sees (issue 42): counts by kind, severity, state and province — no
 *  unit, no time, no one's name. */
export async function incidentStatistics(electionId: string) {
  const [byKind, bySeverity, byStatus, byConstituency] = await Promise.all([
    db().incident.groupBy({ by: ["kind"], where: { electionId }, _count: { _all: true } }),
    db().incident.groupBy({ by: ["severity"], where: { electionId }, _count: { _all: true } }),
    db().incident.groupBy({ by: ["status"], where: { electionId }, _count: { _all: true } }),
    db().incident.groupBy({ by: ["constituencyId"], where: { electionId }, _count: { _all: true } }),
  ]);
  const provinceOf = new Map(
    (
      await db().constituency.findMany({
        where: { id: { in: byConstituency.map((c) => c.constituencyId) } },
        select: { id: true, provinceCode: true },
      })
    ).map((c) => [c.id, c.provinceCode]),
  );
  const byProvince = new Map<string, number>();
  for (const c of byConstituency) {
    const province = provinceOf.get(c.constituencyId) ?? c.constituencyId.slice(0, 2);
    byProvince.set(province, (byProvince.get(province) ?? 0) + c._count._all);
  }
  const counts = <K extends string>(rows: ({ _count: { _all: number } } & Record<string, unknown>)[], key: K) =>
    Object.fromEntries(rows.map((r) => [String(r[key]), r._count._all]));
  return {
    total: byStatus.reduce((n, r) => n + r._count._all, 0),
    byKind: counts(byKind, "kind"),
    bySeverity: counts(bySeverity, "severity"),
    byStatus: counts(byStatus, "status"),
    byProvince: [...byProvince]
      .map(([provinceCode, n]) => ({ provinceCode, n }))
      .sort((a, b) => b.n - a.n || a.provinceCode.localeCompare(b.provinceCode)),
  };
}

/** A unit's incidents for its evidence page: kinds and states counted, no one's name. */
/** For the command boards: incidents not yet resolved, in the election or a constituency,
 *  and how many of those are high or critical. */
export async function incidentSummary(electionId: string, constituencyId?: string) {
  const rows = await db().incident.groupBy({
    by: ["severity"],
    where: { electionId, status: { not: "resolved" }, ...(constituencyId ? { constituencyId } : {}) },
    _count: { _all: true },
  });
  const n = (keep: (severity: string) => boolean) =>
    rows.filter((r) => keep(r.severity)).reduce((sum, r) => sum + r._count._all, 0);
  return { active: n(() => true), urgent: n((s) => s === "high" || s === "critical") };
}

/** The unit's incidents for its head and the war room (their page checks the scope). */
export function unitIncidents(electionId: string, unitCode: string) {
  return db().incident.findMany({
    where: { electionId, unitCode },
    orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
    select: { id: true, kind: true, severity: true, status: true, occurredAt: true },
  });
}

export async function incidentsAtUnit(electionId: string, unitCode: string) {
  const rows = await db().incident.groupBy({
    by: ["kind", "status"],
    where: { electionId, unitCode },
    _count: { _all: true },
  });
  return rows.map((r) => ({ kind: r.kind, status: r.status, n: r._count._all }));
}

/** The incidents in the caller's scope for export (CSV, JSON): what happened where and
 *  when, its state, where it was escalated, its photos' hashes (to check on the audit
 *  page) — never who reported it. */
export async function incidentExport(user: HasRoles, electionId: string) {
  const rows = await db().incident.findMany({
    where: inScopeOf(user, electionId),
    orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      unitCode: true,
      constituencyId: true,
      kind: true,
      severity: true,
      status: true,
      description: true,
      occurredAt: true,
      createdAt: true,
      escalatedToId: true,
      photos: { select: { sha256: true }, orderBy: { createdAt: "asc" } },
    },
  });
  const organisations = new Map(
    (await db().organisation.findMany({ select: { id: true, slug: true } })).map((o) => [o.id, o.slug]),
  );
  return rows.map(({ photos, escalatedToId, occurredAt, createdAt, ...r }) => ({
    ...r,
    occurredAt: occurredAt.toISOString(),
    reportedAt: createdAt.toISOString(),
    escalatedTo: escalatedToId ? (organisations.get(escalatedToId) ?? null) : null,
    photos: photos.map((p) => p.sha256),
  }));
}

export const INCIDENT_EXPORT_COLUMNS = [
  "id",
  "unitCode",
  "constituencyId",
  "kind",
  "severity",
  "status",
  "occurredAt",
  "reportedAt",
  "escalatedTo",
  "description",
  "photos",
] as const;
