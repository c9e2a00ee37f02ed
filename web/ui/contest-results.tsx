// A contest's results as a card (any kind but the general election's party list and
// constituencies, which have their own sections): the coverage, the choices as bars and,
// by the kind's rule, who leads, the seats, or — decided per area — the areas to open.
import { Link } from "@remix-run/react";
import { useLocale, useT } from "./i18n.tsx";
import { formatNumber, intlLocale } from "../i18n/format.ts";
import { LevelCounts } from "./level-counts.tsx";
import { hasVoteNoBox } from "../elections/contest-kinds.ts";
import type { LevelCounts as Levels } from "../results/results.server.ts";

export interface ChoiceVotes {
  number: number;
  nameTh: string;
  nameEn: string;
  colour: string;
  votes: number;
  share?: number;
  seats?: number | null;
}

export interface ContestView {
  contest: { key: string; kind: string; nameTh: string; nameEn: string; seats: number | null };
  decidedIn: "area" | "contest" | "none";
  coverage: { units: number; reported: number; verified: number; levels: Levels };
  turnout: number | null;
  invalid: number;
  voteNo: number;
  choices: ChoiceVotes[];
  leader: { number: number; margin: number } | null;
  tiedForFirst: number[];
  voteNoWins: boolean;
  tiedForLastSeats: number[];
  areas: {
    code: string;
    nameTh: string;
    nameEn: string;
    seats: number;
    units: number;
    unitsVerified: number;
    leaderNumber: number | null;
  }[];
}

export function usePercent() {
  const locale = useLocale();
  return (x: number | null) => (x == null ? "—" : `${(Math.round(x * 1000) / 10).toLocaleString(intlLocale(locale))}%`);
}

/** Votes per choice as horizontal bars, most first. */
export function ChoiceBars(props: { choices: ChoiceVotes[]; label: string }) {
  const locale = useLocale();
  const pct = usePercent();
  const total = props.choices.reduce((s, c) => s + c.votes, 0);
  const max = Math.max(1, ...props.choices.map((c) => c.votes));
  return (
    <figure className="bars" aria-label={props.label}>
      {props.choices.map((c) => (
        <div className="bar-row" key={c.number} data-testid={`choice-${c.number}`}>
          <span className="bar-label">
            {c.number}. {locale === "th" ? c.nameTh : c.nameEn}
          </span>
          <span className="bar" style={{ width: `${(100 * c.votes) / max}%`, background: c.colour }} />
          <span className="bar-value">
            {formatNumber(c.votes, locale)} · {pct(total ? c.votes / total : 0)}
          </span>
        </div>
      ))}
    </figure>
  );
}

/** The invalid ballots, and the vote-no figure where the kind's ballot has that box. */
export function InvalidBallots(props: { kind: string; invalid: number; voteNo: number }) {
  const t = useT();
  const locale = useLocale();
  const n = (v: number) => formatNumber(v, locale);
  return (
    <p className="hint">
      {hasVoteNoBox(props.kind)
        ? t("results.invalidVoteNo", { invalid: n(props.invalid), voteNo: n(props.voteNo) })
        : t("results.invalid", { invalid: n(props.invalid) })}
    </p>
  );
}

export function ContestCard(props: { c: ContestView; query: string }) {
  const { c } = props;
  const t = useT();
  const locale = useLocale();
  const pct = usePercent();
  const n = (v: number) => formatNumber(v, locale);
  const name = locale === "th" ? c.contest.nameTh : c.contest.nameEn;
  const numberName = (number: number) => {
    const choice = c.choices.find((x) => x.number === number);
    return choice ? (locale === "th" ? choice.nameTh : choice.nameEn) : "";
  };
  return (
    <section className="card" aria-labelledby={`contest-${c.contest.key}`} data-testid={`contest-${c.contest.key}`}>
      <h2 id={`contest-${c.contest.key}`}>{name}</h2>
      <p>
        {t("results.coverage", {
          verified: n(c.coverage.verified),
          units: n(c.coverage.units),
          pct: pct(c.coverage.units ? c.coverage.verified / c.coverage.units : 0),
          reported: n(c.coverage.reported),
        })}
      </p>
      <LevelCounts levels={c.coverage.levels} units={c.coverage.units} />
      <p>{t("results.turnout", { pct: pct(c.turnout) })}</p>
      {c.decidedIn !== "area" && (
        <>
          <ChoiceBars choices={c.choices} label={name} />
          {c.leader ? (
            <p data-testid="contest-leader">
              {t(c.decidedIn === "none" ? "results.optionLeads" : "results.leader", {
                n: c.leader.number,
                name: numberName(c.leader.number),
                margin: n(c.leader.margin),
              })}
            </p>
          ) : c.tiedForFirst.length > 0 ? (
            <p className="notice">{t("results.tiedForFirst", { numbers: c.tiedForFirst.join(", ") })}</p>
          ) : c.voteNoWins ? (
            <p className="notice">{t("results.voteNoWins", { voteNo: n(c.voteNo) })}</p>
          ) : null}
          <InvalidBallots kind={c.contest.kind} invalid={c.invalid} voteNo={c.voteNo} />
        </>
      )}
      {(c.decidedIn === "area" || c.areas.length > 1) && c.areas.length > 0 && (
        <details open={c.decidedIn === "area"}>
          <summary>{t("results.areas", { n: c.areas.length })}</summary>
          <ul className="plain-list columns">
            {c.areas.map((a) => (
              <li key={a.code}>
                <Link to={`/results/a/${c.contest.key}/${encodeURIComponent(a.code)}${props.query}`}>
                  {locale === "th" ? a.nameTh : a.nameEn}
                </Link>{" "}
                <span className="hint">
                  {a.unitsVerified}/{a.units}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** What a results page shows before the war room's release (to all but staff). */
export function Embargoed() {
  const t = useT();
  return (
    <section className="card">
      <h1>{t("results.title")}</h1>
      <p className="notice" role="status">
        {t("results.embargoed")}
      </p>
    </section>
  );
}
