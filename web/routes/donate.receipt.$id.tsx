import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { receiptAccess } from "../http/receipt-access.server.ts";
import { receiptOf } from "../donations/donations.server.ts";
import { DonationBadge, useBaht } from "../ui/donations.tsx";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatDateTime } from "../i18n/format.ts";
import { orNotFound } from "../http/user-errors.server.ts";

export const meta: MetaFunction = () => [{ title: "ใบเสร็จ / Receipt" }, { name: "robots", content: "noindex" }];

/** A receipt, through the thank-you link's token or for the donor signed in with its phone. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  return orNotFound(async () => receiptOf(params.id!, await receiptAccess(request)), "Not found / ไม่พบใบเสร็จ");
}

export default function Receipt() {
  const { donation: d, issuer, amountWords } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const baht = useBaht();
  // The PDF through the same access as the page (the thank-you link's token, or signed in).
  const search = useLocation().search;
  return (
    <section className="card receipt" aria-labelledby="receipt-title">
      <h1 id="receipt-title">{t("donate.receiptTitle")}</h1>
      {/* Who issues it: what a receipt for a tax deduction must name (README: Receipts). */}
      <dl data-testid="receipt-issuer">
        <dt>{t("donate.issuer")}</dt>
        <dd>{issuer.name ?? t("donate.notConfiguredField")}</dd>
        <dt>{t("donate.issuerAddress")}</dt>
        <dd>{issuer.address ?? t("donate.notConfiguredField")}</dd>
        <dt>{t("donate.issuerTaxId")}</dt>
        <dd className="mono">{issuer.taxId ?? t("donate.notConfiguredField")}</dd>
      </dl>
      <dl>
        <dt>{t("donate.purpose")}</dt>
        <dd>{locale === "en" ? d.campaign.titleEn : d.campaign.titleTh}</dd>
        <dt>{t("donate.receiptNo")}</dt>
        <dd data-testid="receipt-number">{d.receipt}</dd>
        <dt>{t("donate.date")}</dt>
        <dd>{d.paidAt && formatDateTime(d.paidAt, locale, { timeZone: "Asia/Bangkok" })}</dd>
        <dt>{t("donate.donor")}</dt>
        <dd>{d.anonymous || !d.donorName ? t("donate.anonymous") : d.donorName}</dd>
        {d.donorTaxId && (
          <>
            <dt>{t("donate.donorTaxId")}</dt>
            <dd className="mono" data-testid="receipt-donor-tax-id">
              {d.donorTaxId}
            </dd>
          </>
        )}
        <dt>{t("donate.channel")}</dt>
        <dd>{t(`donate.channels.${d.channel ?? "unknown"}`)}</dd>
        <dt>{t("donate.received")}</dt>
        <dd data-testid="receipt-amount">{t("donate.baht", { amount: baht(d.receivedSatang ?? 0) })}</dd>
        <dt>{t("donate.amountInWords")}</dt>
        <dd data-testid="receipt-words" lang="th">
          ({amountWords})
        </dd>
        {d.refundedSatang > 0 && (
          <>
            <dt>{t("donate.refundedAmount")}</dt>
            <dd>{t("donate.baht", { amount: baht(d.refundedSatang) })}</dd>
          </>
        )}
      </dl>
      <p>
        <DonationBadge status={d.status} />
      </p>
      <p className="signature" data-testid="receipt-signatory">
        {t("donate.receivedBy")} ______________________
        <br />({issuer.signatory ?? t("donate.notConfiguredField")})
      </p>
      <div className="actions no-print">
        <button type="button" onClick={() => window.print()}>
          {t("donate.print")}
        </button>
        <a
          className="button secondary"
          href={`/donate/receipt/${d.id}/pdf${search}`}
          download
          data-testid="receipt-pdf"
        >
          {t("donate.pdf")}
        </a>
        <Link to="/donate">{t("donate.backToCampaign")}</Link>
      </div>
    </section>
  );
}
