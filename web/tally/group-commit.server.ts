// Group commit for tally entries. On election night thousands of phones send at once;
// one round trip and one transaction per entry would make PostgreSQL the limit. Entries
// that arrive while earlier ones are being written wait and go together, in one call to
// tally_submit_many (prisma/functions/tally_submit_many.sql). With nothing in flight an entry is
// written at once, so a quiet night adds no delay.
import { batched } from "../db/batcher.server.ts";
import { byUnitAndBallot, submitEntries, type EntryRow } from "./tally.sql.server.ts";

export type { EntryRow } from "./tally.sql.server.ts";

/** Writes one entry, together with any others waiting. A batch holds its units' locks
 *  until it commits, so batches stay small; every batch takes its locks in the same order
 *  (by unit, then ballot), so two never wait on each other in a circle. An entry for a
 *  unit ballot that a batch in flight holds waits for the next batch, instead of holding
 *  up a whole batch behind that lock (two people at one unit send close together). One
 *  group in flight (ADR 0033): the groups are twice as large, the statements half as many;
 *  the key keeps that rule should a process ever run two. */
export const submitEntryRow = batched(
  async (rows: EntryRow[]) => {
    const order = rows.map((row, i) => ({ row, i })).sort((a, b) => byUnitAndBallot(a.row, b.row));
    const outcomes = await submitEntries(order.map((o) => o.row));
    const inInputOrder = new Array<(typeof outcomes)[number]>(rows.length);
    order.forEach((o, k) => (inInputOrder[o.i] = outcomes[k]!));
    return inInputOrder;
  },
  { maxInFlight: 1, maxBatch: 100, keyOf: (row) => `${row.election}|${row.unit}|${row.ballot}` },
);
