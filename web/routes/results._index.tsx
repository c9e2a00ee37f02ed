import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { publicAccess } from "../http/public-results.server.ts";
import { constituenciesJson, contestJson, electionJson, nationalJson } from "../results/api.server.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatNumber, intlLocale } from "../i18n/format.ts";
import { LevelCounts } from "../ui/level-counts.tsx";
import { electionChoice } from "../http/election-param.server.ts";
import { ElectionSwitch } from "../ui/election-switch.tsx";
import { ContestCard, Embargoed } from "../ui/contest-results.tsx";
import { ProvisionalPanel } from "../ui/provisional.tsx";
import { provisionalContest } from "../live/provisional.server.ts";
import { contestMap } from "../results/map.server.ts";
import { lastChangeSeq } from "../results/results.sql.server.ts";
import { KIND_RULES, type ContestKind } from "../elections/contest-kinds.ts";
import { localeOf } from "../http/locale.server.ts";
import { HexMap } from "../ui/hex-map.tsx";
import { SearchBox } from "../ui/results-search.tsx";
import { AsOf } from "../ui/follow.tsx";

export const meta: MetaFunction = () => [{ title: "ผลการนับคะแนน / Results" }];

// HTML only: it follows the count with public/follow.js, not React (ADR 0041).
export const handle = { hydrate: false };

// A general election's party list and constituencies have their own sections (the
// national figures); every other contest of the election is a card of its kind.
export async function loader({ request }: LoaderFunctionArgs) {
  const access = await publicAccess(request);
  const { election, elections, query } = await electionChoice(request);
  const switcher = { election: election.slug, elections, query };
  const province = new URL(request.url).searchParams.get("province");
  const none = { national: null, constituencies: [], contests: [], provisional: [], map: null, province: null };
  if (!access.show) return { ...access, ...switcher, ...none, asOf: null, shown: false };
  const { contests } = await electionJson(election.slug);
  const has = (key: string) => contests.some((c) => c.key === key);
  // The map shows the first contest decided per area (constituencies; a Bangkok council's districts).
  const mapped = contests.find((c) => KIND_RULES[c.kind as ContestKind]?.decidedIn === "area");
  const locale = localeOf(request);
  const [change, map, national, list, others, provisional] = await Promise.all([
    lastChangeSeq(election.id),
    mapped ? contestMap(election.id, mapped.key, locale) : null,
    has("party_list") ? nationalJson(election.slug) : null,
    has("constituency") ? constituenciesJson(election.slug) : null,
    Promise.all(
      contests
        .filter((c) => c.key !== "party_list" && c.key !== "constituency")
        .map((c) => contestJson(c.key, election.slug)),
    ),
    // The realtime count's figures, apart: the contests where units have counted live.
    Promise.all(contests.map((c) => provisionalContest(election.id, c.key))),
  ]);
  return {
    ...access,
    ...switcher,
    shown: true,
    asOf: { change, at: new Date().toISOString() },
    map,
    province: map?.groups.some((g) => g.code === province) ? province : null,
    national,
    constituencies: map ? [] : (list?.constituencies ?? []),
    contests: others.flatMap((c) => (c ? [c] : [])),
    provisional: provisional.flatMap((p) => (p && p.unitsCounting + p.unitsFinished + p.unitsFinal > 0 ? [p] : [])),
  };
}

export default function Results() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const pct = (x: number | null) =>
    x == null ? "—" : `${(Math.round(x * 1000) / 10).toLocaleString(intlLocale(locale))}%`;
  const n = (v: number) => formatNumber(v, locale);
  if (!d.shown || !d.asOf) {
    return <Embargoed />;
  }
  const cards = d.contests.map((c) => <ContestCard key={c.contest.key} c={c} query={d.query} />);
  const switcher = <ElectionSwitch elections={d.elections} current={d.election} path="/results" />;
  const provisional = d.provisional.map((p) => <ProvisionalPanel key={p.contest.key} initial={p} query={d.query} />);
  const head = (
    <>
      {switcher}
      <SearchBox query={d.query} />
      {d.preview && <p className="notice">{t("results.preview")}</p>}
      <AsOf change={d.asOf.change} at={d.asOf.at} />
    </>
  );
  const map = d.map ? (
    <section className="card" aria-labelledby="map-title">
      <h2 id="map-title">{locale === "th" ? d.map.contestTh : d.map.contestEn}</h2>
      <HexMap map={d.map} province={d.province} query={d.query} path="/results" />
    </section>
  ) : (
    <Constituencies list={d.constituencies} query={d.query} />
  );
  if (!d.national) {
    return (
      <>
        <section className="card" aria-labelledby="res-title">
          <h1 id="res-title">{t("results.title")}</h1>
          {head}
        </section>
        {map}
        {provisional}
        {cards}
      </>
    );
  }
  const c = d.national.coverage;
  const max = Math.max(1, ...d.national.partyList.parties.map((p) => p.votes));
  return (
    <>
      <section className="card" aria-labelledby="res-title">
        <h1 id="res-title">{t("results.title")}</h1>
        {head}
        <p data-testid="coverage">
          {t("results.coverage", {
            verified: n(c.verified),
            units: n(c.units),
            pct: pct(c.verifiedShare),
            reported: n(c.reported),
          })}
        </p>
        <LevelCounts levels={c.levels} units={c.units} />
        <p>{t("results.turnout", { pct: pct(d.national.turnout) })}</p>
      </section>
      {map}
      {provisional}
      <section className="card" aria-labelledby="pl-title">
        <h2 id="pl-title">{t("results.partyList")}</h2>
        <figure className="bars" aria-label={t("results.partyList")}>
          {d.national.partyList.parties.map((p) => (
            <div className="bar-row" key={p.number}>
              <span className="bar-label">
                {p.number}. {locale === "th" ? p.nameTh : p.nameEn}
              </span>
              <span className="bar" style={{ width: `${(100 * p.votes) / max}%`, background: p.colour }} />
              <span className="bar-value">
                {n(p.votes)} · {pct(p.share)}
              </span>
            </div>
          ))}
        </figure>
        <h2>{t("results.seats", { seats: d.national.partyList.seats ?? 0 })}</h2>
        <p className="hint">{t("results.seatsNote")}</p>
        {!d.national.partyList.seatProjection.published ? (
          <p className="notice" data-testid="seats-withheld">
            {t("results.seatsWithheld", {
              minUnits: n(d.national.partyList.seatProjection.rests.minUnits),
              minProvinces: n(d.national.partyList.seatProjection.rests.minProvinces),
              verified: n(d.national.partyList.seatProjection.rests.unitsVerified),
              provinces: n(d.national.partyList.seatProjection.rests.provincesCovered),
            })}
          </p>
        ) : (
          <>
            {d.national.partyList.seatProjection.tiedForLastSeats.length > 0 && (
              <p className="notice" data-testid="seats-tie">
                {t("results.seatsTie", { parties: d.national.partyList.seatProjection.tiedForLastSeats.join(", ") })}
              </p>
            )}
            <p className="hint">{t("results.seatsCaveat")}</p>
            <table data-testid="seats">
              <thead>
                <tr>
                  <th scope="col">{t("results.party")}</th>
                  <th scope="col">{t("results.votes")}</th>
                  <th scope="col">{t("results.seatsCol")}</th>
                </tr>
              </thead>
              <tbody>
                {d.national.partyList.parties.map((p) => (
                  <tr key={p.number}>
                    <td>
                      <span className="swatch" style={{ background: p.colour }} />{" "}
                      {locale === "th" ? p.nameTh : p.nameEn}
                    </td>
                    <td>{n(p.votes)}</td>
                    <td>{p.seats}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      {cards}
      <p className="hint">
        <Link to={`/results/trend${d.query}`}>{t("quickcount.trend.link")}</Link> ·{" "}
        <Link to={`/results/corrections${d.query}`}>{t("corrections.link")}</Link> ·{" "}
        <Link to="/developers">{t("developers.title")}</Link>
      </p>
    </>
  );
}

function Constituencies(props: {
  list: { id: string; number: number; provinceTh: string; provinceEn: string; units: number; unitsVerified: number }[];
  query: string;
}) {
  const t = useT();
  const locale = useLocale();
  if (!props.list.length) return null;
  return (
    <section className="card" aria-labelledby="cs-title">
      <h2 id="cs-title">{t("results.constituencies")}</h2>
      <ul className="plain-list columns">
        {props.list.map((k) => (
          <li key={k.id}>
            <Link to={`/results/c/${k.id}${props.query}`}>
              {locale === "th" ? k.provinceTh : k.provinceEn} {t("signup.constituencyNo", { n: k.number })}
            </Link>{" "}
            <span className="hint">
              {k.unitsVerified}/{k.units}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
