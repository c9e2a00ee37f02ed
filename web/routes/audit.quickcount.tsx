import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { electionChoice } from "../http/election-param.server.ts";
import { auditOfSample, sampleView } from "../quickcount/quickcount.server.ts";
import { SampleFacts } from "../ui/quickcount-sample.tsx";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatDateTime } from "../i18n/format.ts";

export const meta: MetaFunction = () => [{ title: "ตรวจกลุ่มตัวอย่างการนับเร็ว / Audit the quick-count sample" }];

// The public check of the quick count's sample: before the close only its commitment and
// its place on the chain; after it the list and the seed, and three checks of them.
export async function loader({ request }: LoaderFunctionArgs) {
  const { election, query } = await electionChoice(request);
  const revealed = Date.now() >= election.closesAt.getTime();
  const sample = await sampleView(election, { reveal: revealed });
  return {
    query,
    closesAt: election.closesAt.toISOString(),
    revealed,
    sample,
    audit: revealed && sample ? await auditOfSample(election) : null,
  };
}

export default function AuditQuickCount() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const mark = (ok: boolean | null | undefined) => (
    <strong className={ok ? "ok" : "form-error"}>{t(ok ? "quickcount.audit.yes" : "quickcount.audit.no")}</strong>
  );
  return (
    <section className="card" aria-labelledby="aqc-title">
      <h1 id="aqc-title">{t("quickcount.audit.title")}</h1>
      <p>{t("quickcount.audit.explain")}</p>
      {!d.sample && <p>{t("quickcount.trend.none")}</p>}
      {d.sample && <SampleFacts sample={d.sample} />}
      {d.sample && !d.revealed && (
        <p data-testid="aqc-hidden">
          {t("quickcount.audit.hidden", { at: formatDateTime(d.closesAt, locale), commitment: d.sample.commitment })}
        </p>
      )}
      {d.audit && (
        <ul className="checks" data-testid="aqc-checks">
          <li data-testid="aqc-list">
            {t("quickcount.audit.listMatches")}: {mark(d.audit.listMatchesCommitment)}
          </li>
          <li data-testid="aqc-redraw">
            {t("quickcount.audit.seedRedraws")}: {mark(d.audit.seedRedrawsList)}
          </li>
          <li data-testid="aqc-chain">
            {t("quickcount.audit.onChain")}:{" "}
            {d.audit.chain.anchoredAt ? (
              <>
                {t("quickcount.audit.anchoredAt", {
                  at: formatDateTime(d.audit.chain.anchoredAt, locale),
                  block: String(d.audit.chain.blockNumber),
                })}{" "}
                — {t("quickcount.sample.beforePolls")}: {mark(d.audit.chain.beforePollsOpened)}
              </>
            ) : (
              <strong className="form-error">{t("quickcount.audit.notOnChain")}</strong>
            )}
          </li>
        </ul>
      )}
      {d.sample?.units && (
        <>
          <p>
            <a href={`/audit/quickcount.json${d.query}`} download>
              {t("quickcount.sample.download")}
            </a>
          </p>
          <details>
            <summary>
              {t("quickcount.sample.list")} ({d.sample.units.length})
            </summary>
            <p className="mono" data-testid="aqc-units" style={{ overflowWrap: "anywhere" }}>
              {d.sample.units.join(" ")}
            </p>
          </details>
        </>
      )}
      {d.sample && !d.sample.units && <p>{t("quickcount.sample.listHidden")}</p>}
    </section>
  );
}
