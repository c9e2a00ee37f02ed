// Registering a volunteer. One person = one Volunteer, found again by the keyed hash of
// their national ID or by their (verified) phone; each organisation they sign up
// through gets its own Affiliation holding the data given to it.
import { db, lockForTransaction } from "../db/db.server.ts";
import { getConfig } from "../config/config.server.ts";
import { nationalIdHash } from "../accounts/secrets.server.ts";
import { UserError } from "../errors.ts";
import { CONSENT_TEXTS } from "./consent.ts";
import { ADULT_AGE, ageOn, INDEPENDENT, signupSchema, type SignupInput } from "./signup-form.ts";
import type { Prisma } from "../generated/prisma/client.ts";

export const signupMinAge = () => getConfig().VOLUNTEER_MIN_AGE;
export const signupFormSchema = () => signupSchema({ minAge: signupMinAge() });

export function parseSignup(values: Record<string, unknown>) {
  return signupFormSchema().safeParse(values);
}

async function organisationIdFor(tx: Prisma.TransactionClient, slug: string): Promise<string | null> {
  if (slug === INDEPENDENT) return null;
  const org = await tx.organisation.findUnique({ where: { slug } });
  if (!org) throw new UserError(400, "signup.errors.organisation");
  return org.id;
}

async function checkArea(tx: Prisma.TransactionClient, input: SignupInput) {
  if (input.constituencyId) {
    const c = await tx.constituency.findUnique({ where: { id: input.constituencyId } });
    if (!c || (input.provinceCode && c.provinceCode !== input.provinceCode))
      throw new UserError(400, "signup.errors.area");
  }
  if (input.subdistrictCode) {
    const s = await tx.subdistrict.findUnique({ where: { code: input.subdistrictCode } });
    if (!s || (input.provinceCode && !s.code.startsWith(input.provinceCode)))
      throw new UserError(400, "signup.errors.area");
  }
}

/** Creates (or finds) the volunteer for this signed-in user and adds the affiliation.
 *  409 when this person already signed up through the same organisation, or when the
 *  national ID belongs to someone signed in with another phone. */
export async function registerVolunteer(userId: string, input: SignupInput) {
  const hash = nationalIdHash(input.nationalId);
  return db().$transaction(async (tx) => {
    // One sign-up at a time per national ID: two tabs cannot make two volunteers.
    await lockForTransaction(tx, `volunteer:${hash}`);
    const organisationId = await organisationIdFor(tx, input.organisation);
    await checkArea(tx, input);
    const [byId, byUser] = await Promise.all([
      tx.volunteer.findUnique({ where: { nationalIdHash: hash } }),
      tx.volunteer.findUnique({ where: { userId } }),
    ]);
    if (byId && byId.userId !== userId) throw new UserError(409, "signup.errors.nationalIdOtherPhone");
    if (byUser && byUser.nationalIdHash !== hash) throw new UserError(409, "signup.errors.nationalIdMismatch");
    const volunteer =
      byId ??
      (await tx.volunteer.create({
        data: { userId, nationalIdHash: hash, nationalIdLast4: input.nationalId.slice(-4) },
      }));

    const { phone } = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { phone: true } });
    const existing = await tx.affiliation.findFirst({ where: { volunteerId: volunteer.id, organisationId } });
    if (existing) throw new UserError(409, "signup.errors.duplicate");
    const affiliation = await tx.affiliation.create({
      data: {
        volunteerId: volunteer.id,
        organisationId,
        fullName: input.fullName,
        phone,
        birthDate: input.birthDate,
        isStudent: ageOn(input.birthDate, new Date()) < ADULT_AGE,
        provinceCode: input.provinceCode ?? null,
        constituencyId: input.constituencyId ?? null,
        subdistrictCode: input.subdistrictCode ?? null,
        districtCode: input.subdistrictCode?.slice(0, 4) ?? null,
        tiers: input.tiers,
        events: { create: { toStatus: "pending", actorId: userId, reason: "signup" } },
      },
    });

    const consents: { kind: keyof typeof CONSENT_TEXTS; given: boolean }[] = [
      { kind: "data_processing", given: true },
      { kind: "post_election_contact", given: input.consentContact === "on" },
    ];
    for (const { kind, given } of consents) {
      if (!given) continue;
      const version = CONSENT_TEXTS[kind].version;
      const current = await tx.consent.findFirst({
        where: { volunteerId: volunteer.id, kind, version, withdrawnAt: null },
      });
      if (!current) await tx.consent.create({ data: { volunteerId: volunteer.id, kind, version } });
    }
    const hasRole = await tx.roleGrant.findFirst({ where: { userId, role: "volunteer" } });
    if (!hasRole) await tx.roleGrant.create({ data: { userId, role: "volunteer" } });
    return { volunteerId: volunteer.id, affiliationId: affiliation.id };
  });
}
