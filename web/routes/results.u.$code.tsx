import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { publicAccess } from "../http/public-results.server.ts";
import { unitJson } from "../results/api.server.ts";
import { FIGURES } from "../tally/tally-rules.ts";
import { countFormName, useLocale, useT } from "../ui/i18n.tsx";
import { countFormOf } from "../elections/contest-kinds.ts";
import { invariantResponse } from "../http/guards.server.ts";
import { electionQuery, requestElection } from "../http/election-param.server.ts";
import { Embargoed } from "../ui/contest-results.tsx";
import { SearchBox } from "../ui/results-search.tsx";
import { AsOf } from "../ui/follow.tsx";
import { unitEvidence } from "../results/unit-evidence.server.ts";
import { currentElection } from "../elections/elections.server.ts";
import { PhotoAnchoring, UnitEntries, UnitHistory } from "../ui/unit-evidence.tsx";

export const meta: MetaFunction = () => [{ title: "ผลรายหน่วย / Unit results" }];

// HTML only: it follows the count with public/follow.js, not React (ADR 0041).
export const handle = { hydrate: false };

export async function loader({ request, params }: LoaderFunctionArgs) {
  invariantResponse(/^\d{2}-\d{2}-\d{6}-\d{3}$/.test(params.code ?? ""), "Not found");
  const access = await publicAccess(request);
  const election = await requestElection(request);
  const unit = access.show ? await unitJson(params.code!, election.slug) : null;
  return {
    ...access,
    unit,
    // The evidence behind it (issue 42): anchoring and proofs, history, incidents counted.
    evidence: unit ? await unitEvidence((await currentElection(election.slug)).id, params.code!) : null,
    code: params.code!,
    query: electionQuery(request),
    at: new Date().toISOString(),
  };
}

export default function UnitResult() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  if (!d.unit) return <Embargoed />;
  const unit = d.unit;
  const centre = unit.kind !== null && unit.kind !== "polling";
  const formOf = (ballot: string) => countFormName(t, countFormOf(ballot, unit.kind ?? "polling"));
  return (
    <section className="card" aria-labelledby="u-title">
      <p>
        <Link to={`/results/c/${d.code.slice(0, 5)}${d.query}`}>← {d.code.slice(0, 5)}</Link>
      </p>
      <SearchBox query={d.query} />
      <AsOf change={unit.asOfChange} at={d.at} />
      <h1 id="u-title" className="mono">
        {t(centre ? "results.centre" : "results.unit", { code: d.code })}
      </h1>
      {centre && (
        // A counting centre: its count adds to its area, not to any polling unit.
        <p className="badge" data-testid="unit-kind">
          {t(`report.unitKind.${unit.kind}`)}
        </p>
      )}
      {unit.ballots.map((b) => (
        <article key={b.ballot} data-testid={`unit-${b.ballot}`}>
          <h2>
            {locale === "th" ? b.nameTh : b.nameEn} <span className="badge">{t(`report.status.${b.status}`)}</span>
            {b.level && (
              <>
                {" "}
                <span className={`badge level-${b.level}`} data-testid={`level-${b.ballot}`}>
                  {t(`results.level.${b.level}`, { form: formOf(b.ballot) })}
                </span>
              </>
            )}
          </h2>
          {b.figures && (
            <table>
              <tbody>
                {FIGURES.map((f) => (
                  <tr key={f}>
                    <th scope="row">{t(`report.${f}`)}</th>
                    <td>{b.figures![f] ?? "—"}</td>
                  </tr>
                ))}
                {Object.entries(b.figures.votes).map(([n, v]) => (
                  <tr key={n}>
                    <th scope="row">{t("report.number", { n })}</th>
                    <td>{v}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {b.photos.length > 0 && (
            <>
              <h3>{t("results.photos")}</h3>
              <ul className="plain-list">
                {b.photos.map((p) => (
                  <li key={p.id}>
                    <a href={`/photos/${p.id}`}>
                      {t(p.kind === "board" ? "report.photoBoard" : "report.photoForm", { form: formOf(b.ballot) })}
                    </a>{" "}
                    <code className="hash">{p.sha256}</code>{" "}
                    <PhotoAnchoring sha256={p.sha256} anchoring={d.evidence?.anchoring} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </article>
      ))}
      {d.evidence && <UnitEntries entries={d.evidence.entries} />}
      {d.evidence && <UnitHistory history={d.evidence.history} />}
      {d.evidence && d.evidence.incidents.length > 0 && (
        <>
          <h2>{t("incident.queueTitle")}</h2>
          <ul className="plain-list" data-testid="unit-incidents">
            {d.evidence.incidents.map((i) => (
              <li key={`${i.kind}-${i.status}`}>
                {t(`incident.kind.${i.kind}`)} · {t(`incident.status.${i.status}`)} · {i.n}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
