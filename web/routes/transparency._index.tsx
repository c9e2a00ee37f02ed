import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { campaignPage, findCampaign } from "../donations/donations.server.ts";
import { transparency } from "../donations/ledger.server.ts";
import { CampaignProgress, useBaht } from "../ui/donations.tsx";
import { useLocale, useT } from "../ui/i18n.tsx";
import { orNotFound } from "../http/user-errors.server.ts";

export const meta: MetaFunction = () => [{ title: "ความโปร่งใส / Transparency" }];

export async function loader(_: LoaderFunctionArgs) {
  return orNotFound(async () => {
    const campaign = await findCampaign();
    const [page, figures] = await Promise.all([campaignPage(campaign.slug), transparency(campaign.id)]);
    return { progress: page.progress, title: { th: campaign.titleTh, en: campaign.titleEn }, figures };
  }, "No campaign / ไม่มีแคมเปญ");
}

export default function Transparency() {
  const { progress, title, figures: f } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const baht = useBaht();
  const money = (satang: number) => t("donate.baht", { amount: baht(satang) });
  const dayMax = Math.max(1, ...f.byDay.map((d) => d.donations));
  const spendMax = Math.max(1, ...f.spending.map((s) => s.amount));
  const channelMax = Math.max(1, ...f.byChannel.map((c) => c.donations));
  return (
    <>
      <section className="card" aria-labelledby="tr-title">
        <h1 id="tr-title">{t("transparency.title")}</h1>
        <p>{title[locale]}</p>
        <p className="hint">{t("transparency.help")}</p>
        <CampaignProgress p={progress} />
        <table data-testid="totals">
          <tbody>
            <tr>
              <th scope="row">{t("transparency.donations")}</th>
              <td data-testid="total-donations">{money(f.totals.donations)}</td>
            </tr>
            <tr>
              <th scope="row">{t("transparency.refunds")}</th>
              <td data-testid="total-refunds">−{money(f.totals.refunds)}</td>
            </tr>
            <tr>
              <th scope="row">{t("transparency.fees")}</th>
              <td data-testid="total-fees">−{money(f.totals.fees)}</td>
            </tr>
            <tr>
              <th scope="row">{t("transparency.spending")}</th>
              <td data-testid="total-spending">−{money(f.totals.spending)}</td>
            </tr>
            <tr>
              <th scope="row">
                <strong>{t("transparency.balance")}</strong>
              </th>
              <td data-testid="total-balance">
                <strong>{money(f.totals.balance)}</strong>
              </td>
            </tr>
          </tbody>
        </table>
        <p>
          <a className="button secondary" href="/transparency.csv" download>
            {t("transparency.csv")}
          </a>
        </p>
      </section>

      <section className="card" aria-labelledby="day-title">
        <h2 id="day-title">{t("transparency.byDay")}</h2>
        {f.byDay.length === 0 ? (
          <p className="hint">{t("transparency.none")}</p>
        ) : (
          <>
            <div className="day-chart" role="img" aria-label={t("transparency.byDay")}>
              {f.byDay.map((d) => (
                <span
                  key={d.day}
                  className="day"
                  style={{ height: `${(100 * d.donations) / dayMax}%` }}
                  title={`${d.day}: ${money(d.donations)}`}
                />
              ))}
            </div>
            <div className="table-scroll" tabIndex={0}>
              <table data-testid="by-day">
                <thead>
                  <tr>
                    <th scope="col">{t("myDonations.date")}</th>
                    <th scope="col">{t("transparency.donations")}</th>
                    <th scope="col">{t("transparency.refunds")}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...f.byDay]
                    .reverse()
                    .slice(0, 14)
                    .map((d) => (
                      <tr key={d.day}>
                        <td>{d.day}</td>
                        <td>{money(d.donations)}</td>
                        <td>{d.refunds ? `−${money(d.refunds)}` : "–"}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="channel-title">
        <h2 id="channel-title">{t("transparency.byChannel")}</h2>
        <figure className="bars" data-testid="by-channel">
          {f.byChannel.map((c) => (
            <div className="bar-row" key={c.channel}>
              <span className="bar-label">
                {t(`donate.channels.${c.channel}`)} · {t("transparency.count")} {c.count}
              </span>
              <span
                className="bar"
                style={{
                  width: `${(100 * c.donations) / channelMax}%`,
                  background: c.channel === "promptpay" ? "#2a9d8f" : "#457b9d",
                }}
              />
              <span className="bar-value">
                {money(c.donations)} · {t("transparency.refunds")} −{money(c.refunds)} · {t("transparency.fees")} −
                {money(c.fees)}
              </span>
            </div>
          ))}
        </figure>
      </section>

      <section className="card" aria-labelledby="spend-title">
        <h2 id="spend-title">{t("transparency.byCategory")}</h2>
        {f.spending.length === 0 ? (
          <p className="hint">{t("transparency.none")}</p>
        ) : (
          <figure className="bars" data-testid="by-category">
            {f.spending.map((s) => (
              <div className="bar-row" key={s.category}>
                <span className="bar-label">{t(`transparency.categories.${s.category}`)}</span>
                <span className="bar" style={{ width: `${(100 * s.amount) / spendMax}%`, background: "#e76f51" }} />
                <span className="bar-value">
                  {money(s.amount)} ({s.count})
                </span>
              </div>
            ))}
          </figure>
        )}
        {f.recentSpending.length > 0 && (
          <>
            <h3>{t("transparency.recentSpending")}</h3>
            <ul className="plain-list">
              {f.recentSpending.map((s) => (
                <li key={s.id}>
                  {s.day} · {t(`transparency.categories.${s.category}`)} · {s.description} ·{" "}
                  <strong>{money(s.amount)}</strong>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
}
