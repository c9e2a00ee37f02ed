// Shared pieces of the donation pages: the campaign's progress and a donation's state.
import { formatBaht } from "../donations/money.ts";
import type { DonationStatus } from "../donations/status.ts";
import { useLocale, useT } from "./i18n.tsx";

export function useBaht() {
  const locale = useLocale();
  return (satang: number) => formatBaht(satang, locale);
}

export function CampaignProgress({
  p,
}: {
  p: { raisedSatang: number; donors: number; goalSatang: number; percent: number };
}) {
  const t = useT();
  const baht = useBaht();
  return (
    <div className="campaign-progress" data-testid="campaign-progress">
      <p className="raised">
        <span className="hint">{t("donate.raised")}</span>
        <strong data-testid="raised">{t("donate.baht", { amount: baht(p.raisedSatang) })}</strong>
      </p>
      <progress
        className="progress"
        max={100}
        value={p.percent}
        aria-label={t("donate.percent", { percent: p.percent })}
        data-testid="progress"
      />
      <p className="hint">
        <span data-testid="percent">{t("donate.percent", { percent: p.percent })}</span> ·{" "}
        {t("donate.of", { goal: baht(p.goalSatang) })} ·{" "}
        <span data-testid="donors">{t("donate.donors", { count: p.donors })}</span>
      </p>
    </div>
  );
}

const TONE: Record<DonationStatus, string> = {
  pending: "running",
  processing: "running",
  confirmed: "succeeded",
  partially_refunded: "succeeded",
  refunded: "failed",
  failed: "failed",
  expired: "failed",
};

export function DonationBadge({ status }: { status: DonationStatus }) {
  const t = useT();
  return (
    <span className={`badge ${TONE[status]}`} data-testid="donation-status">
      {t(`donate.statusLabel.${status}`)}
    </span>
  );
}

export function DemoBanner({ text = "donate.demoBanner" }: { text?: string }) {
  const t = useT();
  return (
    <p className="notice demo-banner" role="note">
      <strong>{t(text)}</strong>
    </p>
  );
}
