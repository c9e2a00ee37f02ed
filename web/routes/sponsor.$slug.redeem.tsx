import { z } from "zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigate } from "@remix-run/react";
import { useCallback } from "react";
import { requireSponsor } from "../http/guards.server.ts";
import { previewCoupon, redeemCoupon } from "../coupons/coupons.server.ts";
import { isUserError } from "../errors.ts";
import { useBaht } from "../ui/donations.tsx";
import { ErrorMessage, useLocale, useT } from "../ui/i18n.tsx";
import { QrScanner } from "../ui/qr-scanner.tsx";
import { useIsPending } from "../ui/use-is-pending.ts";
import { answerForm, formDone, readForm } from "../http/form.server.ts";
import { FormAnswer } from "../ui/form-reply.tsx";

export const meta: MetaFunction = () => [{ title: "รับคูปอง / Redeem" }];

/** The counter: a code (scanned or typed) shows what it is; confirming redeems it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { sponsor } = await requireSponsor(request, params.slug, "coupons:redeem");
  const code = new URL(request.url).searchParams.get("code")?.slice(0, 64) ?? "";
  const base = { sponsor: { slug: sponsor.slug, nameTh: sponsor.nameTh, nameEn: sponsor.nameEn }, code };
  if (!code) return { ...base, coupon: null, error: null };
  try {
    return { ...base, coupon: await previewCoupon(code, sponsor.id), error: null };
  } catch (error) {
    if (isUserError(error))
      return data({ ...base, coupon: null, error: { code: error.code } }, { status: error.status });
    throw error;
  }
}

const redeemForm = z.object({ code: z.string().trim().max(64) });

export async function action({ request, params }: ActionFunctionArgs) {
  const { sponsor, user } = await requireSponsor(request, params.slug, "coupons:redeem");
  const submission = await readForm(request, redeemForm);
  const code = submission.status === "success" ? submission.value.code : "";
  return answerForm(
    async () => {
      await redeemCoupon(code, sponsor.id, user.id);
      return formDone(null, { redeemed: await previewCoupon(code, sponsor.id) });
    },
    { redeemed: null },
  );
}

export default function Redeem() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useIsPending();
  const navigate = useNavigate();
  const t = useT();
  const locale = useLocale();
  const baht = useBaht();
  const onCode = useCallback((code: string) => navigate(`?code=${encodeURIComponent(code)}`), [navigate]);
  const shown = result?.redeemed ?? d.coupon;
  return (
    <section className="card" aria-labelledby="redeem-title">
      <h1 id="redeem-title">{t("coupons.redeemTitle")}</h1>
      <p className="hint">{locale === "en" ? d.sponsor.nameEn : d.sponsor.nameTh}</p>
      {result?.redeemed ? (
        <p className="notice" role="status" data-testid="redeem-result">
          <strong>{t("coupons.redeemedOk")}</strong>
        </p>
      ) : (
        <>
          <FormAnswer reply={result} />
          {!result && <ErrorMessage error={d.error} />}
        </>
      )}
      {shown && (
        <div className="coupon-preview" data-testid="coupon-preview">
          <h2>{locale === "en" ? shown.titleEn : shown.titleTh}</h2>
          <p>
            {t("coupons.value", { amount: baht(shown.valueSatang) })} ·{" "}
            <span className="badge">{t(`coupons.state.${shown.state}`)}</span>
          </p>
          <p className="hint">
            {t("coupons.code")} <span className="mono">{shown.code}</span> · {t("coupons.holder")} {shown.holder}
          </p>
          {!result?.redeemed && shown.state !== "redeemed" && shown.state !== "expired" && (
            <Form method="post">
              <input type="hidden" name="code" value={shown.code} />
              <div className="actions">
                <button type="submit" className="primary" disabled={busy}>
                  {t("coupons.confirm")}
                </button>
              </div>
            </Form>
          )}
        </div>
      )}
      {result?.redeemed && (
        <p>
          <Link className="button secondary" to=".">
            {t("coupons.another")}
          </Link>
        </p>
      )}
      <QrScanner onCode={onCode} />
      <Form method="get">
        <label htmlFor="code">{t("coupons.typeCode")}</label>
        <input
          id="code"
          name="code"
          autoComplete="off"
          autoCapitalize="characters"
          inputMode="text"
          defaultValue={result?.redeemed ? "" : d.code}
          placeholder="XXXX-XXXX-XXXX"
        />
        <div className="actions">
          <button type="submit" className="secondary">
            {t("coupons.check")}
          </button>
        </div>
      </Form>
    </section>
  );
}
