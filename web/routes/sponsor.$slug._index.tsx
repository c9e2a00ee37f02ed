import { z } from "zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { appointSchema } from "../organisations/organisations.server.ts";
import { multipartParts } from "../http/multipart.server.ts";
import { appointSponsorStaff, offersOf, receiveOffer } from "../coupons/sponsors.server.ts";
import { requireSponsor } from "../http/guards.server.ts";
import { COUPON_RULES } from "../coupons/rules.ts";
import { useBaht } from "../ui/donations.tsx";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatDate } from "../i18n/format.ts";
import { useIsPending } from "../ui/use-is-pending.ts";
import { answerForm, formDone, formRefused, userErrorReply, readForm } from "../http/form.server.ts";
import { FormAnswer } from "../ui/form-reply.tsx";

export const meta: MetaFunction = () => [{ title: "คูปองของร้าน / Sponsor coupons" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { sponsor } = await requireSponsor(request, params.slug, "coupons:manage");
  return {
    sponsor: { slug: sponsor.slug, nameTh: sponsor.nameTh, nameEn: sponsor.nameEn },
    offers: await offersOf(sponsor.id),
    today: new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { sponsor, user } = await requireSponsor(request, params.slug, "coupons:manage");
  if (request.headers.get("content-type")?.startsWith("multipart/form-data")) {
    const result = await receiveOffer(multipartParts(request), sponsor.id);
    if ("refused" in result) return userErrorReply(result.refused, { typed: result.typed });
    return formDone("coupons.offerCreated", { typed: {} as Record<string, string> });
  }
  const phone = await readForm(request, appointSchema.extend({ intent: z.literal("appoint") }));
  if (phone.status !== "success")
    return formRefused("organisations.errors.phone", 400, { typed: {} as Record<string, string> });
  return answerForm(
    async () => {
      await appointSponsorStaff(sponsor.id, phone.value.phone, user.id);
      return formDone("coupons.appointed", { typed: {} as Record<string, string> });
    },
    { typed: {} as Record<string, string> },
  );
}

export default function SponsorHome() {
  const { sponsor, offers, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useIsPending();
  const t = useT();
  const locale = useLocale();
  const baht = useBaht();
  const typed = result?.typed ?? {};
  const date = (iso: string) => formatDate(iso, locale, { timeZone: "Asia/Bangkok" });
  return (
    <>
      <section className="card" aria-labelledby="sponsor-title">
        <h1 id="sponsor-title">{locale === "en" ? sponsor.nameEn : sponsor.nameTh}</h1>
        <p>
          <Link className="button" to={`/sponsor/${sponsor.slug}/redeem`}>
            {t("coupons.goRedeem")}
          </Link>
        </p>
        <FormAnswer reply={result} />
        <h2>{t("coupons.offers")}</h2>
        <ul className="plain-list org-list" data-testid="offers">
          {offers.map((o) => (
            <li key={o.id}>
              <h3>{locale === "en" ? o.titleEn : o.titleTh}</h3>
              <p className="hint">
                {t("coupons.value", { amount: baht(o.valueSatang) })} ·{" "}
                {t("coupons.validity", { from: date(o.validFrom), until: date(o.validUntil) })} ·{" "}
                {t(`coupons.rules.${o.rule}`)}
                {o.ruleMinSatang ? ` ≥ ${baht(o.ruleMinSatang)}` : ""}
              </p>
              <progress
                className="progress"
                max={o.stock}
                value={o.granted}
                aria-label={`${t("coupons.granted")} ${o.granted}/${o.stock}`}
              />
              <p className="hint">
                {t("coupons.granted")} {o.granted}/{o.stock} · {t("coupons.redeemedCount")} {o.redeemed} ·{" "}
                {t("coupons.claimedCount")} {o.claimed}
              </p>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="offer-new">
        <h2 id="offer-new">{t("coupons.newOffer")}</h2>
        <Form method="post" encType="multipart/form-data">
          {(["titleTh", "titleEn"] as const).map((f) => (
            <div key={f}>
              <label htmlFor={f}>{t(`coupons.${f}`)}</label>
              <input id={f} name={f} required maxLength={120} defaultValue={typed[f]} />
            </div>
          ))}
          {(["descriptionTh", "descriptionEn"] as const).map((f) => (
            <div key={f}>
              <label htmlFor={f}>{t(`coupons.${f}`)}</label>
              <textarea id={f} name={f} rows={2} maxLength={1000} defaultValue={typed[f]} />
            </div>
          ))}
          <label htmlFor="value">{t("coupons.valueBaht")}</label>
          <input id="value" name="value" inputMode="decimal" required defaultValue={typed.value} />
          <label htmlFor="stock">{t("coupons.stock")}</label>
          <input id="stock" name="stock" inputMode="numeric" required defaultValue={typed.stock} />
          <label htmlFor="validFrom">{t("coupons.validFrom")}</label>
          <input id="validFrom" name="validFrom" type="date" required defaultValue={typed.validFrom ?? today} />
          <label htmlFor="validUntil">{t("coupons.validUntil")}</label>
          <input id="validUntil" name="validUntil" type="date" required defaultValue={typed.validUntil} />
          {(["whereTh", "whereEn"] as const).map((f) => (
            <div key={f}>
              <label htmlFor={f}>{t(`coupons.${f}`)}</label>
              <input id={f} name={f} required maxLength={300} defaultValue={typed[f]} />
            </div>
          ))}
          <label htmlFor="rule">{t("coupons.rule")}</label>
          <select id="rule" name="rule" required defaultValue={typed.rule ?? ""}>
            <option value="" disabled>
              —
            </option>
            {COUPON_RULES.map((r) => (
              <option key={r} value={r}>
                {t(`coupons.rules.${r}`)}
              </option>
            ))}
          </select>
          <label htmlFor="ruleMin">{t("coupons.ruleMin")}</label>
          <input id="ruleMin" name="ruleMin" inputMode="decimal" defaultValue={typed.ruleMin} />
          <label htmlFor="image">{t("coupons.image")}</label>
          <input id="image" name="image" type="file" accept="image/jpeg,image/png,image/webp" />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t("coupons.create")}
            </button>
          </div>
        </Form>
      </section>

      <section className="card" aria-labelledby="staff-title">
        <h2 id="staff-title">{t("coupons.staff")}</h2>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="appoint" />
          <label htmlFor="phone">{t("coupons.appoint")}</label>
          <input id="phone" name="phone" type="tel" inputMode="tel" required />
          <button type="submit" className="secondary" disabled={busy}>
            {t("coupons.appoint").split(" (")[0]}
          </button>
        </Form>
      </section>
    </>
  );
}
