import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { getConfig } from "../config/config.server.ts";
import { localeFromCookie } from "../i18n/i18n.ts";
import { amountLimits, campaignPage, donationFormSchema, startDonation } from "../donations/donations.server.ts";
import { answerForm, formInvalid, readForm } from "../http/form.server.ts";
import { donationSchema } from "../donations/donation-form.ts";
import { FieldErrors, fieldProps, FormAnswer, formProps, typedValue, useZodForm } from "../ui/form-reply.tsx";
import { PRESET_BAHT } from "../donations/money.ts";
import { paymentsConfigured } from "../donations/stripe.server.ts";
import { CampaignProgress, DemoBanner, useBaht } from "../ui/donations.tsx";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatDate } from "../i18n/format.ts";
import { useIsPending } from "../ui/use-is-pending.ts";
import { orNotFound } from "../http/user-errors.server.ts";
import { getSessionUser } from "../http/guards.server.ts";
import { formatThaiMobile } from "../accounts/phone.ts";

export const meta: MetaFunction = () => [{ title: "ร่วมสนับสนุน / Donate" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  return orNotFound(async () => {
    return {
      // A signed-in donor's name and phone are filled in; their coupons go to their account.
      donor: user ? { name: user.displayName ?? "", phone: formatThaiMobile(user.phone) } : null,
      page: await campaignPage(),
      limits: amountLimits(),
      open: paymentsConfigured(),
      demo: getConfig().PAYMENTS_DEMO,
    };
  }, "No campaign / ไม่มีแคมเปญระดมทุน");
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = await readForm(request, donationFormSchema());
  if (submission.status !== "success") return formInvalid(submission);
  // Signed in: the donation (its receipt, its coupons) belongs to the account's phone.
  const user = await getSessionUser(request);
  if (user) submission.value.phone = user.phone;
  return answerForm(
    async () => {
      const config = getConfig();
      const base = (config.PUBLIC_BASE_URL ?? new URL(request.url).origin).replace(/\/$/, "");
      const started = await startDonation(submission.value, {
        baseUrl: base,
        locale: localeFromCookie(request.headers.get("cookie")),
      });
      return redirect(started.checkoutUrl, 303);
    },
    { submission: submission.reply() },
  );
}

export default function Donate() {
  const { page, limits, open, demo, donor } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const baht = useBaht();
  const busy = useIsPending();
  const [form, fields] = useZodForm(donationSchema(limits), result);
  const typed = (name: string) => typedValue(result, name);
  const [preset, setPreset] = useState(typed("amount") ?? "500");
  const c = page.campaign;
  return (
    <>
      <section className="card" aria-labelledby="campaign-title">
        <h1 id="campaign-title">{locale === "en" ? c.titleEn : c.titleTh}</h1>
        <CampaignProgress p={page.progress} />
        <p>
          <Link to="/transparency">{t("donate.transparency")}</Link>
        </p>
      </section>

      <section className="card" aria-labelledby="donate-title">
        <h2 id="donate-title">{t("donate.formTitle")}</h2>
        {demo && <DemoBanner />}
        {params.get("cancelled") && (
          <p className="notice" role="status">
            {t("donate.cancelled")}
          </p>
        )}
        {!open ? (
          <p className="notice">{t("donate.notConfigured")}</p>
        ) : (
          <Form method="post" {...formProps(form)} aria-describedby={result?.error ? "form-error" : undefined}>
            <FormAnswer reply={result} errorId="form-error" />
            <input type="hidden" name="campaign" value={c.slug} />
            <input type="hidden" name="currency" value="thb" />
            <fieldset>
              <legend>{t("donate.amount")}</legend>
              <div className="amount-presets" role="radiogroup">
                {PRESET_BAHT.map((b) => (
                  <label key={b} className={`amount-preset${preset === String(b) ? " chosen" : ""}`}>
                    <input
                      type="radio"
                      name="amount"
                      value={String(b)}
                      checked={preset === String(b)}
                      onChange={() => setPreset(String(b))}
                    />
                    {baht(b * 100)}
                  </label>
                ))}
              </div>
              <label htmlFor="customAmount">{t("donate.custom")}</label>
              <input
                id="customAmount"
                name="customAmount"
                inputMode="decimal"
                autoComplete="off"
                defaultValue={typed("customAmount") ?? ""}
                aria-invalid={!!fields.amount.errors}
                aria-describedby="amount-hint amount-error"
              />
              <p className="hint" id="amount-hint">
                {t("donate.customHint", { min: baht(limits.minBaht * 100), max: baht(limits.maxBaht * 100) })}
              </p>
              <FieldErrors field={fields.amount} id="amount" />
            </fieldset>
            <label htmlFor="donorName">{t("donate.donorName")}</label>
            <input
              {...fieldProps(fields.donorName, "donorName")}
              autoComplete="name"
              maxLength={100}
              defaultValue={typed("donorName") ?? donor?.name ?? ""}
            />
            <label className="check">
              <input type="checkbox" name="anonymous" defaultChecked={typed("anonymous") === "on"} />{" "}
              {t("donate.anonymousLabel")}
            </label>
            <label htmlFor="email">{t("donate.email")}</label>
            <input
              {...fieldProps(fields.email, "email")}
              type="email"
              autoComplete="email"
              defaultValue={typed("email") ?? ""}
            />
            <FieldErrors field={fields.email} id="email" />
            <label htmlFor="donorTaxId">{t("donate.taxId")}</label>
            <p className="hint" id="donorTaxId-hint">
              {t("donate.taxIdHint")}
            </p>
            <input
              {...fieldProps(fields.donorTaxId, "donorTaxId", "donorTaxId-hint")}
              inputMode="numeric"
              autoComplete="off"
              maxLength={17}
              defaultValue={typed("donorTaxId") ?? ""}
            />
            <FieldErrors field={fields.donorTaxId} id="donorTaxId" />
            <label htmlFor="phone">{t("donate.phone")}</label>
            {donor && (
              <p className="hint" id="phone-account">
                {t("donate.phoneOfAccount")}
              </p>
            )}
            <input
              {...fieldProps(fields.phone, "phone", donor ? "phone-account" : undefined)}
              type="tel"
              autoComplete="tel"
              inputMode="tel"
              defaultValue={donor?.phone ?? typed("phone") ?? ""}
              readOnly={!!donor}
            />
            <FieldErrors field={fields.phone} id="phone" />
            <p className="consent-text">{t("donate.consent")}</p>
            <label className="check">
              <input
                type="checkbox"
                name="consent"
                defaultChecked={typed("consent") === "on"}
                aria-invalid={!!fields.consent.errors}
                aria-describedby="consent-error"
              />{" "}
              {t("signup.consentData")}
            </label>
            <FieldErrors field={fields.consent} id="consent" />
            <p className="hint">{t("donate.methods")}</p>
            <div className="actions">
              <button type="submit" className="primary" disabled={busy}>
                {t("donate.submit")}
              </button>
            </div>
          </Form>
        )}
      </section>

      <section className="card" aria-labelledby="story-title">
        <h2 id="story-title">{t("donate.story")}</h2>
        {(locale === "en" ? c.storyEn : c.storyTh).split("\n\n").map((para, i) => (
          <p key={i}>{para}</p>
        ))}
      </section>

      {page.updates.length > 0 && (
        <section className="card" aria-labelledby="updates-title">
          <h2 id="updates-title">{t("donate.updates")}</h2>
          <ul className="plain-list">
            {page.updates.map((u) => (
              <li key={u.id}>
                <time className="hint" dateTime={u.createdAt}>
                  {formatDate(u.createdAt, locale)}
                </time>
                <p>{locale === "en" ? u.bodyEn : u.bodyTh}</p>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="card" aria-labelledby="recent-title">
        <h2 id="recent-title">{t("donate.recent")}</h2>
        {page.recent.length === 0 ? (
          <p className="hint">{t("donate.noneYet")}</p>
        ) : (
          <ul className="plain-list" data-testid="recent-donations">
            {page.recent.map((r, i) => (
              <li key={i}>
                {r.name ?? t("donate.anonymous")} ·{" "}
                <strong>{t("donate.baht", { amount: baht(r.amountSatang) })}</strong>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
