import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { currentElection } from "../elections/elections.server.ts";
import { publishedVerdicts } from "../rumours/rumour-desk.server.ts";
import { formatDateTime } from "../i18n/format.ts";
import { useLocale, useT } from "../ui/i18n.tsx";

export const meta: MetaFunction = () => [{ title: "ผลตรวจสอบข่าวลือ / Fact checks" }];

// HTML only: the published verdicts, newest first (issue 42).
export const handle = { hydrate: false, follow: false };

export async function loader({ request }: LoaderFunctionArgs) {
  const election = await currentElection(new URL(request.url).searchParams.get("election"));
  return { verdicts: await publishedVerdicts(election.id) };
}

export default function Claims() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="verdicts-title">
      <h1 id="verdicts-title">{t("rumours.verdictsTitle")}</h1>
      <p className="hint">{t("rumours.verdictsIntro")}</p>
      <p>
        <a href="/claims.csv" download>
          CSV
        </a>{" "}
        ·{" "}
        <a href="/claims.json" download>
          JSON
        </a>
      </p>
      {d.verdicts.length === 0 ? (
        <p>{t("rumours.none")}</p>
      ) : (
        <ul className="plain-list" data-testid="verdicts">
          {d.verdicts.map((v) => (
            <li key={v.id}>
              <span className={`badge verdict-${v.verdict}`}>{t(`rumours.verdict.${v.verdict!}`)}</span>{" "}
              <Link to={`/claims/${v.id}`}>{v.text.slice(0, 120)}</Link>{" "}
              <span className="hint">{formatDateTime(v.publishedAt!, locale)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
