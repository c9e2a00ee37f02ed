import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { campaignPage, donationByToken } from "../donations/donations.server.ts";
import { CampaignProgress, DonationBadge, useBaht } from "../ui/donations.tsx";
import { useT } from "../ui/i18n.tsx";
import { orNotFound } from "../http/user-errors.server.ts";
import { getSessionUser } from "../http/guards.server.ts";

export const meta: MetaFunction = () => [{ title: "ขอบคุณ / Thank you" }, { name: "robots", content: "noindex" }];

/** The page Stripe's checkout returns to. It shows "confirmed" only once the webhook has
 *  recorded the payment: the redirect itself proves nothing. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("t");
  return orNotFound(async () => {
    const donation = await donationByToken(params.id!, token);
    return { donation, token, progress: (await campaignPage()).progress, signedIn: !!(await getSessionUser(request)) };
  }, "Not found / ไม่พบรายการ");
}

export default function Thanks() {
  const { donation: d, token, progress, signedIn } = useLoaderData<typeof loader>();
  const t = useT();
  const baht = useBaht();
  const { revalidate, state } = useRevalidator();
  const waiting = d.status === "pending" || d.status === "processing";
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => state === "idle" && revalidate(), 1500);
    return () => clearInterval(timer);
  }, [waiting, revalidate, state]);
  return (
    <section className="card" aria-labelledby="thanks-title">
      <h1 id="thanks-title">{t("donate.thanksTitle")}</h1>
      <p>
        <strong>{t("donate.baht", { amount: baht(d.amountSatang) })}</strong> · <DonationBadge status={d.status} />
      </p>
      <p role="status" aria-live="polite" data-testid="thanks-message">
        {d.status === "pending"
          ? t("donate.waiting")
          : d.status === "processing"
            ? t("donate.processing")
            : t(`donate.${d.status}`)}
      </p>
      {waiting && (
        <noscript>
          <p>
            <a href="">{t("donate.waiting")}</a>
          </p>
        </noscript>
      )}
      {d.receipt && (
        <p>
          <Link className="button" to={`/donate/receipt/${d.id}?t=${encodeURIComponent(token!)}`}>
            {t("donate.viewReceipt")} {d.receipt}
          </Link>
        </p>
      )}
      {(d.status === "failed" || d.status === "expired") && (
        <p>
          <Link className="button" to="/donate">
            {t("donate.tryAgain")}
          </Link>
        </p>
      )}
      <CampaignProgress p={progress} />
      {signedIn ? (
        <p>
          <Link to="/me/donations">{t("nav.myDonations")}</Link> · <Link to="/me/coupons">{t("nav.coupons")}</Link>
        </p>
      ) : (
        <p className="hint">{t("donate.signInForHistory")}</p>
      )}
      <p>
        <Link to="/donate">{t("donate.backToCampaign")}</Link>
      </p>
    </section>
  );
}
