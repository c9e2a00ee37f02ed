// The committed sample's facts: its size, its commitment, where it stands on the chain
// and whether it got there before polls opened; the seed once it may be shown.
import type { SampleView } from "../quickcount/quickcount.server.ts";
import { formatDateTime, formatNumber } from "../i18n/format.ts";
import { useLocale, useT } from "./i18n.tsx";

export function SampleFacts({ sample }: { sample: NonNullable<SampleView> }) {
  const t = useT();
  const locale = useLocale();
  const a = sample.anchor;
  return (
    <dl className="facts" data-testid="qc-sample">
      <dt>{t("quickcount.sample.size")}</dt>
      <dd>
        {t("quickcount.sample.units", {
          units: formatNumber(sample.size, locale),
          strata: formatNumber(sample.strata.filter((s) => s.drawn > 0).length, locale),
          at: formatDateTime(sample.drawnAt, locale),
        })}
      </dd>
      <dt>{t("quickcount.sample.commitment")}</dt>
      <dd className="mono" data-testid="qc-commitment" style={{ overflowWrap: "anywhere" }}>
        {sample.commitment}
      </dd>
      <dt>{t("quickcount.sample.seed")}</dt>
      <dd data-testid="qc-seed">{sample.seed ?? t("quickcount.sample.seedHidden")}</dd>
      <dt>{t("quickcount.sample.anchor")}</dt>
      <dd data-testid="qc-anchor">
        {a?.blockNumber && a.blockTime ? (
          <>
            {t("quickcount.sample.anchored", {
              block: formatNumber(a.blockNumber, locale),
              at: formatDateTime(a.blockTime, locale),
            })}{" "}
            — {t(a.beforePollsOpened ? "quickcount.sample.beforePolls" : "quickcount.sample.afterPolls")}
            {a.transaction && (
              <>
                <br />
                <span className="mono hint" style={{ overflowWrap: "anywhere" }}>
                  {a.transaction}
                </span>
              </>
            )}
          </>
        ) : (
          t("quickcount.sample.anchorPending")
        )}
      </dd>
    </dl>
  );
}
