// The report and blind-entry pages' loader and action, shared: who may send for this
// unit (checked once per request), what the page shows, and the form's POST.
import { randomUUID } from "node:crypto";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { receiveReport } from "../tally/report-form.server.ts";
import { requireUser, invariantResponse } from "./guards.server.ts";
import { multipartParts } from "./multipart.server.ts";
import { userErrorReply } from "./form.server.ts";
import { getConfig } from "../config/config.server.ts";
import { unitWithPlace } from "../assignment/views.server.ts";
import { ballotChoices, unitBallot, electionContests, ballotsOfUnit } from "../elections/contests.server.ts";
import { currentElection } from "../elections/elections.server.ts";
import { isStaffFor, mayReport } from "../tally/access.server.ts";
import { myLatestEntry, unitResultStatus } from "../tally/entries.server.ts";
import { registeredVoters } from "../geography/unit-facts.server.ts";
import { BALLOT_KEY, FIGURES, type Ballot } from "../tally/tally-rules.ts";
import { countFormOf, figuresOf } from "../elections/contest-kinds.ts";
import { orNotFound } from "./user-errors.server.ts";
import { myLiveCount } from "../live/snapshots.server.ts";
import { electionSlugOf, requestElection } from "./election-param.server.ts";

const params$ = z.object({ unit: z.string().regex(/^\d{2}-\d{2}-\d{6}-\d{3}$/), ballot: z.string().regex(BALLOT_KEY) });

/** The POST side: who may send for this unit, without what the page shows. */
export async function tallyAction(
  request: Request,
  params: Record<string, string | undefined>,
  mode: "report" | "blind",
) {
  const parsed = params$.safeParse(params);
  invariantResponse(parsed.success, "Not found");
  const user = await requireUser(request);
  const { unit: unitCode, ballot } = parsed.data;
  const election = await requestElection(request);
  const allowed = mode === "blind" ? isStaffFor(user, unitCode) : await mayReport(user, election.id, unitCode);
  invariantResponse(allowed, "Forbidden / ไม่มีสิทธิ์เข้าถึง", 403);
  return { user, unitCode, ballot: ballot as Ballot, electionSlug: electionSlugOf(request) };
}

export async function tallyPage(
  request: Request,
  params: Record<string, string | undefined>,
  mode: "report" | "blind",
) {
  const { user, unitCode, ballot, electionSlug } = await tallyAction(request, params, mode);
  const unit = await unitWithPlace(unitCode);
  invariantResponse(unit, "Not found");
  const election = await currentElection(electionSlug).catch(() => {
    throw new Response("No election", { status: 404 });
  });
  const { contest } = await orNotFound(unitBallot(election.id, unitCode, ballot));
  const [choices, status, mine, registered, ballots, live] = await Promise.all([
    ballotChoices(election.id, unitCode, ballot),
    unitResultStatus(election.id, unitCode, ballot),
    myLatestEntry(election.id, unitCode, ballot, user.id),
    registeredVoters(unitCode),
    unitContests(election.id, unitCode),
    mode === "report" ? myLiveCount(election.id, unitCode, ballot, user.id) : null,
  ]);
  return {
    user,
    unitCode,
    ballot,
    electionId: election.id,
    view: {
      ballot,
      contest: { kind: contest.kind, nameTh: contest.nameTh, nameEn: contest.nameEn },
      figures: figuresOf(contest.kind, FIGURES),
      ballots,
      unit: { code: unit.code, kind: unit.kind, addressTh: unit.addressTh, addressEn: unit.addressEn },
      // The count report this unit's committee fills in for this ballot (5/16 at an
      // advance-vote centre…).
      form: countFormOf(ballot, unit.kind),
      election: { slug: election.slug, nameTh: election.nameTh, nameEn: election.nameEn },
      // Kept in the page's links and form: the election this page is about.
      electionQuery: electionSlug ? `?election=${encodeURIComponent(election.slug)}` : "",
      choices,
      status,
      mine,
      // The person's realtime count: the Final Score form's starting point.
      live,
      registered,
      // Correcting what was sent is an explicit step (?correct=1), not the page's default.
      correcting: new URL(request.url).searchParams.get("correct") === "1",
      submissionId: randomUUID(),
      turnoutFlagPercent: getConfig().TURNOUT_FLAG_PERCENT,
      maxPhotoMb: Math.round(getConfig().TALLY_PHOTO_MAX_BYTES / 1024 / 1024),
    },
  };
}

/** The realtime count's tally page (ADR 0027): for the unit's placed volunteers and staff
 *  in scope, what the phone needs to count one ballot — the contest's kind, its choices,
 *  whether it has a vote-no box, the unit's register. The counts live on the phone. */
export async function livePage(request: Request, params: Record<string, string | undefined>) {
  const { unitCode, ballot, electionSlug } = await tallyAction(request, params, "report");
  const unit = await unitWithPlace(unitCode);
  invariantResponse(unit, "Not found");
  const election = await currentElection(electionSlug).catch(() => {
    throw new Response("No election", { status: 404 });
  });
  const { contest } = await orNotFound(unitBallot(election.id, unitCode, ballot));
  const [choices, registered] = await Promise.all([
    ballotChoices(election.id, unitCode, ballot),
    registeredVoters(unitCode),
  ]);
  return {
    ballot,
    contest: { kind: contest.kind, nameTh: contest.nameTh, nameEn: contest.nameEn },
    voteNoBox: figuresOf(contest.kind, FIGURES).includes("voteNo"),
    unit: { code: unit.code, addressTh: unit.addressTh, addressEn: unit.addressEn },
    election: { slug: election.slug, nameTh: election.nameTh, nameEn: election.nameEn },
    electionQuery: electionSlug ? `?election=${encodeURIComponent(election.slug)}` : "",
    choices,
    registered,
  };
}

/** The contests a unit votes in (key and names), in the election's order. */
export async function unitContests(electionId: string, unitCode: string) {
  const [contests, mine] = await Promise.all([electionContests(electionId), ballotsOfUnit(electionId, unitCode)]);
  return contests.filter((c) => mine.has(c.key)).map((c) => ({ key: c.key, nameTh: c.nameTh, nameEn: c.nameEn }));
}

/** The form's POST for both pages: the entry saved → back to the page with a notice;
 *  refused → the message and what was typed, with its 4xx. */
export async function tallyPost(
  request: Request,
  params: Record<string, string | undefined>,
  mode: "report" | "blind",
) {
  const { user, unitCode, ballot, electionSlug } = await tallyAction(request, params, mode);
  const outcome = await receiveReport(
    multipartParts(request),
    user,
    { election: electionSlug, unitCode, ballot },
    mode === "blind" ? "blind" : "reporter",
  );
  if ("refused" in outcome) {
    return userErrorReply(outcome.refused, { typed: outcome.typed });
  }
  const election = electionSlug ? `&election=${encodeURIComponent(electionSlug)}` : "";
  return redirect(
    `/${mode === "blind" ? "verify" : "report"}/${unitCode}/${ballot}?sent=${outcome.saved.replay ? "replay" : "1"}${election}`,
  );
}
