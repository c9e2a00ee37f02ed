// Tally entries and their verification. An entry is never changed; a unit ballot's
// result is a small state machine (reported → verified | disputed → escalated →
// verified) recomputed from its entries, and every change of it is a ResultEvent.
import { db, pool } from "../db/db.server.ts";
import { getConfig } from "../config/config.server.ts";
import { can, type HasRoles } from "../accounts/permissions.ts";
import { UserError } from "../errors.ts";
import type { ResultStatus } from "../generated/prisma/enums.ts";
import { checkTally, fingerprintOf, readFigures, type Ballot } from "./tally-rules.ts";
import { moveVerified, sqlOf, sqlOfTx, type Sql } from "./totals.server.ts";

type User = HasRoles & { id: string };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Election night reads the same few rows for every entry: keep them a few seconds.
const cache = new Map<string, { until: number; value: Promise<unknown> }>();
function cached<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) return hit.value as Promise<T>;
  const value = load();
  cache.set(key, { until: Date.now() + ttlMs, value });
  value.catch(() => cache.delete(key));
  return value;
}

export async function currentElection() {
  const election = await cached("election", 5_000, () => db().election.findFirst({ orderBy: { date: "desc" } }));
  if (!election) {
    cache.delete("election");
    throw new UserError(404, "tally.noElection");
  }
  return election;
}

const unitExists = (code: string) => cached(`unit:${code}`, 10 * 60_000, async () => !!(await db().pollingUnit.findUnique({ where: { code }, select: { code: true } })));

const constituencyOf = (unitCode: string) => unitCode.slice(0, 5);

/** The numbers that can receive votes on this ballot at this unit, with their names. */
export function ballotChoices(electionId: string, unitCode: string, ballot: Ballot) {
  return cached(`choices:${electionId}:${ballot === "party_list" ? "" : constituencyOf(unitCode)}:${ballot}`, 30_000, () => loadChoices(electionId, unitCode, ballot));
}

async function loadChoices(electionId: string, unitCode: string, ballot: Ballot) {
  if (ballot === "party_list") {
    const parties = await db().party.findMany({ where: { electionId }, orderBy: { number: "asc" } });
    return parties.map((p) => ({ number: p.number, nameTh: p.nameTh, nameEn: p.nameEn, colour: p.colour }));
  }
  const candidates = await db().candidate.findMany({ where: { electionId, constituencyId: constituencyOf(unitCode) }, orderBy: { number: "asc" }, include: { party: true } });
  return candidates.map((c) => ({ number: c.number, nameTh: `${c.nameTh}${c.party ? ` (${c.party.nameTh})` : ""}`, nameEn: `${c.nameTh}${c.party ? ` (${c.party.nameEn})` : ""}`, colour: c.party?.colour ?? "#888888" }));
}

/** Staff who may key figures for a unit: its constituency's head and team's staff, the war room. */
export function isStaffFor(user: User, unitCode: string) {
  return can(user, "constituency:manage", { constituencyId: constituencyOf(unitCode) }) || can(user, "warroom:verify");
}

/** The unit's assigned reporters (reporter or backup), and staff in scope. */
export async function mayReport(user: User, unitCode: string) {
  if (isStaffFor(user, unitCode)) return true;
  const mine = await db().unitAssignment.findFirst({ where: { unitCode, volunteer: { userId: user.id } } });
  return !!mine;
}

export interface EntryInput {
  submissionId: string;
  unitCode: string;
  ballot: Ballot;
  /** "reporter": from the unit; "blind": keyed from the photos by staff who cannot see other entries. */
  source: "reporter" | "blind";
  fields: Record<string, unknown>;
  photoIds?: string[];
}

/** Every check an entry must pass, without writing anything (the report form runs it
 *  before storing photos, so that a refused count leaves nothing behind). */
export async function prepareEntry(user: User, input: EntryInput) {
  if (!UUID.test(input.submissionId)) throw new UserError(400, "tally.badSubmission");
  if (!/^\d{2}-\d{2}-\d{6}-\d{3}$/.test(input.unitCode)) throw new UserError(404, "tally.noUnit");
  const election = await currentElection();
  if (!(await unitExists(input.unitCode))) throw new UserError(404, "tally.noUnit");
  if (input.source === "blind" ? !isStaffFor(user, input.unitCode) : !(await mayReport(user, input.unitCode))) {
    throw new UserError(403, "tally.notYourUnit");
  }
  const choices = await ballotChoices(election.id, input.unitCode, input.ballot);
  const { figures, bad } = readFigures(input.fields, choices.map((c) => c.number));
  if (bad.length) throw new UserError(400, bad.some((b) => b.startsWith("vote_") && !(b.slice(5) in figures.votes)) ? "tally.unknownNumber" : "tally.notNumber", { field: bad[0]! });
  const { breaks, flags } = checkTally(figures, { turnoutFlagPercent: getConfig().TURNOUT_FLAG_PERCENT });
  if (breaks.length) throw new UserError(422, `tallyRules.${breaks[0]!.code}`, breaks[0]!.params ?? {});
  return { election, figures, flags, fingerprint: fingerprintOf(figures) };
}

/** Records an entry (or, for a submission id already seen with the same figures, returns
 *  it again) and updates the unit's result. Refuses with a 4xx, writing nothing, when a
 *  rule is broken. This is election night's hot path: plain SQL on one connection. */
export async function submitEntry(user: User, input: EntryInput) {
  const { election, figures, flags, fingerprint } = await prepareEntry(user, input);
  const client = await pool().connect();
  const sql = sqlOf(client);
  try {
    await client.query("BEGIN");
    // One unit ballot at a time: entries arriving together are compared in order.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`tally:${election.id}:${input.unitCode}:${input.ballot}`]);
    const earlier = await sql<EntryRow>(
      `SELECT id, "enteredById", fingerprint, flags FROM "TallyEntry" WHERE "electionId" = $1 AND "unitCode" = $2 AND ballot = $3::"BallotKind" ORDER BY "createdAt", id`,
      [election.id, input.unitCode, input.ballot],
    );
    const inserted = await sql<{ id: string; createdAt: Date }>(
      `INSERT INTO "TallyEntry" (id, "submissionId", "electionId", "unitCode", ballot, source, "enteredById", eligible, voters, "ballotsReceived", "ballotsUsed", "ballotsLeftOver", invalid, "voteNo", votes, flags, fingerprint)
       VALUES (gen_random_uuid(), $1, $2, $3, $4::"BallotKind", $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT ("submissionId") DO NOTHING RETURNING id, "createdAt"`,
      [input.submissionId, election.id, input.unitCode, input.ballot, earlier.some((e) => e.enteredById === user.id) ? "correction" : input.source, user.id,
        figures.eligible, figures.voters, figures.ballotsReceived, figures.ballotsUsed, figures.ballotsLeftOver, figures.invalid, figures.voteNo, JSON.stringify(figures.votes), flags, fingerprint],
    );
    if (!inserted[0]) {
      // A retry from a bad network: the same record, not a second one.
      const [seen] = await sql<{ id: string; enteredById: string; unitCode: string; ballot: string; fingerprint: string }>(
        `SELECT id, "enteredById", "unitCode", ballot, fingerprint FROM "TallyEntry" WHERE "submissionId" = $1`, [input.submissionId],
      );
      await client.query("ROLLBACK");
      if (seen && seen.enteredById === user.id && seen.unitCode === input.unitCode && seen.ballot === input.ballot && seen.fingerprint === fingerprint) {
        const result = await db().unitResult.findUnique({ where: { electionId_unitCode_ballot: { electionId: election.id, unitCode: input.unitCode, ballot: input.ballot } } });
        return { entry: { id: seen.id }, replay: true, status: result?.status };
      }
      throw new UserError(409, "tally.submissionReused");
    }
    const entry = { id: inserted[0].id, enteredById: user.id, fingerprint, flags };
    if (input.photoIds?.length) {
      await sql(`UPDATE "TallyPhoto" SET "entryId" = $1 WHERE id = ANY($2::uuid[]) AND "unitCode" = $3 AND "entryId" IS NULL`, [entry.id, input.photoIds, input.unitCode]);
    }
    const status = await recompute(sql, election.id, input.unitCode, input.ballot, user.id, [...earlier, entry]);
    await client.query("COMMIT");
    return { entry: { id: entry.id, flags }, replay: false, status };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

interface EntryRow {
  id: string;
  enteredById: string;
  fingerprint: string;
  flags: string[];
}

/** The result from the entries: each person's latest entry counts; two people agreeing
 *  exactly, and nobody disagreeing, verify it; any disagreement, or a flagged lone entry,
 *  disputes it. */
async function recompute(sql: Sql, electionId: string, unitCode: string, ballot: Ballot, actorId: string, entries: EntryRow[]): Promise<ResultStatus> {
  const latest = new Map<string, EntryRow>();
  for (const e of entries) latest.set(e.enteredById, e);
  const people = [...latest.values()];
  const byFingerprint = new Map<string, EntryRow[]>();
  for (const e of people) byFingerprint.set(e.fingerprint, [...(byFingerprint.get(e.fingerprint) ?? []), e]);
  const agreed = byFingerprint.size === 1 ? [...byFingerprint.values()].find((group) => group.length >= 2) : undefined;
  const [current] = await sql<{ status: ResultStatus; verifiedEntryId: string | null }>(
    `SELECT status, "verifiedEntryId" FROM "UnitResult" WHERE "electionId" = $1 AND "unitCode" = $2 AND ballot = $3::"BallotKind"`, [electionId, unitCode, ballot],
  );
  let status: ResultStatus;
  let verifiedEntryId: string | null = null;
  if (agreed) {
    status = "verified";
    verifiedEntryId = agreed[0]!.id;
  } else if (people.length >= 2) {
    status = current?.status === "escalated" ? "escalated" : "disputed";
    verifiedEntryId = current?.verifiedEntryId ?? null; // the last verified figures stay until the review
  } else {
    status = people[0]!.flags.length ? "disputed" : "reported";
  }
  if (current?.status !== status || (current?.verifiedEntryId ?? null) !== verifiedEntryId) {
    if (verifiedEntryId) await moveVerified(sql, electionId, unitCode, ballot, current?.verifiedEntryId ?? null, verifiedEntryId);
    await sql(
      `INSERT INTO "UnitResult" ("electionId", "unitCode", ballot, status, "verifiedEntryId", "updatedAt") VALUES ($1, $2, $3::"BallotKind", $4::"ResultStatus", $5, now())
       ON CONFLICT ("electionId", "unitCode", ballot) DO UPDATE SET status = EXCLUDED.status, "verifiedEntryId" = EXCLUDED."verifiedEntryId", "updatedAt" = now()`,
      [electionId, unitCode, ballot, status, verifiedEntryId],
    );
    await sql(
      `INSERT INTO "ResultEvent" (id, "electionId", "unitCode", ballot, "fromStatus", "toStatus", "entryId", "actorId", reason)
       VALUES (gen_random_uuid(), $1, $2, $3::"BallotKind", $4::"ResultStatus", $5::"ResultStatus", $6, $7, 'entry')`,
      [electionId, unitCode, ballot, current?.status ?? null, status, verifiedEntryId ?? latest.get(actorId)?.id ?? null, actorId],
    );
  }
  return status;
}

// ---------- the review queue ----------

/** Disputed and escalated results the user may act on: a head sees their constituency's
 *  disputes; the war room sees everything. */
export async function reviewQueue(user: User, take = 50) {
  const election = await currentElection();
  const warRoom = can(user, "warroom:verify");
  const heads = user.roles.flatMap((r) => (r.role === "constituency_head" && r.constituencyId ? [r.constituencyId] : []));
  if (!warRoom && !heads.length) throw new UserError(403, "tally.notYourUnit");
  const results = await db().unitResult.findMany({
    where: {
      electionId: election.id,
      status: warRoom ? { in: ["disputed", "escalated"] } : "disputed",
      ...(warRoom ? {} : { OR: heads.map((c) => ({ unitCode: { startsWith: `${c}-` } })) }),
    },
    orderBy: [{ status: "desc" }, { updatedAt: "asc" }],
    take,
  });
  return Promise.all(results.map(async (r) => ({ ...r, ...(await resultDetail(election.id, r.unitCode, r.ballot)) })));
}

export async function resultDetail(electionId: string, unitCode: string, ballot: Ballot) {
  const [entries, photos, events] = await Promise.all([
    db().tallyEntry.findMany({ where: { electionId, unitCode, ballot }, orderBy: { createdAt: "asc" } }),
    db().tallyPhoto.findMany({ where: { unitCode, ballot }, orderBy: { createdAt: "asc" } }),
    db().resultEvent.findMany({ where: { electionId, unitCode, ballot }, orderBy: { createdAt: "asc" } }),
  ]);
  return { entries, photos, events };
}

/** A head (disputes in their constituency) or the war room (anything) picks the entry that
 *  is right, with a reason. */
export async function resolveResult(user: User, unitCode: string, ballot: Ballot, entryId: string, reason: string) {
  if (!reason.trim()) throw new UserError(400, "assignment.reasonRequired");
  const election = await currentElection();
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`tally:${election.id}:${unitCode}:${ballot}`}))`;
    const result = await tx.unitResult.findUnique({ where: { electionId_unitCode_ballot: { electionId: election.id, unitCode, ballot } } });
    if (!result) throw new UserError(404, "tally.noUnit");
    const warRoom = can(user, "warroom:verify");
    const head = can(user, "constituency:manage", { constituencyId: constituencyOf(unitCode) });
    if (!(warRoom || (head && result.status !== "escalated"))) throw new UserError(403, "tally.notYourUnit");
    const entry = await tx.tallyEntry.findFirst({ where: { id: entryId, electionId: election.id, unitCode, ballot } });
    if (!entry) throw new UserError(400, "tally.badSubmission");
    await moveVerified(sqlOfTx(tx), election.id, unitCode, ballot, result.verifiedEntryId, entry.id);
    await tx.unitResult.update({ where: { electionId_unitCode_ballot: { electionId: election.id, unitCode, ballot } }, data: { status: "verified", verifiedEntryId: entry.id } });
    await tx.resultEvent.create({ data: { electionId: election.id, unitCode, ballot, fromStatus: result.status, toStatus: "verified", entryId: entry.id, actorId: user.id, reason: reason.trim() } });
  });
}

/** A head sends a dispute to the war room. */
export async function escalateResult(user: User, unitCode: string, ballot: Ballot, reason: string) {
  if (!reason.trim()) throw new UserError(400, "assignment.reasonRequired");
  if (!can(user, "constituency:manage", { constituencyId: constituencyOf(unitCode) })) throw new UserError(403, "tally.notYourUnit");
  const election = await currentElection();
  const result = await db().unitResult.findUnique({ where: { electionId_unitCode_ballot: { electionId: election.id, unitCode, ballot } } });
  if (!result || result.status !== "disputed") throw new UserError(409, "tally.notDisputed");
  await db().$transaction([
    db().unitResult.update({ where: { electionId_unitCode_ballot: { electionId: election.id, unitCode, ballot } }, data: { status: "escalated" } }),
    db().resultEvent.create({ data: { electionId: election.id, unitCode, ballot, fromStatus: "disputed", toStatus: "escalated", actorId: user.id, reason: reason.trim() } }),
  ]);
}

/** Units with no report for a ballot N minutes after the boxes closed go to the war
 *  room's queue (escalated, with the reason). Idempotent: run it every minute. */
export async function escalateMissingReports(now = new Date()) {
  const election = await currentElection().catch(() => null);
  if (!election) return 0;
  const after = new Date(election.closesAt.getTime() + getConfig().MISSING_REPORT_MINUTES * 60_000);
  if (now < after) return 0;
  const rows = await db().$queryRaw<{ unitCode: string; ballot: Ballot }[]>`
    WITH missing AS (
      INSERT INTO "UnitResult" ("electionId", "unitCode", ballot, status, "updatedAt")
      SELECT ${election.id}::uuid, u.code, b.ballot::"BallotKind", 'escalated', now()
        FROM "PollingUnit" u CROSS JOIN (VALUES ('constituency'), ('party_list')) AS b(ballot)
       WHERE NOT EXISTS (SELECT 1 FROM "TallyEntry" e WHERE e."electionId" = ${election.id}::uuid AND e."unitCode" = u.code AND e.ballot = b.ballot::"BallotKind")
      ON CONFLICT DO NOTHING
      RETURNING "unitCode", ballot
    ), history AS (
      INSERT INTO "ResultEvent" (id, "electionId", "unitCode", ballot, "toStatus", reason)
      SELECT gen_random_uuid(), ${election.id}::uuid, "unitCode", ballot, 'escalated', 'no report' FROM missing
    )
    SELECT "unitCode", ballot FROM missing`;
  return rows.length;
}
