// Streamed import of an organisation's roster CSV. Unlike the geography import, valid
// rows are kept and invalid ones reported: rows are checked one by one, then written
// in batches (one transaction each) that find people again by the keyed hash of their
// national ID or by their phone. Re-importing the same file changes nothing: every
// write is an upsert that only touches rows whose values differ.
import { randomUUID } from "node:crypto";
import type { Readable, Writable } from "node:stream";
import { csvRecords, readHeader } from "../csv/records.ts";
import { stringify } from "csv-stringify/sync";
import type pg from "pg";
import { nationalIdHash } from "../accounts/secrets.server.ts";
import { tFor } from "../i18n/i18n.ts";
import { ROSTER_COLUMNS, validateRosterRow, type AreaCodes, type RosterRow, type RowProblem } from "./roster-csv.ts";

export interface RosterLineError extends RowProblem {
  line: number;
}

export interface RosterImportSummary {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  invalid: number;
  /** Set when the file as a whole was refused (no header, no rows): nothing was written. */
  failure?: string;
  /** The first problems, for the page; the error file has them all. */
  errors: RosterLineError[];
}

export interface RosterImportOptions {
  organisationId: string;
  actorId: string | null;
  minAge: number;
  onProgress?: (p: { bytesRead: number; rowsRead: number }) => void | Promise<void>;
  /** Receives the error file (CSV, UTF-8 with BOM so spreadsheet programs show Thai). */
  errorFile?: Writable;
  batchSize?: number;
}

const SHOWN_ERRORS = 200;
const ERROR_FILE_COLUMNS = [
  "line",
  "problem_th",
  "problem_en",
  "full_name",
  "phone",
  "national_id_last4",
  "birth_date",
  "province_code",
  "constituency",
  "subdistrict_code",
  "tiers",
  "status",
];

type Staged = RosterRow & { line: number; hash: string };

export async function loadAreaCodes(client: pg.PoolClient | pg.Client): Promise<AreaCodes> {
  // One client runs one query at a time.
  const p = await client.query<{ code: string }>(`SELECT code FROM "Province"`);
  const c = await client.query<{ code: string }>(`SELECT id AS code FROM "Constituency"`);
  const s = await client.query<{ code: string }>(`SELECT code FROM "Subdistrict"`);
  const set = (r: pg.QueryResult<{ code: string }>) => new Set(r.rows.map((x) => x.code));
  return { provinces: set(p), constituencies: set(c), subdistricts: set(s) };
}

export async function importRosterCsv(
  client: pg.PoolClient | pg.Client,
  input: Readable,
  opts: RosterImportOptions,
): Promise<RosterImportSummary> {
  const th = tFor("th");
  const en = tFor("en");
  const summary: RosterImportSummary = { rows: 0, created: 0, updated: 0, unchanged: 0, invalid: 0, errors: [] };
  const today = new Date();
  const areas = await loadAreaCodes(client);
  const batchSize = opts.batchSize ?? 1000;

  const report = (line: number, problems: RowProblem[], raw: Record<string, string> = {}) => {
    summary.invalid++;
    for (const p of problems) if (summary.errors.length < SHOWN_ERRORS) summary.errors.push({ line, ...p });
    if (!opts.errorFile) return;
    const digits = (raw.national_id ?? "").replace(/\D/g, "");
    opts.errorFile.write(
      stringify([
        [
          line,
          problems.map((p) => th(`rosterErrors.${p.code}`, p.params)).join("; "),
          problems.map((p) => en(`rosterErrors.${p.code}`, p.params)).join("; "),
          raw.full_name ?? "",
          raw.phone ?? "",
          digits.slice(-4),
          raw.birth_date ?? "",
          raw.province_code ?? "",
          raw.constituency ?? "",
          raw.subdistrict_code ?? "",
          raw.tiers ?? "",
          raw.status ?? "",
        ],
      ]),
    );
  };
  opts.errorFile?.write("\uFEFF" + stringify([ERROR_FILE_COLUMNS]));

  const firstLineOfPhone = new Map<string, number>();
  const firstLineOfId = new Map<string, number>();
  let batch: (Staged & { raw: Record<string, string> })[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const result = await writeBatch(client, opts.organisationId, opts.actorId, batch);
    summary.created += result.created;
    summary.updated += result.updated;
    for (const { index, problem } of result.conflicts) report(batch[index]!.line, [problem], batch[index]!.raw);
    batch = [];
  };

  let header: string[] | null = null;
  let bytesRead = 0;
  try {
    for await (const { record, line, bytes } of csvRecords(input, 16 * 1024)) {
      bytesRead = bytes;
      if (!header) {
        const read = readHeader(record, ROSTER_COLUMNS);
        header = read.header;
        const missing = read.missing;
        if (missing.length) {
          summary.failure = "missingColumns";
          summary.errors.push({ line, code: "missingColumns", params: { columns: missing.join(", ") } });
          return summary;
        }
        continue;
      }
      summary.rows++;
      const raw = Object.fromEntries(header.map((h, i) => [h, record[i] ?? ""]));
      if (record.length !== header.length) {
        report(line, [{ code: "fieldCount", params: { count: record.length, expected: header.length } }], raw);
        continue;
      }
      const checked = validateRosterRow(raw, areas, { minAge: opts.minAge, today });
      if (!checked.row) {
        report(line, checked.problems, raw);
        continue;
      }
      const hash = nationalIdHash(checked.row.nationalId);
      const sameId = firstLineOfId.get(hash);
      const samePhone = firstLineOfPhone.get(checked.row.phone);
      if (sameId !== undefined || samePhone !== undefined) {
        report(line, [{ code: "duplicateInFile", params: { first: (sameId ?? samePhone)! } }], raw);
        continue;
      }
      firstLineOfId.set(hash, line);
      firstLineOfPhone.set(checked.row.phone, line);
      batch.push({ ...checked.row, line, hash, raw });
      if (batch.length >= batchSize) {
        await flush();
        await opts.onProgress?.({ bytesRead, rowsRead: summary.rows });
      }
    }
  } catch (error) {
    // csv-parse names the line of malformed quoting or an oversized record; rows before it are kept.
    const e = error as { lines?: number; message?: string };
    report(e.lines ?? summary.rows + 2, [
      { code: "badCsv", params: { detail: (e.message ?? String(error)).slice(0, 200) } },
    ]);
  }
  await flush();
  if (!header) {
    summary.failure = "emptyFile";
    summary.errors.push({ line: 1, code: "emptyFile" });
  } else if (summary.rows === 0) {
    summary.failure = "noRows";
    summary.errors.push({ line: 2, code: "noRows" });
  }
  summary.unchanged = summary.rows - summary.invalid - summary.created - summary.updated;
  await opts.onProgress?.({ bytesRead, rowsRead: summary.rows });
  return summary;
}

interface BatchResult {
  created: number;
  updated: number;
  conflicts: { index: number; problem: RowProblem }[];
}

/** One batch in one transaction. A unique violation means someone signed up with one of
 *  these people in the meantime: the batch is rolled back and run again against the new state. */
async function writeBatch(
  client: pg.PoolClient | pg.Client,
  organisationId: string,
  actorId: string | null,
  rows: Staged[],
): Promise<BatchResult> {
  for (let attempt = 1; ; attempt++) {
    await client.query("BEGIN");
    try {
      const result = await writeBatchOnce(client, organisationId, actorId, rows);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      if ((error as { code?: string }).code !== "23505" || attempt >= 3) throw error;
    }
  }
}

async function writeBatchOnce(
  client: pg.PoolClient | pg.Client,
  organisationId: string,
  actorId: string | null,
  rows: Staged[],
): Promise<BatchResult> {
  const hashes = rows.map((r) => r.hash);
  const phones = rows.map((r) => r.phone);
  const byIdResult = await client.query<{ id: string; hash: string }>(
    `SELECT id, "nationalIdHash" AS hash FROM "Volunteer" WHERE "nationalIdHash" = ANY($1::text[])`,
    [hashes],
  );
  const byPhoneResult = await client.query<{
    user_id: string;
    phone: string;
    volunteer_id: string | null;
    hash: string | null;
  }>(
    `SELECT u.id AS user_id, u.phone, v.id AS volunteer_id, v."nationalIdHash" AS hash
       FROM "User" u LEFT JOIN "Volunteer" v ON v."userId" = u.id WHERE u.phone = ANY($1::text[])`,
    [phones],
  );
  const volunteerById = new Map(byIdResult.rows.map((r) => [r.hash, r.id]));
  const userByPhone = new Map(byPhoneResult.rows.map((r) => [r.phone, r]));

  const conflicts: BatchResult["conflicts"] = [];
  const newUsers: { id: string; phone: string }[] = [];
  const newVolunteers: { id: string; userId: string; hash: string; last4: string }[] = [];
  const volunteerOf: (string | null)[] = rows.map((row, index) => {
    const byId = volunteerById.get(row.hash);
    const user = userByPhone.get(row.phone);
    if (user?.volunteer_id && (byId ? user.volunteer_id !== byId : user.hash !== null && user.hash !== row.hash)) {
      // The phone belongs to a volunteer with another national ID: two people, one row.
      conflicts.push({ index, problem: { code: "identityConflict" } });
      return null;
    }
    if (byId) return byId;
    if (user?.volunteer_id) return user.volunteer_id; // found by phone, same national ID
    let userId = user?.user_id;
    if (!userId) {
      userId = randomUUID();
      newUsers.push({ id: userId, phone: row.phone });
    }
    const id = randomUUID();
    newVolunteers.push({ id, userId, hash: row.hash, last4: row.nationalId.slice(-4) });
    return id;
  });

  if (newUsers.length) {
    await client.query(`INSERT INTO "User" (id, phone) SELECT * FROM unnest($1::uuid[], $2::text[])`, [
      newUsers.map((u) => u.id),
      newUsers.map((u) => u.phone),
    ]);
  }
  if (newVolunteers.length) {
    await client.query(
      `INSERT INTO "Volunteer" (id, "userId", "nationalIdHash", "nationalIdLast4") SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[])`,
      [
        newVolunteers.map((v) => v.id),
        newVolunteers.map((v) => v.userId),
        newVolunteers.map((v) => v.hash),
        newVolunteers.map((v) => v.last4),
      ],
    );
    await client.query(
      `INSERT INTO "RoleGrant" (id, "userId", role)
       SELECT gen_random_uuid(), u, 'volunteer' FROM unnest($1::uuid[]) AS u
        WHERE NOT EXISTS (SELECT 1 FROM "RoleGrant" g WHERE g."userId" = u AND g.role = 'volunteer')`,
      [newVolunteers.map((v) => v.userId)],
    );
  }

  const keep = rows
    .map((r, i) => ({ ...r, volunteerId: volunteerOf[i] }))
    .filter((r): r is Staged & { volunteerId: string } => r.volunteerId !== null);
  if (!keep.length) return { created: 0, updated: 0, conflicts };
  const columns = [
    keep.map((r) => r.volunteerId),
    keep.map((r) => r.status),
    keep.map((r) => r.fullName),
    keep.map((r) => r.phone),
    keep.map((r) => r.birthDate.toISOString().slice(0, 10)),
    keep.map((r) => r.isStudent),
    keep.map((r) => r.provinceCode),
    keep.map((r) => r.constituencyId),
    keep.map((r) => r.subdistrictCode?.slice(0, 4) ?? null),
    keep.map((r) => r.subdistrictCode),
    keep.map((r) => r.tiers.join(",")),
    keep.map((r) => r.line),
  ];
  const { rows: counts } = await client.query<{ created: number; updated: number }>(
    `WITH input AS (
       SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::date[], $7::bool[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::int[])
         AS t(volunteer_id, status, full_name, phone, birth_date, is_student, province, constituency, district, subdistrict, tiers, line)
     ), upserted AS (
       INSERT INTO "Affiliation" AS a (id, "volunteerId", "organisationId", status, "fullName", phone, "birthDate", "isStudent",
                                      "provinceCode", "constituencyId", "districtCode", "subdistrictCode", tiers, source, "importLine", "updatedAt")
       SELECT gen_random_uuid(), volunteer_id, $1::uuid, status::"AffiliationStatus", full_name, phone, birth_date, is_student,
              province, constituency, district, subdistrict, string_to_array(tiers, ',')::"VolunteerTier"[], 'import', line, now()
         FROM input
       ON CONFLICT ("volunteerId", "organisationId") DO UPDATE SET
         "fullName" = EXCLUDED."fullName", phone = EXCLUDED.phone, "birthDate" = EXCLUDED."birthDate", "isStudent" = EXCLUDED."isStudent",
         "provinceCode" = EXCLUDED."provinceCode", "constituencyId" = EXCLUDED."constituencyId", "districtCode" = EXCLUDED."districtCode",
         "subdistrictCode" = EXCLUDED."subdistrictCode", tiers = EXCLUDED.tiers, "updatedAt" = now()
       WHERE (a."fullName", a.phone, a."birthDate", a."isStudent", a."provinceCode", a."constituencyId", a."districtCode", a."subdistrictCode", a.tiers)
             IS DISTINCT FROM
             (EXCLUDED."fullName", EXCLUDED.phone, EXCLUDED."birthDate", EXCLUDED."isStudent", EXCLUDED."provinceCode", EXCLUDED."constituencyId",
              EXCLUDED."districtCode", EXCLUDED."subdistrictCode", EXCLUDED.tiers)
       RETURNING a.id, a.status, (xmax = 0) AS inserted
     ), history AS (
       INSERT INTO "AffiliationEvent" (id, "affiliationId", "toStatus", reason, "actorId")
       SELECT gen_random_uuid(), id, status, 'import', $14::uuid FROM upserted WHERE inserted
     )
     SELECT count(*) FILTER (WHERE inserted)::int AS created, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM upserted`,
    [organisationId, ...columns, actorId],
  );
  return { created: counts[0]!.created, updated: counts[0]!.updated, conflicts };
}
