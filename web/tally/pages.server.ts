// What the report and blind-entry pages need, checked once.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { requireUser } from "../accounts/session.server.ts";
import { db } from "../db/db.server.ts";
import { getConfig } from "../config/config.server.ts";
import { unitWithPlace } from "../assignment/views.server.ts";
import { ballotChoices, currentElection, isStaffFor, mayReport } from "./entries.server.ts";
import { BALLOTS, type Ballot } from "./tally-rules.ts";

const params$ = z.object({ unit: z.string().regex(/^\d{2}-\d{2}-\d{6}-\d{3}$/), ballot: z.enum(BALLOTS) });

export async function tallyPage(request: Request, params: Record<string, string | undefined>, mode: "report" | "blind") {
  const parsed = params$.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  const user = await requireUser(request);
  const { unit: unitCode, ballot } = parsed.data;
  const allowed = mode === "blind" ? isStaffFor(user, unitCode) : await mayReport(user, unitCode);
  if (!allowed) throw new Response("Forbidden / ไม่มีสิทธิ์เข้าถึง", { status: 403 });
  const unit = await unitWithPlace(unitCode);
  if (!unit) throw new Response("Not found", { status: 404 });
  const election = await currentElection().catch(() => {
    throw new Response("No election", { status: 404 });
  });
  const [choices, result] = await Promise.all([
    ballotChoices(election.id, unitCode, ballot),
    db().unitResult.findUnique({ where: { electionId_unitCode_ballot: { electionId: election.id, unitCode, ballot } } }),
  ]);
  return {
    user,
    unitCode,
    ballot: ballot as Ballot,
    view: {
      ballot: ballot as Ballot,
      unit: { code: unit.code, addressTh: unit.addressTh, addressEn: unit.addressEn },
      election: { nameTh: election.nameTh, nameEn: election.nameEn },
      choices,
      status: result?.status ?? "none",
      submissionId: randomUUID(),
      turnoutFlagPercent: getConfig().TURNOUT_FLAG_PERCENT,
      maxPhotoMb: Math.round(getConfig().TALLY_PHOTO_MAX_BYTES / 1024 / 1024),
    },
  };
}

/** The POST side: who may send for this unit, without what the page shows. */
export async function tallyAction(request: Request, params: Record<string, string | undefined>, mode: "report" | "blind") {
  const parsed = params$.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  const user = await requireUser(request);
  const { unit: unitCode, ballot } = parsed.data;
  const allowed = mode === "blind" ? isStaffFor(user, unitCode) : await mayReport(user, unitCode);
  if (!allowed) throw new Response("Forbidden / ไม่มีสิทธิ์เข้าถึง", { status: 403 });
  return { user, unitCode, ballot: ballot as Ballot };
}

/** Units the user reports for: their own placement. */
export async function myReportUnits(userId: string) {
  const mine = await db().unitAssignment.findFirst({ where: { volunteer: { userId } } });
  if (!mine) return [];
  const election = await currentElection().catch(() => null);
  const results = election ? await db().unitResult.findMany({ where: { electionId: election.id, unitCode: mine.unitCode } }) : [];
  const unit = await unitWithPlace(mine.unitCode);
  return unit ? [{ ...unit, statuses: Object.fromEntries(BALLOTS.map((b) => [b, results.find((r) => r.ballot === b)?.status ?? "none"])) }] : [];
}
