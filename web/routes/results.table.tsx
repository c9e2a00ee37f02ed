import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { publicAccess } from "../http/public-results.server.ts";
import { electionChoice } from "../http/election-param.server.ts";
import { localeOf } from "../http/locale.server.ts";
import { electionContests } from "../elections/contests.server.ts";
import { KIND_RULES } from "../elections/contest-kinds.ts";
import { contestMap } from "../results/map.server.ts";
import { lastChangeSeq } from "../results/results.sql.server.ts";
import { Embargoed } from "../ui/contest-results.tsx";
import { MapTable } from "../ui/hex-map.tsx";
import { AsOf } from "../ui/follow.tsx";
import { useLocale, useT } from "../ui/i18n.tsx";

export const meta: MetaFunction = () => [{ title: "ผลรายเขตเป็นตาราง / Results by area, as a table" }];

// HTML only: it follows the count with public/follow.js, not React (ADR 0041).
export const handle = { hydrate: false };

// The results map as a table (the map's accessible alternative), of the whole country or
// one province (?province=).
export async function loader({ request }: LoaderFunctionArgs) {
  const access = await publicAccess(request);
  const { election, query } = await electionChoice(request);
  if (!access.show) return { map: null, province: null, query, asOf: null };
  const contest = (await electionContests(election.id)).find((c) => KIND_RULES[c.kind].decidedIn === "area");
  const map = contest ? await contestMap(election.id, contest.key, localeOf(request)) : null;
  const province = new URL(request.url).searchParams.get("province");
  return {
    map,
    province: map?.groups.some((g) => g.code === province) ? province : null,
    query,
    asOf: { change: await lastChangeSeq(election.id), at: new Date().toISOString() },
  };
}

export default function ResultsTable() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  if (!d.asOf) return <Embargoed />;
  return (
    <section className="card" aria-labelledby="table-title">
      <p>
        <Link to={`/results${d.query}`}>← {t("results.title")}</Link>
      </p>
      <h1 id="table-title">
        {d.map ? (locale === "th" ? d.map.contestTh : d.map.contestEn) : t("results.title")}
        {d.province && ` · ${d.map?.groups.find((g) => g.code === d.province)?.name ?? ""}`}
      </h1>
      <AsOf change={d.asOf.change} at={d.asOf.at} />
      {d.map ? <MapTable map={d.map} province={d.province} query={d.query} /> : <p>{t("results.noLeader")}</p>}
    </section>
  );
}
