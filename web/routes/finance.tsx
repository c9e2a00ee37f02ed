import { z } from "zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { invariantResponse, requirePermission } from "../http/guards.server.ts";
import { findCampaign } from "../donations/donations.server.ts";
import { multipartParts } from "../http/multipart.server.ts";
import { financeDonations, recordSpending, refundDonation, transparency } from "../donations/ledger.server.ts";
import { SPENDING_CATEGORIES } from "../donations/categories.ts";
import { postCampaignUpdate } from "../donations/campaign-updates.server.ts";
import { useBaht } from "../ui/donations.tsx";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatDateTime } from "../i18n/format.ts";
import { useIsPending } from "../ui/use-is-pending.ts";
import { answerForm, formDone, formRefused, readForm } from "../http/form.server.ts";
import { FormAnswer } from "../ui/form-reply.tsx";

export const meta: MetaFunction = () => [{ title: "การเงิน / Finance" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "finance:manage");
  const campaign = await findCampaign().catch(() => null);
  invariantResponse(campaign, "No campaign / ไม่มีแคมเปญ");
  const [donations, figures] = await Promise.all([financeDonations(campaign.slug), transparency(campaign.id)]);
  return {
    campaign: { slug: campaign.slug },
    donations,
    totals: figures.totals,
    spending: figures.recentSpending,
    today: new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10),
  };
}

const financeForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("refund"), donationId: z.string().max(100) }),
  z.looseObject({ intent: z.literal("update") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "finance:manage");
  return answerForm(async () => {
    if (request.headers.get("content-type")?.startsWith("multipart/form-data")) {
      await recordSpending(multipartParts(request), user.id);
      return formDone("finance.recorded");
    }
    const submission = await readForm(request, financeForm);
    if (submission.status !== "success") return formRefused("form.spam");
    const input = submission.value;
    if (input.intent === "refund") {
      await refundDonation(input.donationId, null, user.id);
      return formDone("finance.refundAsked");
    }
    // The update's own fields are checked by postCampaignUpdate (its schema, its message).
    await postCampaignUpdate(input, user.id);
    return formDone("finance.posted");
  });
}

export default function Finance() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const baht = useBaht();
  const busy = useIsPending();
  const money = (satang: number) => t("donate.baht", { amount: baht(satang) });
  return (
    <>
      <section className="card" aria-labelledby="fin-title">
        <h1 id="fin-title">{t("finance.title")}</h1>
        <FormAnswer reply={result} />
        <p>
          {t("transparency.donations")} {money(d.totals.donations)} · {t("transparency.refunds")} −
          {money(d.totals.refunds)} · {t("transparency.fees")} −{money(d.totals.fees)} · {t("transparency.spending")} −
          {money(d.totals.spending)} ·{" "}
          <strong>
            {t("transparency.balance")} {money(d.totals.balance)}
          </strong>
        </p>
      </section>

      <section className="card" aria-labelledby="spend-title">
        <h2 id="spend-title">{t("finance.spendingTitle")}</h2>
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="campaign" value={d.campaign.slug} />
          <label htmlFor="amount">{t("finance.amount")}</label>
          <input id="amount" name="amount" inputMode="decimal" required />
          <label htmlFor="category">{t("finance.category")}</label>
          <select id="category" name="category" required defaultValue="">
            <option value="" disabled>
              —
            </option>
            {SPENDING_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`transparency.categories.${c}`)}
              </option>
            ))}
          </select>
          <label htmlFor="description">{t("finance.description")}</label>
          <input id="description" name="description" maxLength={300} required />
          <label htmlFor="occurredOn">{t("finance.occurredOn")}</label>
          <input id="occurredOn" name="occurredOn" type="date" max={d.today} defaultValue={d.today} required />
          <label htmlFor="receipt">{t("finance.receipt")}</label>
          <input id="receipt" name="receipt" type="file" accept="application/pdf,image/*" required />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t("finance.record")}
            </button>
          </div>
        </Form>
        {d.spending.length > 0 && (
          <>
            <h3>{t("transparency.recentSpending")}</h3>
            <ul className="plain-list" data-testid="finance-spending">
              {d.spending.map((s) => (
                <li key={s.id}>
                  {s.day} · {t(`transparency.categories.${s.category}`)} · {s.description} ·{" "}
                  <strong>{money(s.amount)}</strong>
                  {s.hasReceipt && (
                    <>
                      {" "}
                      ·{" "}
                      <a href={`/finance/receipts/${s.id}`} download>
                        {t("finance.receiptFile")}
                      </a>
                    </>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="don-title">
        <h2 id="don-title">{t("finance.donationsTitle")}</h2>
        <div className="table-scroll" tabIndex={0}>
          <table data-testid="finance-donations">
            <thead>
              <tr>
                <th scope="col">{t("myDonations.date")}</th>
                <th scope="col">{t("donate.donor")}</th>
                <th scope="col">{t("myDonations.amount")}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {d.donations.map((x) => (
                <tr key={x.id}>
                  <td>
                    {formatDateTime(x.createdAt, locale, {
                      timeZone: "Asia/Bangkok",
                      dateStyle: "short",
                      timeStyle: "short",
                    })}
                  </td>
                  <td>
                    {x.name ?? t("donate.anonymous")} · {t(`donate.channels.${x.channel ?? "unknown"}`)}
                  </td>
                  <td>{money(x.received)}</td>
                  <td>
                    {x.refunded >= x.received ? (
                      t("finance.refunded", { amount: baht(x.refunded) })
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="refund" />
                        <input type="hidden" name="donationId" value={x.id} />
                        <button
                          type="submit"
                          className="secondary"
                          disabled={busy}
                          aria-label={`${t("finance.refund")} ${money(x.received)}`}
                        >
                          {t("finance.refund")}
                        </button>
                        {x.refunded > 0 && (
                          <span className="hint"> {t("finance.refunded", { amount: baht(x.refunded) })}</span>
                        )}
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="upd-title">
        <h2 id="upd-title">{t("finance.updateTitle")}</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="update" />
          <label htmlFor="bodyTh">{t("finance.updateTh")}</label>
          <textarea id="bodyTh" name="bodyTh" rows={3} required minLength={3} maxLength={2000} />
          <label htmlFor="bodyEn">{t("finance.updateEn")}</label>
          <textarea id="bodyEn" name="bodyEn" rows={3} required minLength={3} maxLength={2000} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t("finance.post")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
