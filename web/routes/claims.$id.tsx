import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { invariantResponse } from "../http/guards.server.ts";
import { publishedVerdict } from "../rumours/rumour-desk.server.ts";
import { formatDateTime } from "../i18n/format.ts";
import { useLocale, useT } from "../ui/i18n.tsx";

export const meta: MetaFunction = () => [{ title: "ผลตรวจสอบข่าวลือ / Fact check" }];

// A verdict's page (issue 42), HTML only: the claim, the verdict in the reader's language,
// and the evidence — our original photo's SHA-256, its anchoring on the chain, the proof
// to download and the unit's evidence page. Nobody's name.
export const handle = { hydrate: false, follow: false };

export async function loader({ params }: LoaderFunctionArgs) {
  const verdict = await publishedVerdict(params.id ?? "");
  invariantResponse(verdict, "Not found / ไม่พบ");
  return verdict;
}

export default function Verdict() {
  const v = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const o = v.original;
  return (
    <article className="card" aria-labelledby="verdict-title">
      <p>
        <Link to="/claims">← {t("rumours.verdictsTitle")}</Link>
      </p>
      <h1 id="verdict-title">
        <span className={`badge verdict-${v.verdict}`} data-testid="verdict">
          {t(`rumours.verdict.${v.verdict}`)}
        </span>{" "}
        {t("rumours.claim")}
      </h1>
      <blockquote className="prewrap">{v.text}</blockquote>
      {v.link && (
        <p className="hint">
          {t("rumours.source")}:{" "}
          <a href={v.link} rel="noopener noreferrer nofollow">
            {v.link}
          </a>
        </p>
      )}
      <p className="prewrap" data-testid="explanation">
        {locale === "th" ? v.explanationTh : v.explanationEn}
      </p>
      <p className="hint">
        {t("rumours.publishedAt", { at: formatDateTime(v.publishedAt, locale) })}
        {v.checkedBy && (
          <>
            {" "}
            ·{" "}
            <span data-testid="checked-by">
              {t("rumours.checkedBy", { name: locale === "th" ? v.checkedBy.nameTh : v.checkedBy.nameEn })}
            </span>
          </>
        )}
      </p>
      <div className="side-by-side">
        {v.image && (
          <figure>
            <figcaption>{t("rumours.circulating")}</figcaption>
            <img src={`/claims/${v.id}/image`} alt={t("rumours.circulating")} width={260} />
            <br />
            <code className="hash">{v.image.sha256}</code>
          </figure>
        )}
        {o && (
          <section aria-labelledby="evidence-title" data-testid="evidence">
            <h2 id="evidence-title">{t("rumours.evidence")}</h2>
            <dl className="facts">
              <dt>{t("rumours.sha256")}</dt>
              <dd>
                <code className="hash" data-testid="original-sha256">
                  {o.sha256}
                </code>
              </dd>
              <dt>{t("rumours.anchoring")}</dt>
              <dd data-testid="original-anchoring">
                {t(`audit.photoState.${o.anchoring.state}`)}
                {o.anchoring.blockTime ? ` · ${formatDateTime(o.anchoring.blockTime, locale)}` : ""}
              </dd>
              {o.anchoring.transaction && (
                <>
                  <dt>{t("rumours.transaction")}</dt>
                  <dd>
                    <code className="hash">{o.anchoring.transaction}</code>
                  </dd>
                </>
              )}
            </dl>
            <p>
              <a href={`/api/v1/evidence/${o.sha256}`} download={`proof-${o.sha256.slice(0, 12)}.json`}>
                {t("rumours.proof")}
              </a>{" "}
              · <Link to={`/audit?sha256=${o.sha256}`}>{t("rumours.checkPhoto")}</Link> ·{" "}
              <Link to={`/results/u/${o.unitCode}`}>{t("rumours.unitPage", { unit: o.unitCode })}</Link>
            </p>
          </section>
        )}
      </div>
    </article>
  );
}
