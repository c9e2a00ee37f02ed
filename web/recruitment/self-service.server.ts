// What volunteers can do about their own data (PDPA): see it, export it, erase it.
import { db } from "../db/db.server.ts";
import { CONSENT_TEXTS } from "./consent.ts";

export async function myVolunteerRecord(userId: string) {
  return db().volunteer.findUnique({
    where: { userId },
    include: {
      affiliations: {
        include: { organisation: { select: { slug: true, nameTh: true, nameEn: true } } },
        orderBy: { createdAt: "asc" },
      },
      consents: { orderBy: { givenAt: "asc" } },
    },
  });
}

/** Gives or withdraws the optional consent to be contacted after the election. Every
 *  change is a row: a withdrawal stamps the current consent, a new one adds a row. */
export async function setContactConsent(userId: string, given: boolean) {
  const volunteer = await db().volunteer.findUnique({ where: { userId } });
  if (!volunteer) return;
  const current = await db().consent.findFirst({
    where: { volunteerId: volunteer.id, kind: "post_election_contact", withdrawnAt: null },
  });
  if (given && !current) {
    await db().consent.create({
      data: {
        volunteerId: volunteer.id,
        kind: "post_election_contact",
        version: CONSENT_TEXTS.post_election_contact.version,
      },
    });
  } else if (!given && current) {
    await db().consent.update({ where: { id: current.id }, data: { withdrawnAt: new Date() } });
  }
}

/** Everything the platform holds about this person, machine-readable. */
export async function exportMyData(userId: string) {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId }, include: { roles: true } });
  const volunteer = await myVolunteerRecord(userId);
  const phoneReads = volunteer
    ? await db().phoneRead.findMany({
        where: { volunteerId: volunteer.id },
        select: { readAt: true, purpose: true, organisation: { select: { nameEn: true } } },
      })
    : [];
  // Donations and coupons are found by the phone the person signs in with.
  const [donations, coupons] = await Promise.all([
    db().donation.findMany({
      where: { phone: user.phone },
      orderBy: { createdAt: "asc" },
      select: {
        createdAt: true,
        amountSatang: true,
        donorName: true,
        email: true,
        phone: true,
        campaign: { select: { slug: true } },
      },
    }),
    db().coupon.findMany({
      where: { holderPhone: user.phone },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true, status: true, claimedTo: true, offer: { select: { titleEn: true } } },
    }),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    format: "election-watch/personal-data-export/v2",
    donations: donations.map((d) => ({
      at: d.createdAt,
      campaign: d.campaign.slug,
      amountSatang: d.amountSatang,
      donorName: d.donorName,
      email: d.email,
      phone: d.phone,
    })),
    // Organisations' roster rows waiting for this person's answer (issue 17).
    rosterInvitations: (
      await db().rosterInvitation.findMany({
        where: { userId },
        select: {
          createdAt: true,
          fullName: true,
          phone: true,
          birthDate: true,
          nationalIdLast4: true,
          organisation: { select: { nameEn: true } },
        },
      })
    ).map((i) => ({ ...i, organisation: i.organisation.nameEn })),
    coupons: coupons.map((c) => ({
      at: c.createdAt,
      offer: c.offer.titleEn,
      status: c.status,
      claimedTo: c.claimedTo,
    })),
    account: {
      phone: user.phone,
      displayName: user.displayName,
      locale: user.locale,
      createdAt: user.createdAt,
      roles: user.roles.map((r) => r.role),
    },
    volunteer: volunteer && {
      nationalIdLast4: volunteer.nationalIdLast4,
      createdAt: volunteer.createdAt,
      affiliations: volunteer.affiliations.map((a) => ({
        organisation: a.organisation?.nameEn ?? "independent",
        status: a.status,
        statusReason: a.statusReason,
        fullName: a.fullName,
        phone: a.phone,
        birthDate: a.birthDate.toISOString().slice(0, 10),
        isStudent: a.isStudent,
        area: {
          provinceCode: a.provinceCode,
          constituencyId: a.constituencyId,
          districtCode: a.districtCode,
          subdistrictCode: a.subdistrictCode,
        },
        tiers: a.tiers,
        createdAt: a.createdAt,
      })),
      consents: volunteer.consents.map((c) => ({
        kind: c.kind,
        version: c.version,
        text: CONSENT_TEXTS[c.kind].en,
        givenAt: c.givenAt,
        withdrawnAt: c.withdrawnAt,
      })),
      staffReadsOfMyPhone: phoneReads.map((r) => ({
        at: r.readAt,
        purpose: r.purpose,
        organisation: r.organisation?.nameEn ?? null,
      })),
    },
  };
}

/** Erases the person, all or nothing: account, phone, sessions, codes and messages are
 *  deleted; the volunteer record stays, anonymised, so that election-night records keep
 *  their links; their donations keep the amounts without name, e-mail or phone (and the
 *  receipts sent are deleted); their coupons keep their state without the phone; the phone
 *  reads they made as staff stay, without them. */
export async function eraseMe(userId: string) {
  await db().$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
    const volunteer = await tx.volunteer.findUnique({ where: { userId } });
    if (volunteer) {
      await tx.volunteer.update({
        where: { id: volunteer.id },
        data: { userId: null, nationalIdHash: null, nationalIdLast4: null, erasedAt: new Date() },
      });
      await tx.affiliation.updateMany({
        where: { volunteerId: volunteer.id },
        data: {
          fullName: "—",
          phone: null,
          birthDate: new Date("1900-01-01T00:00:00Z"),
          note: null,
          subdistrictCode: null,
          districtCode: null,
        },
      });
      await tx.consent.updateMany({
        where: { volunteerId: volunteer.id, withdrawnAt: null },
        data: { withdrawnAt: new Date() },
      });
    }
    const donations = await tx.donation.findMany({ where: { phone: user.phone }, select: { email: true } });
    const emails = donations.flatMap((d) => (d.email ? [d.email] : []));
    await tx.donation.updateMany({
      where: { phone: user.phone },
      data: { donorName: null, email: null, phone: null, donorTaxIdSealed: null },
    });
    // A coupon keeps its place (one per offer and person) under a name that is nobody's.
    const coupons = await tx.coupon.findMany({ where: { holderPhone: user.phone }, select: { id: true } });
    for (const c of coupons) await tx.coupon.update({ where: { id: c.id }, data: { holderPhone: `erased:${c.id}` } });
    await tx.phoneRead.updateMany({ where: { staffUserId: userId }, data: { staffUserId: null } });
    await tx.oneTimeCode.deleteMany({ where: { phone: user.phone } });
    await tx.outboxMessage.deleteMany({ where: { recipient: { in: [user.phone, ...emails] } } });
    await tx.affiliationEvent.updateMany({ where: { actorId: userId }, data: { actorId: null } });
    // An incident they reported stays (evidence of what happened at the unit), nobody's.
    await tx.incident.updateMany({ where: { reportedById: userId }, data: { reportedById: null } });
    await tx.incident.updateMany({ where: { assignedToId: userId }, data: { assignedToId: null } });
    await tx.incidentEvent.updateMany({ where: { actorId: userId }, data: { actorId: null } });
    await tx.checklistAnswer.updateMany({ where: { answeredById: userId }, data: { answeredById: null } });
    await tx.user.delete({ where: { id: userId } }); // sessions and role grants go with it
  });
}
