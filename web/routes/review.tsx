import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { invariantResponse, requireUser } from "../http/guards.server.ts";
import { can } from "../accounts/permissions.ts";
import { escalateResult, resolveResult, reviewQueue } from "../tally/review.server.ts";
import { mayCause } from "../tally/result-machine.ts";
import { releasedAt, setRelease } from "../results/feed.server.ts";
import { BALLOT_KEY, FIGURES } from "../tally/tally-rules.ts";
import { isUserError } from "../errors.ts";
import { countFormName, useLocale, useT } from "../ui/i18n.tsx";
import { formatDateTime, formatTime } from "../i18n/format.ts";
import { useIsPending } from "../ui/use-is-pending.ts";
import { answerForm, formDone, formRefused } from "../http/form.server.ts";
import { FormAnswer } from "../ui/form-reply.tsx";
import { ElectionSwitch } from "../ui/election-switch.tsx";
import { electionChoice, electionSlugOf } from "../http/election-param.server.ts";
import { electionContests } from "../elections/contests.server.ts";
import { flaggedForHead, provisionalForReviewer } from "../live/provisional.server.ts";
import { LiveFlags, ProvisionalPanel } from "../ui/provisional.tsx";

export const meta: MetaFunction = () => [{ title: "ตรวจทานผล / Review" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { election, elections } = await electionChoice(request);
  try {
    const queue = await reviewQueue(user, 50, election.slug);
    const released = await releasedAt();
    const contests = new Map((await electionContests(election.id)).map((c) => [c.key, c]));
    // The realtime count beside the queue: its provisional figures and its flagged units.
    const [provisional, flagged] = await Promise.all([
      provisionalForReviewer(user, election.id),
      flaggedForHead(user, election.id),
    ]);
    return {
      provisional,
      flagged: flagged.map(({ updatedAt: _at, areaCode: _area, ...f }) => ({
        ...f,
        contestTh: contests.get(f.ballot)?.nameTh ?? f.ballot,
        contestEn: contests.get(f.ballot)?.nameEn ?? f.ballot,
      })),
      query: `?election=${encodeURIComponent(election.slug)}`,
      warRoom: can(user, "warroom:verify"),
      releasedAt: released?.toISOString() ?? null,
      election: election.slug,
      elections,
      queue: queue.map((q) => ({
        unitCode: q.unitCode,
        ballot: q.ballot,
        contestTh: contests.get(q.ballot)?.nameTh ?? q.ballot,
        contestEn: contests.get(q.ballot)?.nameEn ?? q.ballot,
        status: q.status,
        entries: q.entries.map((e) => ({
          id: e.id,
          source: e.source,
          at: e.createdAt.toISOString(),
          flags: e.flags,
          figures: Object.fromEntries(FIGURES.map((f) => [f, e[f]])) as Record<string, number | null>,
          remarks: e.remarks,
          correctionReason: e.correctionReason,
          formPosted: e.formPosted,
          votes: e.votes as Record<string, number>,
        })),
        photos: q.photos.map((p) => ({ id: p.id, kind: p.kind })),
      })),
    };
  } catch (error) {
    if (isUserError(error)) throw new Response("Forbidden / ไม่มีสิทธิ์เข้าถึง", { status: error.status });
    throw error;
  }
}

const actionSchema = z.object({
  intent: z.enum(["resolve", "escalate"]),
  unitCode: z.string().regex(/^\d{2}-\d{2}-\d{6}-\d{3}$/),
  ballot: z.string().regex(BALLOT_KEY),
  entryId: z.uuid().optional(),
  reason: z.string().max(500).default(""),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const data = await request.formData();
  const form = Object.fromEntries(data);
  if (form.intent === "release" || form.intent === "hold") {
    invariantResponse(can(user, "warroom:verify"), "Forbidden", 403);
    await setRelease(form.intent === "release", user.id);
    return formDone(null);
  }
  const parsed = actionSchema.safeParse(form);
  if (!parsed.success || (parsed.data.intent === "resolve" && !parsed.data.entryId))
    return formRefused("form.badRequest");
  const { intent, unitCode, ballot, entryId, reason } = parsed.data;
  return answerForm(async () => {
    // Each anomaly of the chosen entry that the decision accepts, ticked by name.
    const accepts = data.getAll("accepts").map(String);
    const election = electionSlugOf(request);
    if (intent === "resolve") await resolveResult(user, unitCode, ballot, entryId!, reason, accepts, election);
    else await escalateResult(user, unitCode, ballot, reason, election);
    return formDone(intent === "resolve" ? "review.resolved" : "review.escalated");
  });
}

export default function Review() {
  const {
    queue,
    warRoom,
    releasedAt: released,
    election,
    elections,
    provisional,
    flagged,
    query,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useIsPending();
  // What this reviewer may do to each result: the result machine's table.
  const actor = warRoom ? "warRoom" : "head";
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <section className="card" aria-labelledby="review-title">
        <h1 id="review-title">{t("review.title")}</h1>
        <ElectionSwitch elections={elections} current={election} path="/review" />
        {warRoom && (
          <Form method="post" className="inline-form" data-testid="embargo">
            <span>
              {released ? t("results.released", { at: formatDateTime(released, locale) }) : t("results.notReleased")}
            </span>
            <button
              type="submit"
              name="intent"
              value={released ? "hold" : "release"}
              className={released ? "" : "primary"}
            >
              {t(released ? "results.hold" : "results.release")}
            </button>
          </Form>
        )}
        <FormAnswer reply={result} />
        {queue.length === 0 ? (
          <p>{t("review.empty")}</p>
        ) : (
          queue.map((q) => {
            const numbers = [...new Set(q.entries.flatMap((e) => Object.keys(e.votes)))].sort(
              (a, b) => Number(a) - Number(b),
            );
            const differs = (values: number[]) => new Set(values).size > 1;
            return (
              <article key={`${q.unitCode}-${q.ballot}`} className="review-item" data-testid="review-item">
                <h2 className="mono">
                  {q.unitCode} · {locale === "th" ? q.contestTh : q.contestEn}{" "}
                  <span className="badge pending">{t(`report.status.${q.status}`)}</span>
                </h2>
                {q.photos.length > 0 && (
                  <div className="photo-strip">
                    {q.photos.map((p) => (
                      <a key={p.id} href={`/photos/${p.id}`} target="_blank" rel="noreferrer">
                        <img
                          src={`/photos/${p.id}`}
                          alt={t(p.kind === "board" ? "report.photoBoard" : "report.photoForm", {
                            form: countFormName(t, null),
                          })}
                          loading="lazy"
                        />
                      </a>
                    ))}
                  </div>
                )}
                <div className="table-scroll">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">&nbsp;</th>
                        {q.entries.map((e, i) => (
                          <th scope="col" key={e.id}>
                            {t("review.entry", { n: i + 1 })}
                            <div className="hint">
                              {t(`review.sources.${e.source}`)} · {formatTime(e.at, locale)}
                            </div>
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {FIGURES.map((f) => {
                        const values = q.entries.map((e) => e.figures[f]!);
                        return (
                          <tr key={f} className={differs(values) ? "differs" : ""}>
                            <th scope="row">{t(`report.${f}`)}</th>
                            {values.map((v, i) => (
                              <td key={i}>{v}</td>
                            ))}
                          </tr>
                        );
                      })}
                      {numbers.map((n) => {
                        const values = q.entries.map((e) => e.votes[n] ?? 0);
                        return (
                          <tr key={n} className={differs(values) ? "differs" : ""}>
                            <th scope="row">{t("report.number", { n })}</th>
                            {values.map((v, i) => (
                              <td key={i}>{v}</td>
                            ))}
                          </tr>
                        );
                      })}
                      <tr>
                        <th scope="row">{t("review.flagsRow")}</th>
                        {q.entries.map((e) => (
                          <td key={e.id} data-testid="entry-flags">
                            {e.flags.map((f) => t(`review.flags.${f}`)).join(", ")}
                          </td>
                        ))}
                      </tr>
                      <tr>
                        <th scope="row">{t("report.formPosted", { form: countFormName(t, null) })}</th>
                        {q.entries.map((e) => (
                          <td key={e.id}>
                            {e.formPosted === null ? "—" : t(`report.posted.${e.formPosted ? "yes" : "no"}`)}
                          </td>
                        ))}
                      </tr>
                      {(["remarks", "correctionReason"] as const).map((d) =>
                        q.entries.some((e) => e[d]) ? (
                          <tr key={d}>
                            <th scope="row">{t(`report.${d}`)}</th>
                            {q.entries.map((e) => (
                              <td key={e.id} className="prose">
                                {e[d] ?? "—"}
                              </td>
                            ))}
                          </tr>
                        ) : null,
                      )}
                    </tbody>
                  </table>
                </div>
                <Form method="post">
                  <input type="hidden" name="unitCode" value={q.unitCode} />
                  <input type="hidden" name="ballot" value={q.ballot} />
                  <fieldset>
                    <legend>{t("review.choose")}</legend>
                    {q.entries.map((e, i) => (
                      <label key={e.id} className="check">
                        <input type="radio" name="entryId" value={e.id} required={false} />{" "}
                        {t("review.entry", { n: i + 1 })}
                      </label>
                    ))}
                  </fieldset>
                  {q.entries.some((e) => e.flags.length) && (
                    <fieldset>
                      <legend>{t("review.accepts")}</legend>
                      {[...new Set(q.entries.flatMap((e) => e.flags))].map((f) => (
                        <label key={f} className="check">
                          <input type="checkbox" name="accepts" value={f} /> {t(`review.flags.${f}`)}
                        </label>
                      ))}
                    </fieldset>
                  )}
                  {!q.photos.some((p) => p.kind === "form") && (
                    <p className="hint" data-testid="no-form-photo">
                      {t("review.noFormPhoto")}
                    </p>
                  )}
                  <label htmlFor={`reason-${q.unitCode}-${q.ballot}`}>{t("review.reason")}</label>
                  <input id={`reason-${q.unitCode}-${q.ballot}`} name="reason" required minLength={3} maxLength={500} />
                  <div className="actions">
                    {mayCause("decide", actor, q.status) && (
                      <button type="submit" name="intent" value="resolve" className="primary" disabled={busy}>
                        {t("review.choose")}
                      </button>
                    )}
                    {mayCause("escalate", actor, q.status) && (
                      <button type="submit" name="intent" value="escalate" disabled={busy}>
                        {t("review.escalate")}
                      </button>
                    )}
                  </div>
                </Form>
              </article>
            );
          })
        )}
      </section>
      {provisional.map((p) => (
        <ProvisionalPanel
          key={`${p.contest.key}-${"area" in p ? p.area : ""}`}
          initial={p}
          src={`/results/live/${p.contest.key}${query}${"area" in p ? `&area=${encodeURIComponent(String(p.area))}` : ""}`}
          query={query}
        />
      ))}
      <LiveFlags units={flagged} />
    </>
  );
}
