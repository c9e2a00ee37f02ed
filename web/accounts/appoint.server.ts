// Giving someone a scoped role by their phone number: their account is made if needed (so
// they can sign in with a code) and they are told by SMS. Idempotent.
import { db } from "../db/db.server.ts";
import { sendSms } from "../messaging/sms.server.ts";
import type { Role } from "../generated/prisma/enums.ts";

export async function appointByPhone(
  phone: string,
  grant: { role: Role; organisationId?: string; sponsorId?: string },
  grantedById: string,
  sms: string,
) {
  const user = await db().user.upsert({ where: { phone }, create: { phone }, update: {} });
  const scope = { role: grant.role, organisationId: grant.organisationId ?? null, sponsorId: grant.sponsorId ?? null };
  if (await db().roleGrant.findFirst({ where: { userId: user.id, ...scope } })) return { user, created: false };
  await db().roleGrant.create({ data: { userId: user.id, ...scope, grantedById } });
  await sendSms(phone, sms);
  return { user, created: true };
}
