// What election night asks of a unit on every entry and snapshot — its register and who
// counts there — without a query each time.
import { db } from "../db/db.server.ts";
import { cached } from "../db/cache.server.ts";
import type { UnitKind } from "../generated/prisma/enums.ts";

// Every unit (95,000 codes with their registered voters and kind) in memory, reloaded
// every ten minutes; a code not among them is looked up on its own (a unit added since).
export type UnitFacts = { registered: number | null; kind: UnitKind };
const allUnits = () =>
  cached(
    "units",
    10 * 60_000,
    async () =>
      new Map<string, UnitFacts>(
        (await db().pollingUnit.findMany({ select: { code: true, eligibleVoters: true, kind: true } })).map((u) => [
          u.code,
          { registered: u.eligibleVoters, kind: u.kind },
        ]),
      ),
  );
export async function unitFacts(code: string): Promise<UnitFacts | null> {
  const known = (await allUnits()).get(code);
  if (known) return known;
  return cached(`unit:${code}`, 10_000, async () => {
    const unit = await db().pollingUnit.findUnique({ where: { code }, select: { eligibleVoters: true, kind: true } });
    return unit && { registered: unit.eligibleVoters, kind: unit.kind };
  });
}

/** Who counts at a unit: a polling unit or a kind of counting centre (null: no such unit). */
export async function unitKind(unitCode: string) {
  return (await unitFacts(unitCode))?.kind ?? null;
}

/** The unit's registered eligible voters (null where the register does not say). */
export async function registeredVoters(unitCode: string) {
  return (await unitFacts(unitCode))?.registered ?? null;
}
