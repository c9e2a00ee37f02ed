import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../http/guards.server.ts";
import { electionChoice } from "../http/election-param.server.ts";
import { boardContest, electionBoard } from "../command/board.server.ts";
import { callCounts } from "../results/races.server.ts";
import { CALL_STATUSES } from "../results/calls.ts";
import { commandScope } from "../command/scope.server.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatDateTime, formatNumber } from "../i18n/format.ts";
import { ElectionSwitch } from "../ui/election-switch.tsx";
import { BoardGrid, GridLegend, IncidentsLink, StateBar, StateCounts, arrivedShare } from "../ui/board.tsx";
import { incidentSummary } from "../incidents/incidents.server.ts";
import { UpdateStatus, useBoardUpdates } from "../ui/board-updates.tsx";
import { orNotFound } from "../http/user-errors.server.ts";
import { localeFromCookie } from "../i18n/i18n.ts";

export const meta: MetaFunction = () => [{ title: "กระดานคืนเลือกตั้ง / Election-night board" }];

const CONSTITUENCY = /^\d{2}-\d{2}$/;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "command:read");
  const { election, elections, query } = await electionChoice(request);
  const scope = await orNotFound(async () => commandScope(user), "Forbidden / ไม่มีสิทธิ์เข้าถึง", 403);
  // A head's board is their constituency's.
  if (scope) throw redirect(`/command/c/${scope[0]}${query}`);
  const url = new URL(request.url);
  const { contests, ballot } = await boardContest(election.id, url.searchParams.get("contest"));
  if (!ballot) throw new Response("No contest / ยังไม่มีการเลือกตั้งย่อย", { status: 404 });
  const [board, calls, incidents] = await Promise.all([
    electionBoard(election, ballot),
    callCounts(election.id, ballot),
    incidentSummary(election.id),
  ]);
  const sep = query ? "&" : "?";
  const linkOf = (code: string) =>
    CONSTITUENCY.test(code) ? `/command/c/${code}${query}${sep}contest=${ballot}` : null;
  const names = new Map(board.areas.map((a) => [a.areaCode, a]));
  const en = localeFromCookie(request.headers.get("cookie")) === "en";
  return {
    at: new Date().toISOString(),
    version: board.version,
    election: election.slug,
    elections,
    query,
    ballot,
    contests: contests.map((c) => ({ key: c.key, nameTh: c.nameTh, nameEn: c.nameEn })),
    nation: board.nation,
    calls,
    incidents,
    lateSince: board.lateSince,
    // Every screen reloads this on each change: names in the reader's language only.
    provinces: board.provinces.map((p) => ({
      ...p,
      areas: board.areas
        .filter((a) => a.provinceCode === p.code)
        .map((a) => ({
          areaCode: a.areaCode,
          name: en ? a.nameEn : a.nameTh,
          units: a.units,
          counts: a.counts,
          late: a.late,
          couldChange: a.impact.couldChange,
          quarantineCouldChange: a.impact.quarantineCouldChange,
          href: linkOf(a.areaCode),
        })),
    })),
    // The races the open units could still turn, the flagged ones first, then the closest.
    contested: board.areas
      .filter((a) => a.impact.couldChange || a.impact.quarantineCouldChange)
      .sort(
        (a, b) =>
          Number(b.impact.quarantineCouldChange) - Number(a.impact.quarantineCouldChange) ||
          a.impact.margin - a.impact.outstanding - (b.impact.margin - b.impact.outstanding),
      )
      .slice(0, 30)
      .map((a) => ({
        areaCode: a.areaCode,
        nameTh: names.get(a.areaCode)!.nameTh,
        nameEn: names.get(a.areaCode)!.nameEn,
        href: linkOf(a.areaCode),
        ...a.impact,
      })),
  };
}

export default function CommandBoard() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const connected = useBoardUpdates(d.election, d.version, d.ballot);
  const n = d.nation;
  return (
    <>
      <section className="card" aria-labelledby="board-title">
        <h1 id="board-title">{t("command.title")}</h1>
        <ElectionSwitch elections={d.elections} current={d.election} path="/command" />
        <Form method="get" className="inline-form">
          {d.query && <input type="hidden" name="election" value={d.election} />}
          <label>
            {t("command.contest")}{" "}
            <select name="contest" defaultValue={d.ballot}>
              {d.contests.map((c) => (
                <option key={c.key} value={c.key}>
                  {locale === "th" ? c.nameTh : c.nameEn}
                </option>
              ))}
            </select>
          </label>{" "}
          <button type="submit" className="secondary">
            {t("queue.apply")}
          </button>
        </Form>
        <UpdateStatus connected={connected} at={d.at} />
        <nav className="inline-form" aria-label={t("command.title")}>
          <Link to={`/review${d.query}`}>{t("command.queue")}</Link> ·{" "}
          <Link to={`/command/late${d.query}`}>{t("command.late")}</Link> ·{" "}
          <Link to={`/command/release${d.query}`}>{t("command.release")}</Link> ·{" "}
          <Link to={`/command/handover${d.query}`}>{t("command.handover")}</Link> ·{" "}
          <IncidentsLink summary={d.incidents} href={`/incidents${d.query}`} />
        </nav>
      </section>
      <section className="card" aria-labelledby="nation-title">
        <h2 id="nation-title">
          {t("command.national")}: {formatNumber(Math.round(1000 * arrivedShare(n)) / 10, locale)}%{" "}
          {t("command.arrived")}
        </h2>
        <StateBar units={n.units} counts={n.counts} label={t("command.national")} />
        <StateCounts units={n.units} counts={n.counts} testId="nation-counts" />
        <p>
          {t("command.late")}: <strong data-testid="nation-late">{formatNumber(n.late, locale)}</strong> ·{" "}
          {t("command.couldChangeCount", { n: n.couldChange })}
        </p>
        {d.calls.areas > 0 && (
          <p data-testid="board-calls">
            {CALL_STATUSES.filter((c) => d.calls.verified[c]).map((c) => (
              <span key={c}>
                <span className={`badge call-${c}`}>{t(`calls.${c}`)}</span>{" "}
                {formatNumber(d.calls.verified[c]!, locale)}{" "}
              </span>
            ))}
            <span className="hint">
              {t("command.callsOf", { n: formatNumber(d.calls.areas, locale) })} ·{" "}
              {t("command.projectedDecided", {
                n: formatNumber(d.calls.projected.decided ?? 0, locale),
              })}
            </span>
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="grid-title">
        <h2 id="grid-title">{t("command.areas")}</h2>
        <GridLegend />
        <BoardGrid provinces={d.provinces} />
      </section>
      {d.contested.length > 0 && (
        <section className="card" aria-labelledby="contested-title">
          <h2 id="contested-title">{t("command.couldChange")}</h2>
          <ul data-testid="contested">
            {d.contested.map((c) => (
              <li key={c.areaCode}>
                {c.href ? (
                  <Link to={c.href}>{locale === "th" ? c.nameTh : c.nameEn}</Link>
                ) : locale === "th" ? (
                  c.nameTh
                ) : (
                  c.nameEn
                )}{" "}
                {c.quarantineCouldChange && <span className="badge flagged">{t("command.couldChangeQuarantine")}</span>}{" "}
                <span className="hint">
                  {c.leader === null
                    ? t("command.openNoLeader", {
                        outstanding: formatNumber(c.outstanding, locale),
                        quarantined: formatNumber(c.quarantined, locale),
                      })
                    : t("command.margin", {
                        leader: c.leader ?? "—",
                        margin: formatNumber(c.margin, locale),
                        outstanding: formatNumber(c.outstanding, locale),
                        quarantined: formatNumber(c.quarantined, locale),
                      })}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="card" aria-labelledby="provinces-title">
        <h2 id="provinces-title">{t("command.provinces")}</h2>
        <div className="table-scroll" tabIndex={0}>
          <table data-testid="province-table">
            <caption className="hint">{t("command.tableAlt")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("command.provinces")}</th>
                <th scope="col">{t("command.units")}</th>
                <th scope="col">{t("command.arrived")}</th>
                <th scope="col">{t("command.states.counting")}</th>
                <th scope="col">{t("command.states.flagged")}</th>
                <th scope="col">{t("command.states.disputed")}</th>
                <th scope="col">{t("command.states.silent")}</th>
                <th scope="col">{t("command.late")}</th>
              </tr>
            </thead>
            <tbody>
              {d.provinces.map((p) => (
                <tr key={p.code}>
                  <th scope="row">{locale === "th" ? p.nameTh : p.nameEn}</th>
                  <td>{formatNumber(p.units, locale)}</td>
                  <td>{formatNumber(Math.round(100 * arrivedShare(p)), locale)}%</td>
                  <td>{formatNumber(p.counts.counting, locale)}</td>
                  <td>{formatNumber(p.counts.flagged, locale)}</td>
                  <td>{formatNumber(p.counts.disputed, locale)}</td>
                  <td>{formatNumber(p.counts.silent, locale)}</td>
                  <td>{formatNumber(p.late, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {d.lateSince && <p className="hint">{t("command.lateSince", { at: formatDateTime(d.lateSince, locale) })}</p>}
      </section>
    </>
  );
}
