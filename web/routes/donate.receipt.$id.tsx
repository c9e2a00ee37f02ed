import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getSessionUser } from "../http/guards.server.ts";
import { donationByToken, donationOfPhone } from "../donations/donations.server.ts";
import { hasReceipt } from "../donations/status.ts";
import { DonationBadge, useBaht } from "../ui/donations.tsx";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatDateTime } from "../i18n/format.ts";
import { orNotFound } from "../http/user-errors.server.ts";
import { amountInThaiWords, receiptIssuer } from "../donations/receipts.server.ts";

export const meta: MetaFunction = () => [{ title: "ใบเสร็จ / Receipt" }, { name: "robots", content: "noindex" }];

/** A receipt, through the thank-you link's token or for the donor signed in with its phone. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("t");
  return orNotFound(async () => {
    const user = token ? null : await getSessionUser(request);
    const donation = token
      ? await donationByToken(params.id!, token)
      : user
        ? await donationOfPhone(params.id!, user.phone)
        : null;
    if (!donation || !hasReceipt(donation.status)) throw new Response("Not found / ไม่พบใบเสร็จ", { status: 404 });
    return {
      donation,
      issuer: receiptIssuer(),
      amountWords: amountInThaiWords(donation.receivedSatang ?? 0),
    };
  }, "Not found / ไม่พบใบเสร็จ");
}

export default function Receipt() {
  const { donation: d, issuer, amountWords } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const baht = useBaht();
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
        <Link to="/donate">{t("donate.backToCampaign")}</Link>
      </div>
    </section>
  );
}
