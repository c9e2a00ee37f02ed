// Group commit for tally entries. On election night thousands of phones send at once;
// one round trip and one transaction per entry would make PostgreSQL the limit. Entries
// that arrive while earlier ones are being written wait and go together, in one call to
// tally_submit_many (prisma/functions/tally_submit_many.sql). With nothing in flight an entry is
// written at once, so a quiet night adds no delay.
import { submitEntries, type EntryOutcome, type EntryRow } from "./tally.sql.server.ts";

export type { EntryRow } from "./tally.sql.server.ts";

interface Waiting {
  row: EntryRow;
  resolve: (outcome: EntryOutcome) => void;
  reject: (error: unknown) => void;
}

// Batches written at once (the pool keeps connections for everything else) and the most
// entries in one batch (a batch holds its units' locks until it commits).
const MAX_IN_FLIGHT = 2;
const MAX_BATCH = 100;
const queue: Waiting[] = [];
let inFlight = 0;

/** Writes one entry, together with any others waiting. */
export function submitEntryRow(row: EntryRow): Promise<EntryOutcome> {
  return new Promise((resolve, reject) => {
    queue.push({ row, resolve, reject });
    pump();
  });
}

function pump() {
  while (queue.length && inFlight < MAX_IN_FLIGHT) {
    const batch = queue.splice(0, MAX_BATCH);
    inFlight++;
    void write(batch).finally(() => {
      inFlight--;
      pump();
    });
  }
}

async function write(batch: Waiting[]) {
  // The same lock order in every batch: two batches never wait on each other in a circle.
  batch.sort((a, b) =>
    a.row.unit < b.row.unit
      ? -1
      : a.row.unit > b.row.unit
        ? 1
        : a.row.ballot < b.row.ballot
          ? -1
          : a.row.ballot > b.row.ballot
            ? 1
            : 0,
  );
  try {
    const outcomes = await submitEntries(batch.map((w) => w.row));
    outcomes.forEach((outcome, i) => batch[i]!.resolve(outcome));
  } catch (error) {
    if (batch.length === 1) return batch[0]!.reject(error);
    // One entry's failure must not fail its neighbours: write them one by one.
    await Promise.all(batch.map((w) => write([w])));
  }
}
