// Recruitment's SQL, in one place (ADR 0021): the roster import's set-based writes (a
// batch of people in a few statements, not a statement per person), the row locks of a
// status change, and the phone-export log. Each statement's rows are typed here.
import type pg from "pg";
import { db, pool } from "../db/db.server.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { AffiliationStatus } from "../generated/prisma/enums.ts";
import type { AreaCodes } from "./roster-csv.ts";
import type { RosterArea } from "./roster-generator.ts";

type Client = pg.PoolClient | pg.Client;

/** The area codes a roster row may name. One client runs one query at a time. */
export async function areaCodes(client: Client): Promise<AreaCodes> {
  const codes = async (sql: string) => new Set((await client.query<{ code: string }>(sql)).rows.map((r) => r.code));
  return {
    provinces: await codes(`SELECT code FROM "Province"`),
    constituencies: await codes(`SELECT id AS code FROM "Constituency"`),
    subdistricts: await codes(`SELECT code FROM "Subdistrict"`),
  };
}

/** Every (province, constituency, subdistrict) that has a polling unit: where synthetic people live. */
export async function rosterAreas(client: Client): Promise<RosterArea[]> {
  const { rows } = await client.query<RosterArea>(
    `SELECT DISTINCT left("constituencyId", 2) AS "provinceCode", "constituencyId", "subdistrictCode" FROM "PollingUnit" ORDER BY 2, 3`,
  );
  return rows;
}

export interface KnownPhone {
  userId: string;
  phone: string;
  volunteerId: string | null;
  hash: string | null;
}

/** Who of a batch is known already: volunteers by national-ID hash (with their account),
 *  users by phone, and which of those volunteers are on this organisation's roster. */
export async function knownIdentities(client: Client, organisationId: string, hashes: string[], phones: string[]) {
  const byHash = await client.query<{ id: string; userId: string; hash: string }>(
    `SELECT id, "userId", "nationalIdHash" AS hash FROM "Volunteer" WHERE "nationalIdHash" = ANY($1::text[])`,
    [hashes],
  );
  const byPhone = await client.query<KnownPhone>(
    `SELECT u.id AS "userId", u.phone, v.id AS "volunteerId", v."nationalIdHash" AS hash
       FROM "User" u LEFT JOIN "Volunteer" v ON v."userId" = u.id WHERE u.phone = ANY($1::text[])`,
    [phones],
  );
  const volunteers = [
    ...byHash.rows.map((r) => r.id),
    ...byPhone.rows.flatMap((r) => (r.volunteerId ? [r.volunteerId] : [])),
  ];
  const members = await client.query<{ volunteerId: string }>(
    `SELECT "volunteerId" FROM "Affiliation" WHERE "organisationId" = $1::uuid AND "volunteerId" = ANY($2::uuid[])`,
    [organisationId, volunteers],
  );
  return {
    volunteerByHash: new Map(byHash.rows.map((r) => [r.hash, { id: r.id, userId: r.userId }])),
    userByPhone: new Map(byPhone.rows.map((r) => [r.phone, r])),
    members: new Set(members.rows.map((r) => r.volunteerId)),
  };
}

export interface ImportedInvitation extends Omit<ImportedAffiliation, "volunteerId"> {
  userId: string;
  hash: string | null;
  last4: string | null;
}

/** Invitations for people already on the platform (issue 17): made, or brought up to the
 *  file's values; returns the ones made now, with their account's own phone (to be told
 *  by SMS there, not at the number the file gives). */
export async function upsertInvitations(
  client: Client,
  organisationId: string,
  rows: ImportedInvitation[],
): Promise<{ userId: string; phone: string }[]> {
  if (!rows.length) return [];
  const { rows: made } = await client.query<{ userId: string; phone: string }>(
    `INSERT INTO "RosterInvitation" AS i (id, "organisationId", "userId", status, "fullName", phone, "birthDate", "isStudent",
                                          "provinceCode", "constituencyId", "districtCode", "subdistrictCode", tiers,
                                          "nationalIdHash", "nationalIdLast4", "importLine", "updatedAt")
     SELECT gen_random_uuid(), $1::uuid, user_id, status::"AffiliationStatus", full_name, phone, birth_date, is_student,
            province, constituency, left(subdistrict, 4), subdistrict, string_to_array(tiers, ',')::"VolunteerTier"[],
            hash, last4, line, now()
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::date[], $7::bool[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::int[])
         AS t(user_id, status, full_name, phone, birth_date, is_student, province, constituency, subdistrict, tiers, hash, last4, line)
     ON CONFLICT ("userId", "organisationId") DO UPDATE SET
       status = EXCLUDED.status, "fullName" = EXCLUDED."fullName", phone = EXCLUDED.phone, "birthDate" = EXCLUDED."birthDate",
       "isStudent" = EXCLUDED."isStudent", "provinceCode" = EXCLUDED."provinceCode", "constituencyId" = EXCLUDED."constituencyId",
       "districtCode" = EXCLUDED."districtCode", "subdistrictCode" = EXCLUDED."subdistrictCode", tiers = EXCLUDED.tiers,
       "nationalIdHash" = EXCLUDED."nationalIdHash", "nationalIdLast4" = EXCLUDED."nationalIdLast4", "updatedAt" = now()
     WHERE (i.status, i."fullName", i.phone, i."birthDate", i."isStudent", i."provinceCode", i."constituencyId", i."subdistrictCode", i.tiers, i."nationalIdHash")
           IS DISTINCT FROM
           (EXCLUDED.status, EXCLUDED."fullName", EXCLUDED.phone, EXCLUDED."birthDate", EXCLUDED."isStudent", EXCLUDED."provinceCode",
            EXCLUDED."constituencyId", EXCLUDED."subdistrictCode", EXCLUDED.tiers, EXCLUDED."nationalIdHash")
     RETURNING "userId", (SELECT u.phone FROM "User" u WHERE u.id = i."userId") AS phone, (xmax = 0) AS inserted`,
    [
      organisationId,
      rows.map((r) => r.userId),
      rows.map((r) => r.status),
      rows.map((r) => r.fullName),
      rows.map((r) => r.phone),
      rows.map((r) => r.birthDate.toISOString().slice(0, 10)),
      rows.map((r) => r.isStudent),
      rows.map((r) => r.provinceCode),
      rows.map((r) => r.constituencyId),
      rows.map((r) => r.subdistrictCode),
      rows.map((r) => r.tiers.join(",")),
      rows.map((r) => r.hash),
      rows.map((r) => r.last4),
      rows.map((r) => r.line),
    ],
  );
  return made.filter((r) => (r as { inserted?: boolean }).inserted);
}

export async function insertUsers(client: Client, users: { id: string; phone: string }[]) {
  if (!users.length) return;
  await client.query(`INSERT INTO "User" (id, phone) SELECT * FROM unnest($1::uuid[], $2::text[])`, [
    users.map((u) => u.id),
    users.map((u) => u.phone),
  ]);
}

/** New volunteers, each with the volunteer role. */
export async function insertVolunteers(
  client: Client,
  volunteers: { id: string; userId: string; hash: string; last4: string }[],
) {
  if (!volunteers.length) return;
  await client.query(
    `INSERT INTO "Volunteer" (id, "userId", "nationalIdHash", "nationalIdLast4") SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[])`,
    [
      volunteers.map((v) => v.id),
      volunteers.map((v) => v.userId),
      volunteers.map((v) => v.hash),
      volunteers.map((v) => v.last4),
    ],
  );
  await client.query(
    `INSERT INTO "RoleGrant" (id, "userId", role)
     SELECT gen_random_uuid(), u, 'volunteer' FROM unnest($1::uuid[]) AS u
      WHERE NOT EXISTS (SELECT 1 FROM "RoleGrant" g WHERE g."userId" = u AND g.role = 'volunteer')`,
    [volunteers.map((v) => v.userId)],
  );
}

export interface ImportedAffiliation {
  volunteerId: string;
  status: string;
  fullName: string;
  phone: string;
  birthDate: Date;
  isStudent: boolean;
  provinceCode: string | null;
  constituencyId: string | null;
  subdistrictCode: string | null;
  tiers: string[];
  line: number;
}

/** The organisation's affiliations for a batch: new ones created (with their first
 *  history event), changed ones updated, unchanged ones left alone. */
export async function upsertImportedAffiliations(
  client: Client,
  organisationId: string,
  rows: ImportedAffiliation[],
  actorId: string | null,
): Promise<{ created: number; updated: number }> {
  const columns = [
    rows.map((r) => r.volunteerId),
    rows.map((r) => r.status),
    rows.map((r) => r.fullName),
    rows.map((r) => r.phone),
    rows.map((r) => r.birthDate.toISOString().slice(0, 10)),
    rows.map((r) => r.isStudent),
    rows.map((r) => r.provinceCode),
    rows.map((r) => r.constituencyId),
    rows.map((r) => r.subdistrictCode?.slice(0, 4) ?? null),
    rows.map((r) => r.subdistrictCode),
    rows.map((r) => r.tiers.join(",")),
    rows.map((r) => r.line),
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
  return counts[0]!;
}

/** How far the worker has read a roster import (shown as its progress bar). */
export async function recordRosterImportProgress(importId: string, bytesRead: number, rowsRead: number) {
  await pool().query(`UPDATE "RosterImport" SET "bytesRead" = $2, "rowsRead" = $3 WHERE id = $1`, [
    importId,
    bytesRead,
    rowsRead,
  ]);
}

/** The organisation's affiliations among `ids`, locked until the transaction ends: two
 *  staff acting at once apply one after the other, and the second sees the first's result. */
export function lockAffiliations(tx: Prisma.TransactionClient, organisationId: string, ids: string[]) {
  return tx.$queryRaw<{ id: string; status: AffiliationStatus; volunteerId: string }[]>`
    SELECT id, status, "volunteerId" FROM "Affiliation"
     WHERE "organisationId" = ${organisationId}::uuid AND id = ANY(${ids}::uuid[]) FOR UPDATE`;
}

/** Each CSV export as one row: who, when, which organisation, how many numbers. */
export async function recentPhoneExports(take = 50) {
  return db().$queryRaw<
    {
      readAt: Date;
      staffPhone: string | null; // null: the staff member was erased
      staffName: string | null;
      nameTh: string | null;
      nameEn: string | null;
      numbers: number;
    }[]
  >`
    SELECT r."readAt", u.phone AS "staffPhone", u."displayName" AS "staffName", o."nameTh", o."nameEn", count(*)::int AS numbers
      FROM "PhoneRead" r LEFT JOIN "User" u ON u.id = r."staffUserId" LEFT JOIN "Organisation" o ON o.id = r."organisationId"
     WHERE r.purpose = 'export'
     GROUP BY r."readAt", u.phone, u."displayName", o."nameTh", o."nameEn"
     ORDER BY r."readAt" DESC LIMIT ${take}`;
}
