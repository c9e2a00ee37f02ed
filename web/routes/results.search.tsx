import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { publicAccess } from "../http/public-results.server.ts";
import { electionChoice } from "../http/election-param.server.ts";
import { searchResults, SEARCH_MAX } from "../results/search.server.ts";
import { Embargoed } from "../ui/contest-results.tsx";
import { SearchBox, SearchHits } from "../ui/results-search.tsx";
import { useT } from "../ui/i18n.tsx";

export const meta: MetaFunction = () => [{ title: "ค้นหาผล / Search results" }];

// HTML only: it follows the count with public/follow.js, not React (ADR 0041).
export const handle = { hydrate: false };

export async function loader({ request }: LoaderFunctionArgs) {
  const access = await publicAccess(request);
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, SEARCH_MAX);
  if (!access.show) return { ...access, q, query: "", hits: null };
  const { election, query } = await electionChoice(request);
  return { ...access, q, query, hits: await searchResults(election.id, q) };
}

export default function ResultsSearch() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  if (!d.hits) return <Embargoed />;
  return (
    <section className="card" aria-labelledby="search-title">
      <p>
        <Link to={`/results${d.query}`}>← {t("results.title")}</Link>
      </p>
      <h1 id="search-title">{t("search.title")}</h1>
      <SearchBox query={d.query} q={d.q} />
      {d.q.trim().length >= 2 ? (
        <SearchHits hits={d.hits} query={d.query} />
      ) : (
        <p className="hint">{t("search.hint")}</p>
      )}
    </section>
  );
}
