import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { publicAccess } from "../http/public-results.server.ts";
import { constituencyJson } from "../results/api.server.ts";
import { electionQuery, requestElection } from "../http/election-param.server.ts";
import { invariantResponse } from "../http/guards.server.ts";
import { ChoiceBars, Embargoed } from "../ui/contest-results.tsx";
import { EmbedFrame, embedStyle } from "../ui/embed.tsx";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatNumber } from "../i18n/format.ts";

export const meta: MetaFunction = () => [{ title: "ผลรายเขต / Constituency results" }];

// HTML only: it follows the count with public/follow.js, not React (ADR 0041).
export const handle = { hydrate: false };

// An outlet's widget of one constituency (an iframe, or public/embed.js).
export async function loader({ request, params }: LoaderFunctionArgs) {
  invariantResponse(/^\d{2}-\d{2}$/.test(params.id ?? ""), "Not found");
  const access = await publicAccess(request);
  const style = embedStyle(new URL(request.url));
  if (!access.show) return { c: null, style, query: "", at: "" };
  const election = await requestElection(request);
  const c = await constituencyJson(params.id!, election.slug);
  invariantResponse(c, "Not found");
  return { c, style, query: electionQuery(request), at: new Date().toISOString() };
}

export default function ConstituencyEmbed() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  if (!d.c) return <Embargoed />;
  const c = d.c;
  const n = (v: number) => formatNumber(v, locale);
  return (
    <EmbedFrame
      style={d.style}
      title={`${locale === "th" ? c.provinceTh : c.provinceEn} ${t("signup.constituencyNo", { n: c.number })}`}
      fullPage={`/results/c/${c.id}${d.query}`}
      asOf={{ change: c.asOfChange, at: d.at }}
    >
      <p data-testid="embed-leader">
        {c.leader
          ? t("results.leader", { n: c.leader.number, name: c.leader.name, margin: n(c.leader.margin) })
          : t("results.noLeader")}
      </p>
      <ChoiceBars
        choices={c.candidates.slice(0, 8).map((k) => ({
          number: k.number,
          nameTh: `${k.name}${k.partyTh ? ` (${k.partyTh})` : ""}`,
          nameEn: `${k.name}${k.partyEn ? ` (${k.partyEn})` : ""}`,
          colour: k.colour,
          votes: k.votes,
        }))}
        label={t("results.candidate")}
      />
      <p className="hint" data-testid="coverage">
        {t("map.verifiedUnits", { verified: n(c.unitsVerified), units: n(c.units) })}
      </p>
    </EmbedFrame>
  );
}
