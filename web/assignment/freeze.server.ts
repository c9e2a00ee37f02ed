// The assignment freeze: from a set moment before election day, assignments change only
// for those holding the override permission.
import { db } from "../db/db.server.ts";
import { can, type HasRoles } from "../accounts/permissions.ts";
import { UserError } from "../errors.ts";

const FREEZE_KEY = "assignment.freezeAt";

export async function freezeAt(): Promise<Date | null> {
  const row = await db().setting.findUnique({ where: { key: FREEZE_KEY } });
  const value = row?.value as string | null | undefined;
  return value ? new Date(value) : null;
}

export async function setFreezeAt(at: Date | null, userId: string) {
  await db().setting.upsert({
    where: { key: FREEZE_KEY },
    create: { key: FREEZE_KEY, value: at?.toISOString() ?? "", updatedById: userId },
    update: { value: at?.toISOString() ?? "", updatedById: userId },
  });
}

/** Throws 409 when assignments are frozen and `user` may not override (null: the system). */
export async function requireNotFrozen(user: HasRoles | null, now = new Date()) {
  const at = await freezeAt();
  if (at && now >= at && !can(user, "assignment:override_freeze")) throw new UserError(409, "assignment.frozen");
}
