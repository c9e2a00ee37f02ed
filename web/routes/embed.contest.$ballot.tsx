import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { publicAccess } from "../http/public-results.server.ts";
import { contestJson } from "../results/api.server.ts";
import { contestMap } from "../results/map.server.ts";
import { electionQuery, requestElection } from "../http/election-param.server.ts";
import { invariantResponse } from "../http/guards.server.ts";
import { BALLOT_KEY } from "../tally/tally-rules.ts";
import { localeOf } from "../http/locale.server.ts";
import { ChoiceBars, Embargoed } from "../ui/contest-results.tsx";
import { EmbedFrame, embedStyle } from "../ui/embed.tsx";
import { HexMap } from "../ui/hex-map.tsx";
import { useLocale } from "../ui/i18n.tsx";

export const meta: MetaFunction = () => [{ title: "ผลการเลือกตั้ง / Contest results" }];

// HTML only: it follows the count with public/follow.js, not React (ADR 0041).
export const handle = { hydrate: false };

// An outlet's widget of one contest: the hex map where it is decided per area, else its
// choices' votes (party list, an area-wide seat, a question).
export async function loader({ request, params }: LoaderFunctionArgs) {
  invariantResponse(BALLOT_KEY.test(params.ballot ?? ""), "Not found");
  const access = await publicAccess(request);
  const style = embedStyle(new URL(request.url));
  if (!access.show) return { c: null, map: null, style, query: "", at: "" };
  const election = await requestElection(request);
  const c = await contestJson(params.ballot!, election.slug);
  invariantResponse(c, "Not found");
  const map = c.decidedIn === "area" ? await contestMap(election.id, c.contest.key, localeOf(request)) : null;
  const { areas: _areas, ...contest } = c;
  return { c: contest, map, style, query: electionQuery(request), at: new Date().toISOString() };
}

export default function ContestEmbed() {
  const d = useLoaderData<typeof loader>();
  const locale = useLocale();
  if (!d.c) return <Embargoed />;
  const c = d.c;
  const name = locale === "th" ? c.contest.nameTh : c.contest.nameEn;
  return (
    <EmbedFrame style={d.style} title={name} fullPage={`/results${d.query}`} asOf={{ change: c.asOfChange, at: d.at }}>
      {d.map ? (
        <HexMap map={d.map} province={null} query={d.query} path="/results" chooser={false} />
      ) : (
        <ChoiceBars choices={c.choices.slice(0, 12)} label={name} />
      )}
    </EmbedFrame>
  );
}
