// POST /api/v1/entries: the reporter app's JSON endpoint for a count (the figures; photos
// go through the report form). Mounted on Express ahead of Remix: on election night
// this is the busiest request, and it needs no page rendering. Same checks, same module.
import type { Request as ExpressRequest, Response as ExpressResponse } from "express";
import { getSessionUser } from "../accounts/session.server.ts";
import { bilingual } from "../i18n/i18n.ts";
import { isUserError } from "../errors.ts";
import { submitEntry } from "./entries.server.ts";
import { BALLOTS, type Ballot } from "./tally-rules.ts";

export async function postEntry(req: ExpressRequest, res: ExpressResponse) {
  try {
    const user = await getSessionUser(new Request("http://local/", { headers: { cookie: req.headers.cookie ?? "" } }));
    if (!user) return void res.status(401).json({ error: "unauthorized", message: bilingual("tally.notYourUnit") });
    const body = (req.body ?? {}) as Record<string, unknown>;
    const ballot = String(body.ballot ?? "") as Ballot;
    const source = body.source === "blind" ? "blind" : "reporter";
    if (!BALLOTS.includes(ballot) || typeof body.figures !== "object" || body.figures === null) {
      return void res.status(400).json({ error: "tally.badSubmission", message: bilingual("tally.badSubmission") });
    }
    const result = await submitEntry(user, {
      submissionId: String(body.submissionId ?? ""), unitCode: String(body.unitCode ?? ""), ballot, source, fields: body.figures as Record<string, unknown>,
    });
    res.status(result.replay ? 200 : 201).json({ id: result.entry.id, status: result.status, replay: result.replay });
  } catch (error) {
    if (isUserError(error)) {
      return void res.status(error.status).json({ error: error.code, params: error.params, message: bilingual(error.code, error.params) });
    }
    res.status(500).json({ error: "internal" });
    throw error;
  }
}
