// Who the command centre serves, and where: the war room everywhere, a constituency head
// in their constituencies, nobody else.
import { can, headedConstituencies, type HasRoles } from "../accounts/permissions.ts";
import { UserError } from "../errors.ts";

export type Operator = HasRoles & { id: string };

/** The constituencies the user works in (null: everywhere); 403 for anyone else. */
export function commandScope(user: Operator): string[] | null {
  if (can(user, "warroom:verify")) return null;
  const heads = headedConstituencies(user);
  if (!heads.length) throw new UserError(403, "tally.notYourUnit");
  return heads;
}

/** 403 unless the unit lies in the user's scope. */
export function requireUnitInScope(user: Operator, unitCode: string) {
  const scope = commandScope(user);
  if (scope && !scope.includes(unitCode.slice(0, 5))) throw new UserError(403, "tally.notYourUnit");
}
