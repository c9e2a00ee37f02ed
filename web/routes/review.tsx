import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useQueueKeys } from "../ui/queue-keys.tsx";
import { z } from "zod";
import { requireUser } from "../http/guards.server.ts";
import { can } from "../accounts/permissions.ts";
import { escalateResult, resolveResult, resultDetail } from "../tally/review.server.ts";
import { PAGE_SIZE, claimItem, releaseItem, workQueue, type QueueFilter } from "../command/queue.server.ts";
import { DECIDABLE_KINDS, QUEUE_KINDS } from "../command/queue-kinds.ts";
import { currentElection } from "../elections/elections.server.ts";
import type { ResultStatus } from "../generated/prisma/enums.ts";
import { mayCause } from "../tally/result-machine.ts";
import { releasedAt } from "../results/feed.server.ts";
import { BALLOT_KEY, FIGURES } from "../tally/tally-rules.ts";
import { isUserError } from "../errors.ts";
import { countFormName, useLocale, useT } from "../ui/i18n.tsx";
import { formatDateTime, formatTime } from "../i18n/format.ts";
import { useIsPending } from "../ui/use-is-pending.ts";
import { answerForm, formDone, formRefused, readForm } from "../http/form.server.ts";
import { FormAnswer } from "../ui/form-reply.tsx";
import { ElectionSwitch } from "../ui/election-switch.tsx";
import { electionChoice, electionSlugOf } from "../http/election-param.server.ts";
import { electionContests } from "../elections/contests.server.ts";
import { flaggedForHead, provisionalForReviewer } from "../live/provisional.server.ts";
import { LiveFlags, ProvisionalPanel } from "../ui/provisional.tsx";

export const meta: MetaFunction = () => [{ title: "ตรวจทานผล / Review" }];

// The work queue (issue 37): filtered, searched and paged on the server; impact first.
const filterSchema = z.object({
  contest: z.string().regex(BALLOT_KEY).optional().catch(undefined),
  province: z
    .string()
    .regex(/^\d{2}$/)
    .optional()
    .catch(undefined),
  constituency: z
    .string()
    .regex(/^\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
  kind: z
    .enum([...QUEUE_KINDS, "decidable", "all"])
    .default("decidable")
    .catch("decidable"),
  older: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional()
    .catch(undefined),
  unit: z
    .string()
    .regex(/^[\d-]{2,16}$/)
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});

function queueFilter(url: URL): QueueFilter & { raw: Record<string, string> } {
  const raw = Object.fromEntries([...url.searchParams].filter(([k, v]) => k !== "election" && v !== ""));
  const f = filterSchema.parse(raw);
  return {
    raw,
    ballot: f.contest ?? null,
    province: f.province ?? null,
    constituency: f.constituency ?? null,
    kind: f.kind,
    olderThanMinutes: f.older ?? null,
    unit: f.unit ?? null,
    page: f.page,
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { election, elections } = await electionChoice(request);
  const filter = queueFilter(new URL(request.url));
  try {
    const queue = await workQueue(user, election, filter);
    const released = await releasedAt();
    const contests = new Map((await electionContests(election.id)).map((c) => [c.key, c]));
    // The realtime count beside the queue: its provisional figures and its flagged units;
    // each item that waits for a decision with its entries side by side.
    const [provisional, flagged, details] = await Promise.all([
      provisionalForReviewer(user, election.id),
      flaggedForHead(user, election.id),
      Promise.all(
        queue.items.map((q) =>
          DECIDABLE_KINDS.includes(q.kind) ? resultDetail(election.id, q.unitCode, q.ballot) : Promise.resolve(null),
        ),
      ),
    ]);
    return {
      me: user.id,
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
      contests: [...contests.values()].map((c) => ({ key: c.key, nameTh: c.nameTh, nameEn: c.nameEn })),
      filter: filter.raw,
      page: Math.max(1, filter.page),
      pages: Math.max(1, Math.ceil(queue.total / PAGE_SIZE)),
      total: queue.total,
      byKind: queue.byKind,
      queue: queue.items.map((q, i) => ({
        unitCode: q.unitCode,
        ballot: q.ballot,
        kind: q.kind,
        since: q.since.toISOString(),
        couldChangeLeader: q.couldChangeLeader,
        claimedBy: q.claimedBy,
        contestTh: contests.get(q.ballot)?.nameTh ?? q.ballot,
        contestEn: contests.get(q.ballot)?.nameEn ?? q.ballot,
        status: (q.status ?? "reported") as ResultStatus,
        entries: (details[i]?.entries ?? []).map((e) => ({
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
        photos: (details[i]?.photos ?? []).map((p) => ({ id: p.id, kind: p.kind })),
      })),
    };
  } catch (error) {
    if (isUserError(error)) throw new Response("Forbidden / ไม่มีสิทธิ์เข้าถึง", { status: error.status });
    throw error;
  }
}

const unitCode = z.string().regex(/^\d{2}-\d{2}-\d{6}-\d{3}$/);
const actionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("resolve"),
    unitCode,
    ballot: z.string().regex(BALLOT_KEY),
    entryId: z.uuid(),
    reason: z.string().max(500).default(""),
    // Each anomaly of the chosen entry that the decision accepts, ticked by name.
    accepts: z
      .union([z.string().max(64), z.array(z.string().max(64)).max(50)])
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
  }),
  z.object({
    intent: z.literal("escalate"),
    unitCode,
    ballot: z.string().regex(BALLOT_KEY),
    reason: z.string().max(500).default(""),
  }),
  z.object({ intent: z.enum(["claim", "letgo"]), unitCode, ballot: z.string().regex(BALLOT_KEY) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = await readForm(request, actionSchema);
  if (parsed.status !== "success") return formRefused("form.badRequest");
  const v = parsed.value;
  const electionSlug = electionSlugOf(request);
  return answerForm(async () => {
    const election = await currentElection(electionSlug);
    if (v.intent === "claim") {
      await claimItem(user, election.id, v.unitCode, v.ballot);
      return formDone(null);
    }
    if (v.intent === "letgo") {
      await releaseItem(user, election.id, v.unitCode, v.ballot);
      return formDone(null);
    }
    // Deciding takes the item first: two operators never decide the same one.
    await claimItem(user, election.id, v.unitCode, v.ballot);
    if (v.intent === "resolve") {
      await resolveResult(user, v.unitCode, v.ballot, v.entryId, v.reason, v.accepts, electionSlug);
    } else if (v.intent === "escalate") await escalateResult(user, v.unitCode, v.ballot, v.reason, electionSlug);
    await releaseItem(user, election.id, v.unitCode, v.ballot);
    return formDone({
      key: v.intent === "resolve" ? "review.resolvedUnit" : "review.escalatedUnit",
      params: { unit: v.unitCode },
    });
  });
}

export default function Review() {
  const d = useLoaderData<typeof loader>();
  const { queue, warRoom, releasedAt: released, election, elections, provisional, flagged, query } = d;
  const result = useActionData<typeof action>();
  const busy = useIsPending();
  // What this reviewer may do to each result: the result machine's table.
  const actor = warRoom ? "warRoom" : "head";
  const t = useT();
  const locale = useLocale();
  useQueueKeys();
  const link = (change: Record<string, string | number | null>) => {
    const params = new URLSearchParams({ election, ...d.filter });
    for (const [k, v] of Object.entries(change)) {
      if (v === null || v === "") params.delete(k);
      else params.set(k, String(v));
    }
    return `/review?${params}`;
  };
  return (
    <>
      <section className="card" aria-labelledby="review-title">
        <h1 id="review-title">{t("queue.title")}</h1>
        <ElectionSwitch elections={elections} current={election} path="/review" />
        {warRoom && (
          <p className="inline-form" data-testid="embargo">
            <span>
              {released ? t("results.released", { at: formatDateTime(released, locale) }) : t("results.notReleased")}
            </span>{" "}
            <Link to={`/command/release${query}`} className="button">
              {t(released ? "results.hold" : "results.release")}
            </Link>{" "}
            <Link to={`/command${query}`}>{t("command.title")}</Link>
          </p>
        )}
        <FormAnswer reply={result} />
        <ul className="kind-tabs" data-testid="queue-kinds">
          {(["decidable", ...QUEUE_KINDS, "all"] as const).map((k) => {
            const n =
              k === "all"
                ? Object.values(d.byKind).reduce((a, b) => a + b, 0)
                : k === "decidable"
                  ? DECIDABLE_KINDS.reduce((a, b) => a + d.byKind[b], 0)
                  : d.byKind[k];
            const current = (d.filter.kind ?? "decidable") === k;
            return (
              <li key={k}>
                <Link
                  to={link({ kind: k === "decidable" ? null : k, page: null })}
                  className={`badge ${current ? "approved" : "pending"}`}
                  aria-current={current ? "page" : undefined}
                >
                  {k === "decidable" ? t("queue.decidable") : k === "all" ? t("queue.all") : t(`queue.kinds.${k}`)} ({n}
                  )
                </Link>
              </li>
            );
          })}
        </ul>
        <Form method="get" className="queue-filters" aria-label={t("queue.filters")}>
          <input type="hidden" name="election" value={election} />
          {d.filter.kind && <input type="hidden" name="kind" value={d.filter.kind} />}
          <label>
            {t("queue.unit")}
            <input
              name="unit"
              defaultValue={d.filter.unit ?? ""}
              inputMode="numeric"
              pattern="[0-9-]{2,16}"
              data-testid="queue-search"
            />
          </label>
          <label>
            {t("queue.contest")}
            <select name="contest" defaultValue={d.filter.contest ?? ""}>
              <option value="">—</option>
              {d.contests.map((c) => (
                <option key={c.key} value={c.key}>
                  {locale === "th" ? c.nameTh : c.nameEn}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("queue.province")}
            <input
              name="province"
              defaultValue={d.filter.province ?? ""}
              inputMode="numeric"
              pattern="[0-9]{2}"
              size={3}
            />
          </label>
          <label>
            {t("queue.constituency")}
            <input
              name="constituency"
              defaultValue={d.filter.constituency ?? ""}
              pattern="[0-9]{2}-[0-9]{2}"
              size={6}
            />
          </label>
          <label>
            {t("queue.olderThan")}
            <input name="older" type="number" min={1} max={1440} defaultValue={d.filter.older ?? ""} size={4} />
          </label>
          <button type="submit" className="secondary">
            {t("queue.apply")}
          </button>
          <Link to={`/review${query}`}>{t("queue.clear")}</Link>
        </Form>
        <p data-testid="queue-total">
          {t("queue.total", { n: d.total })} · {t("queue.page", { page: d.page, pages: d.pages })}{" "}
          <span className="hint">{t("queue.keys")}</span>
        </p>
        {queue.length === 0 ? (
          <p>
            {d.total === 0 && (d.filter.kind ?? "decidable") === "decidable" && Object.keys(d.filter).length === 0
              ? t("review.empty")
              : t("queue.empty")}
          </p>
        ) : (
          queue.map((q) => {
            const numbers = [...new Set(q.entries.flatMap((e) => Object.keys(e.votes)))].sort(
              (a, b) => Number(a) - Number(b),
            );
            const differs = (values: number[]) => new Set(values).size > 1;
            const heldByOther = q.claimedBy && q.claimedBy.id !== d.me;
            return (
              <article
                key={`${q.unitCode}-${q.ballot}-${q.kind}`}
                className="review-item queue-row"
                data-testid="review-item"
                data-unit={q.unitCode}
                data-kind={q.kind}
                tabIndex={-1}
              >
                <h2 className="mono">
                  {q.unitCode} · {locale === "th" ? q.contestTh : q.contestEn}{" "}
                  <span className="badge pending">{t(`queue.kinds.${q.kind}`)}</span>{" "}
                  {q.entries.length > 0 && <span className="badge pending">{t(`report.status.${q.status}`)}</span>}{" "}
                  {q.couldChangeLeader && (
                    <span className="badge flagged" data-testid="could-change">
                      {t("command.couldChange")}
                    </span>
                  )}
                </h2>
                <p className="hint">
                  {t("queue.since")} {formatTime(q.since, locale)}
                  {q.claimedBy && (
                    <>
                      {" · "}
                      <strong data-testid="claimed-by">
                        {q.claimedBy.id === d.me ? t("queue.mine") : t("queue.claimedBy", { name: q.claimedBy.name })}
                      </strong>
                    </>
                  )}
                </p>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="unitCode" value={q.unitCode} />
                  <input type="hidden" name="ballot" value={q.ballot} />
                  {q.claimedBy?.id === d.me ? (
                    <button type="submit" name="intent" value="letgo" className="secondary" disabled={busy}>
                      {t("queue.release")}
                    </button>
                  ) : (
                    <button
                      type="submit"
                      name="intent"
                      value="claim"
                      className="secondary"
                      disabled={busy || !!heldByOther}
                      data-claim
                    >
                      {t("queue.claim")}
                    </button>
                  )}{" "}
                  {q.entries.length === 0 && (
                    <Link to={`/verify/${q.unitCode}/${q.ballot}${query}`} data-open>
                      {t("queue.open")}
                    </Link>
                  )}
                </Form>
                {q.entries.length > 0 && q.photos.length > 0 && (
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
                {q.entries.length > 0 && (
                  <>
                    <div className="table-scroll" tabIndex={0}>
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
                      <input
                        id={`reason-${q.unitCode}-${q.ballot}`}
                        name="reason"
                        required
                        minLength={3}
                        maxLength={500}
                      />
                      <div className="actions">
                        {mayCause("decide", actor, q.status) && (
                          <button
                            type="submit"
                            name="intent"
                            value="resolve"
                            className="primary"
                            disabled={busy || !!heldByOther}
                          >
                            {t("review.choose")}
                          </button>
                        )}
                        {mayCause("escalate", actor, q.status) && (
                          <button type="submit" name="intent" value="escalate" disabled={busy || !!heldByOther}>
                            {t("review.escalate")}
                          </button>
                        )}
                      </div>
                    </Form>
                  </>
                )}
              </article>
            );
          })
        )}
        <nav className="inline-form" aria-label={t("queue.page", { page: d.page, pages: d.pages })}>
          {d.page > 1 && <Link to={link({ page: d.page - 1 })}>{t("queue.prev")}</Link>}{" "}
          {d.page < d.pages && (
            <Link to={link({ page: d.page + 1 })} data-testid="queue-next">
              {t("queue.next")}
            </Link>
          )}
        </nav>
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
