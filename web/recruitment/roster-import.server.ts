// Streamed import of an organisation's roster CSV. Unlike the geography import, valid
// rows are kept and invalid ones reported: rows are checked one by one, then written
// in batches (one transaction each) that find people again by the keyed hash of their
// national ID or by their phone. Re-importing the same file changes nothing: every
// write is an upsert that only touches rows whose values differ.
import { randomUUID } from "node:crypto";
import type { Readable, Writable } from "node:stream";
import { CsvEncodingError, csvRecords, readHeader } from "../csv/records.ts";
import { csvText } from "../csv/write.ts";
import type pg from "pg";
import { inClientTransaction } from "../db/db.server.ts";
import {
  areaCodes,
  insertUsers,
  insertVolunteers,
  knownIdentities,
  upsertImportedAffiliations,
  upsertInvitations,
  type ImportedInvitation,
} from "./recruitment.sql.server.ts";
import { nationalIdHash } from "../accounts/secrets.server.ts";
import { tFor } from "../i18n/i18n.ts";
import { ROSTER_COLUMNS, validateRosterRow, type RosterRow, type RowProblem } from "./roster-csv.ts";

export interface RosterLineError extends RowProblem {
  line: number;
}

export interface RosterImportSummary {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows naming someone already on the platform and not on this roster: invitations. */
  invited: number;
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
  /** The people invited by a batch once it is written (the job tells them by SMS). */
  onInvited?: (people: { userId: string; phone: string }[]) => void | Promise<void>;
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
type Client = pg.PoolClient | pg.Client;

export async function importRosterCsv(
  client: pg.PoolClient | pg.Client,
  input: Readable,
  opts: RosterImportOptions,
): Promise<RosterImportSummary> {
  const th = tFor("th");
  const en = tFor("en");
  const summary: RosterImportSummary = {
    rows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    invited: 0,
    invalid: 0,
    errors: [],
  };
  const today = new Date();
  const areas = await areaCodes(client);
  const batchSize = opts.batchSize ?? 1000;

  const report = (line: number, problems: RowProblem[], raw: Record<string, string> = {}) => {
    summary.invalid++;
    for (const p of problems) if (summary.errors.length < SHOWN_ERRORS) summary.errors.push({ line, ...p });
    if (!opts.errorFile) return;
    const digits = (raw.national_id ?? "").replace(/\D/g, "");
    opts.errorFile.write(
      csvText([
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
  opts.errorFile?.write("\uFEFF" + csvText([ERROR_FILE_COLUMNS]));

  const firstLineOfPhone = new Map<string, number>();
  const firstLineOfId = new Map<string, number>();
  let batch: (Staged & { raw: Record<string, string> })[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const result = await writeBatch(client, opts.organisationId, opts.actorId, batch);
    summary.created += result.created;
    summary.updated += result.updated;
    summary.invited += result.invited;
    await opts.onInvited?.(result.newlyInvited);
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
    if (error instanceof CsvEncodingError)
      report(1, [{ code: "badEncoding", params: { detected: error.detected ?? "?" } }]);
    else
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
  summary.unchanged = summary.rows - summary.invalid - summary.created - summary.updated - summary.invited;
  await opts.onProgress?.({ bytesRead, rowsRead: summary.rows });
  return summary;
}

interface BatchResult {
  created: number;
  updated: number;
  invited: number;
  /** Invitations made by this batch (not those brought up to date): told by SMS. */
  newlyInvited: { userId: string; phone: string }[];
  conflicts: { index: number; problem: RowProblem }[];
}

/** One batch in one transaction. A unique violation means someone signed up with one of
 *  these people in the meantime: the batch is rolled back and run again against the new state. */
function writeBatch(client: Client, organisationId: string, actorId: string | null, rows: Staged[]) {
  return inClientTransaction(client, () => writeBatchOnce(client, organisationId, actorId, rows), {
    attempts: 3,
  });
}

/** Matches each row to a person — by national ID, else by phone — and writes what the
 *  organisation may write on its own (issue 17):
 *  - a person on its roster already: their affiliation, brought up to the file;
 *  - a person new to the platform: made, with the affiliation;
 *  - a person on the platform but not on this roster (by phone or by national ID): an
 *    invitation that waits for their yes on /me — nothing of theirs is attached or
 *    changed, and the importer learns nothing about who they are elsewhere.
 *  A phone on this roster for someone with another national ID is two people on one row:
 *  refused. */
async function writeBatchOnce(
  client: Client,
  organisationId: string,
  actorId: string | null,
  rows: Staged[],
): Promise<BatchResult> {
  const { volunteerByHash, userByPhone, members } = await knownIdentities(
    client,
    organisationId,
    rows.map((r) => r.hash),
    rows.map((r) => r.phone),
  );
  const conflicts: BatchResult["conflicts"] = [];
  const newUsers: { id: string; phone: string }[] = [];
  const newVolunteers: { id: string; userId: string; hash: string; last4: string }[] = [];
  const invitations: ImportedInvitation[] = [];
  const invite = (row: Staged, userId: string, withId: boolean) =>
    invitations.push({
      ...row,
      userId,
      hash: withId ? row.hash : null,
      last4: withId ? row.nationalId.slice(-4) : null,
    });
  const volunteerOf: (string | null)[] = rows.map((row, index) => {
    const byId = volunteerByHash.get(row.hash);
    const user = userByPhone.get(row.phone);
    const phoneVolunteer = user?.volunteerId ?? null;
    const clash =
      !!phoneVolunteer && (byId ? phoneVolunteer !== byId.id : user!.hash !== null && user!.hash !== row.hash);
    if (clash) {
      if (members.has(phoneVolunteer)) conflicts.push({ index, problem: { code: "identityConflict" } });
      else invite(row, user!.userId, false); // their own national ID stays theirs
      return null;
    }
    const volunteer = byId?.id ?? phoneVolunteer;
    if (volunteer && members.has(volunteer)) return volunteer;
    const invitee = user?.userId ?? byId?.userId;
    if (invitee) {
      // The row's national ID goes with the invitation only to someone who has none yet.
      invite(row, invitee, !volunteer);
      return null;
    }
    const userId = randomUUID();
    newUsers.push({ id: userId, phone: row.phone });
    const id = randomUUID();
    newVolunteers.push({ id, userId, hash: row.hash, last4: row.nationalId.slice(-4) });
    return id;
  });
  await insertUsers(client, newUsers);
  await insertVolunteers(client, newVolunteers);
  const invited = await upsertInvitations(client, organisationId, invitations);

  const keep = rows.flatMap((r, i) => (volunteerOf[i] ? [{ ...r, volunteerId: volunteerOf[i] }] : []));
  const written = keep.length
    ? await upsertImportedAffiliations(client, organisationId, keep, actorId)
    : { created: 0, updated: 0 };
  return { ...written, invited: invitations.length, newlyInvited: invited, conflicts };
}
