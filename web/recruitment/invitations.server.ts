// Roster invitations (issue 17): an organisation's roster row naming someone already on the
// platform waits for that person. Accepted, it becomes their affiliation with the
// organisation, as the organisation's file described it; declined, it is gone. Nothing of
// the person's is attached or changed before they say yes.
import { db } from "../db/db.server.ts";
import { UserError } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { CONSENT_TEXTS } from "./consent.ts";

/** The invitations waiting for a person, with what the organisation wrote about them. */
export function myInvitations(userId: string) {
  return db().rosterInvitation.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      fullName: true,
      birthDate: true,
      tiers: true,
      nationalIdLast4: true,
      createdAt: true,
      organisation: { select: { nameTh: true, nameEn: true } },
    },
  });
}

/** The person's answer. Yes: the affiliation is made (their volunteer record too, if they
 *  had none, with the row's national ID when nobody holds it), their consent to the
 *  data-processing text is recorded, and the affiliation's history says so. */
export async function answerInvitation(userId: string, invitationId: string, accept: boolean) {
  if (!isUuid(invitationId)) throw new UserError(404, "form.notFound");
  return db().$transaction(async (tx) => {
    const invitation = await tx.rosterInvitation.findFirst({ where: { id: invitationId, userId } });
    if (!invitation) throw new UserError(404, "form.notFound");
    await tx.rosterInvitation.delete({ where: { id: invitation.id } });
    if (!accept) return { accepted: false };
    let volunteer = await tx.volunteer.findUnique({ where: { userId } });
    if (!volunteer) {
      const taken =
        !!invitation.nationalIdHash &&
        !!(await tx.volunteer.findFirst({ where: { nationalIdHash: invitation.nationalIdHash } }));
      volunteer = await tx.volunteer.create({
        data: {
          userId,
          nationalIdHash: taken ? null : invitation.nationalIdHash,
          nationalIdLast4: taken ? null : invitation.nationalIdLast4,
        },
      });
      const hasRole = await tx.roleGrant.findFirst({ where: { userId, role: "volunteer" } });
      if (!hasRole) await tx.roleGrant.create({ data: { userId, role: "volunteer" } });
    }
    const fields = {
      status: invitation.status,
      fullName: invitation.fullName,
      phone: invitation.phone,
      birthDate: invitation.birthDate,
      isStudent: invitation.isStudent,
      provinceCode: invitation.provinceCode,
      constituencyId: invitation.constituencyId,
      districtCode: invitation.districtCode,
      subdistrictCode: invitation.subdistrictCode,
      tiers: invitation.tiers,
      source: "import",
      importLine: invitation.importLine,
    };
    // Saying yes is agreeing to the data-processing text shown beside the invitation.
    const version = CONSENT_TEXTS.data_processing.version;
    const agreed = await tx.consent.findFirst({
      where: { volunteerId: volunteer.id, kind: "data_processing", version, withdrawnAt: null },
    });
    if (!agreed) await tx.consent.create({ data: { volunteerId: volunteer.id, kind: "data_processing", version } });
    const existing = await tx.affiliation.findUnique({
      where: { volunteerId_organisationId: { volunteerId: volunteer.id, organisationId: invitation.organisationId } },
    });
    if (existing) return { accepted: true }; // joined by themselves meanwhile: theirs stands
    const affiliation = await tx.affiliation.create({
      data: { volunteerId: volunteer.id, organisationId: invitation.organisationId, ...fields },
    });
    await tx.affiliationEvent.create({
      data: {
        affiliationId: affiliation.id,
        toStatus: invitation.status,
        reason: "invitation accepted",
        actorId: userId,
      },
    });
    return { accepted: true };
  });
}
