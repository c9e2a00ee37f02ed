import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../http/guards.server.ts";
import { formatThaiMobile } from "../accounts/phone.ts";
import { donationsOfPhone } from "../donations/donations.server.ts";
import { hasReceipt } from "../donations/status.ts";
import { DonationBadge, useBaht } from "../ui/donations.tsx";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatDate } from "../i18n/format.ts";

export const meta: MetaFunction = () => [{ title: "การบริจาคของฉัน / My donations" }];

/** The signed-in person's donations: those given with the phone number they signed in with. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { phone: formatThaiMobile(user.phone), donations: await donationsOfPhone(user.phone) };
}

export default function MyDonations() {
  const { phone, donations } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const baht = useBaht();
  return (
    <section className="card" aria-labelledby="md-title">
      <h1 id="md-title">{t("myDonations.title")}</h1>
      {donations.length === 0 ? (
        <p>{t("myDonations.none", { phone })}</p>
      ) : (
        <ul className="plain-list" data-testid="my-donations">
          {donations.map((d) => (
            <li key={d.id}>
              {formatDate(d.createdAt, locale, {
                timeZone: "Asia/Bangkok",
              })}{" "}
              · <strong>{t("donate.baht", { amount: baht(d.amountSatang) })}</strong> ·{" "}
              <DonationBadge status={d.status} />
              {hasReceipt(d.status) && (
                <>
                  {" "}
                  ·{" "}
                  <Link to={`/donate/receipt/${d.id}`}>
                    {t("donate.viewReceipt")} {d.receipt}
                  </Link>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/donate">{t("donate.backToCampaign")}</Link>
      </p>
    </section>
  );
}
