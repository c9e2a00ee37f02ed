import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { publicAccess } from "../http/public-results.server.ts";
import { nationalJson } from "../results/api.server.ts";
import { electionQuery, requestElection } from "../http/election-param.server.ts";
import { invariantResponse } from "../http/guards.server.ts";
import { ChoiceBars, Embargoed } from "../ui/contest-results.tsx";
import { EmbedFrame, embedStyle } from "../ui/embed.tsx";
import { useT } from "../ui/i18n.tsx";

export const meta: MetaFunction = () => [{ title: "ที่นั่งบัญชีรายชื่อ / Party-list seats" }];

// HTML only: it follows the count with public/follow.js, not React (ADR 0041).
export const handle = { hydrate: false };

// An outlet's widget of the national party-list seat projection (withheld, as on the
// results page, until enough units are verified).
export async function loader({ request }: LoaderFunctionArgs) {
  const access = await publicAccess(request);
  const style = embedStyle(new URL(request.url));
  if (!access.show) return { national: null, style, query: "", at: "" };
  const election = await requestElection(request);
  const national = await nationalJson(election.slug);
  invariantResponse(national.partyList.seats, "Not found");
  return { national, style, query: electionQuery(request), at: new Date().toISOString() };
}

export default function SeatsEmbed() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  if (!d.national) return <Embargoed />;
  const list = d.national.partyList;
  return (
    <EmbedFrame
      style={d.style}
      title={t("embed.seats")}
      fullPage={`/results${d.query}#pl-title`}
      asOf={{ change: d.national.asOfChange, at: d.at }}
    >
      {list.seatProjection.published ? (
        <ChoiceBars
          choices={list.parties
            .filter((p) => (p.seats ?? 0) > 0)
            .map((p) => ({
              number: p.number,
              nameTh: p.nameTh,
              nameEn: p.nameEn,
              colour: p.colour,
              votes: p.seats ?? 0,
            }))}
          label={t("embed.seats")}
        />
      ) : (
        <p className="notice" data-testid="seats-withheld">
          {t("embed.withheld")}
        </p>
      )}
      <p className="hint">{t("results.seatsCaveat")}</p>
    </EmbedFrame>
  );
}
