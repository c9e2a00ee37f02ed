// The war room's SQL, in one place (ADR 0021): the row lock that hands out a shift's
// last seat to exactly one person.
import type { Prisma } from "../generated/prisma/client.ts";

/** The shift's seats, its row locked until the transaction ends; null for no such shift. */
export async function lockShiftSeats(tx: Prisma.TransactionClient, shiftId: string) {
  const rows = await tx.$queryRaw<
    { seats: number }[]
  >`SELECT seats FROM "Shift" WHERE id = ${shiftId}::uuid FOR UPDATE`;
  return rows[0]?.seats ?? null;
}
