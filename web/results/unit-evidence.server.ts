// A unit's evidence for its public page (issue 42: the permalink fact-checkers and
// newsrooms cite): each photo's anchoring — its state, batch, transaction and the proof
// to download — each ballot's history of states, and the incidents reported there,
// counted. No one's name.
import { db } from "../db/db.server.ts";
import { photoAnchorState } from "../evidence/anchoring.server.ts";
import { incidentsAtUnit } from "../incidents/incidents.server.ts";

export async function unitEvidence(electionId: string, unitCode: string) {
  const [photos, events, incidents, entries] = await Promise.all([
    db().tallyPhoto.findMany({
      where: { electionId, unitCode, incidentId: null },
      select: { sha256: true, ballot: true, anchorBatch: { select: { status: true, seq: true, txHash: true } } },
    }),
    db().resultEvent.findMany({
      where: { electionId, unitCode },
      orderBy: { createdAt: "asc" },
      select: { ballot: true, fromStatus: true, toStatus: true, acceptedFlags: true, createdAt: true },
    }),
    incidentsAtUnit(electionId, unitCode),
    // Every entry as sent (the reporter's, the blind keying, corrections): whether two
    // agree is for anyone to see. Who sent it is not.
    db().tallyEntry.findMany({
      where: { electionId, unitCode },
      orderBy: { createdAt: "asc" },
      select: {
        ballot: true,
        source: true,
        voters: true,
        valid: true,
        invalid: true,
        voteNo: true,
        votes: true,
        flags: true,
        fingerprint: true,
        createdAt: true,
      },
    }),
  ]);
  return {
    anchoring: Object.fromEntries(
      photos.map((p) => [
        p.sha256,
        {
          state: photoAnchorState(p.anchorBatch),
          batch: p.anchorBatch?.seq ?? null,
          transaction: p.anchorBatch?.txHash ?? null,
        },
      ]),
    ),
    history: events.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })),
    entries: entries.map((e) => ({
      ...e,
      votes: e.votes as Record<string, number>,
      fingerprint: e.fingerprint.slice(0, 8),
      createdAt: e.createdAt.toISOString(),
    })),
    incidents,
  };
}
