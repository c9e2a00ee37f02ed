// The realtime count's provisional figures (ADR 0027) beside the checked results: always
// labelled "provisional — counting in progress", in a frame of their own.
import { useEffect, useState } from "react";
import { Link } from "@remix-run/react";
import { useLocale, useT } from "./i18n.tsx";
import { formatNumber, formatTime } from "../i18n/format.ts";
import { ChoiceBars, usePercent } from "./contest-results.tsx";
import type { ProvisionalArea, ProvisionalContest } from "../live/provisional.server.ts";

type Provisional = ProvisionalContest | ProvisionalArea;
const REFRESH_MS = 2_000;

/** The provisional figures of a contest or an area: as given (a public page follows the
 *  count as a whole: ui/follow.tsx), or refreshed from `src` every two seconds (the review
 *  page, which is not followed). */
export function ProvisionalPanel(props: { initial: Provisional; src?: string; query?: string }) {
  const t = useT();
  const locale = useLocale();
  const pct = usePercent();
  const [polled, setPolled] = useState<Provisional | null>(null);
  useEffect(() => {
    if (!props.src) return;
    const src = props.src;
    let gone = false;
    const timer = setInterval(async () => {
      try {
        const answer = await fetch(src, { credentials: "same-origin" });
        if (answer.ok && !gone) setPolled((await answer.json()) as Provisional);
      } catch {
        /* offline a moment: the last figures stay, with their time */
      }
    }, REFRESH_MS);
    return () => {
      gone = true;
      clearInterval(timer);
    };
  }, [props.src]);
  const p = polled ?? props.initial;
  const n = (v: number) => formatNumber(v, locale);
  const counting = p.unitsCounting + p.unitsFinished;
  const areas = "areas" in p ? p.areas : null;
  const choices = p.choices;
  const name = (x: { nameTh: string; nameEn: string }) => (locale === "th" ? x.nameTh : x.nameEn);
  return (
    <section className="card provisional" aria-labelledby={`prov-${p.contest.key}`} data-testid="provisional">
      <h2 id={`prov-${p.contest.key}`}>
        <span className="badge pending">{t("live.provisional")}</span> {name(p.contest)}
      </h2>
      <p data-testid="provisional-units">
        {t("live.unitsCounting", {
          counting: n(p.unitsCounting),
          finished: n(p.unitsFinished),
          final: n(p.unitsFinal),
          units: n(p.units),
        })}
      </p>
      <p>
        {t("live.ballotsCounted")} <strong data-testid="provisional-ballots">{n(p.ballots)}</strong>
        {p.countedShare !== null && (
          <span className="hint"> · {t("live.countedShare", { pct: pct(p.countedShare) })}</span>
        )}
      </p>
      {counting === 0 ? (
        <p className="hint">{t("live.nothingYet")}</p>
      ) : choices ? (
        <ChoiceBars choices={choices.slice(0, 12)} label={t("live.provisional")} />
      ) : (
        areas && (
          <table className="compact">
            <caption className="visually-hidden">{t("live.leaders")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("live.area")}</th>
                <th scope="col">{t("live.leader")}</th>
                <th scope="col">{t("live.ballots")}</th>
              </tr>
            </thead>
            <tbody>
              {areas.slice(0, 50).map((a) => (
                <tr key={a.code}>
                  <td>
                    <Link to={`/results/a/${p.contest.key}/${a.code}${props.query ?? ""}`}>{name(a)}</Link>
                  </td>
                  <td>{a.leader ? t("live.number", { number: a.leader.number }) : "—"}</td>
                  <td>{n(a.ballots)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
      <p className="hint">
        {t("live.provisionalNote")} · {t("live.refreshedAt", { time: formatTime(p.refreshedAt, locale) })}
      </p>
    </section>
  );
}

interface FlaggedLiveUnit {
  unitCode: string;
  ballot: string;
  contestTh: string;
  contestEn: string;
  devices: number;
  ballots: number;
  eligible: number | null;
  final: boolean;
  flags: string[];
}

/** The realtime count's flagged units, for the head and the war room. */
export function LiveFlags(props: { units: FlaggedLiveUnit[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="live-flags" data-testid="live-flags">
      <h2 id="live-flags">{t("live.flaggedTitle")}</h2>
      {props.units.length === 0 ? (
        <p className="hint">{t("live.noFlags")}</p>
      ) : (
        <ul className="plain-list">
          {props.units.map((u) => (
            <li key={`${u.unitCode}-${u.ballot}`}>
              <span className="mono">{u.unitCode}</span> · {locale === "th" ? u.contestTh : u.contestEn} ·{" "}
              {formatNumber(u.ballots, locale)} {t("live.ballotsShort")}
              {u.devices > 1 && ` · ${t("live.devices", { n: u.devices })}`}{" "}
              {u.flags.map((f) => (
                <span key={f} className="badge rejected">
                  {t(`live.flag.${f}`)}
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
