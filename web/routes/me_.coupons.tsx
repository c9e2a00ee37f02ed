import { z } from "zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { requireUser } from "../http/guards.server.ts";
import { claimCoupon, couponsOfPhone } from "../coupons/coupons.server.ts";
import { claimMessage } from "../coupons/codes.ts";
import { useBaht } from "../ui/donations.tsx";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatDate, formatDateTime } from "../i18n/format.ts";
import { useIsPending } from "../ui/use-is-pending.ts";
import { answerForm, formDone, readForm } from "../http/form.server.ts";
import { FormAnswer, replyFor } from "../ui/form-reply.tsx";

export const meta: MetaFunction = () => [{ title: "คูปองของฉัน / My coupons" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { coupons: await couponsOfPhone(user.phone) };
}

const cut = (max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? "").slice(0, max));
const claimForm = z.object({ couponId: cut(40), address: cut(100), signature: cut(300) });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = await readForm(request, claimForm);
  // Each field is cut to its longest; claimCoupon checks what they say (its own messages).
  const { couponId = "", address = "", signature = "" } = submission.status === "success" ? submission.value : {};
  return answerForm(
    async () => {
      await claimCoupon(user.phone, couponId, address, signature, user.id);
      return formDone("coupons.claimed", { intent: couponId, address });
    },
    { intent: couponId, address },
  );
}

export default function MyCoupons() {
  const { coupons } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const baht = useBaht();
  const date = (iso: string) => formatDate(iso, locale, { timeZone: "Asia/Bangkok" });
  // While a coupon is on its way to the chain (or to a wallet), look again every few seconds.
  const { revalidate, state } = useRevalidator();
  const moving = coupons.some((c) => c.onChain === "pending" || (c.claimedTo && c.onChain !== "wallet"));
  useEffect(() => {
    if (!moving) return;
    const timer = setInterval(() => state === "idle" && revalidate(), 4000);
    return () => clearInterval(timer);
  }, [moving, revalidate, state]);
  return (
    <section className="card" aria-labelledby="mc-title">
      <h1 id="mc-title">{t("coupons.mine")}</h1>
      {coupons.length === 0 && <p>{t("coupons.none")}</p>}
      <ul className="plain-list coupon-list">
        {coupons.map((c) => (
          <li key={c.id} className="coupon" data-testid="coupon" data-code={c.code}>
            {c.offer.image && <img src={c.offer.image} alt="" className="coupon-image" loading="lazy" />}
            <h2>{locale === "en" ? c.offer.titleEn : c.offer.titleTh}</h2>
            <p className="hint">
              {t("coupons.from")} {locale === "en" ? c.offer.sponsorEn : c.offer.sponsorTh}
            </p>
            <p>
              <strong>{t("coupons.value", { amount: baht(c.offer.valueSatang) })}</strong> ·{" "}
              <span
                className={`badge ${c.state === "available" || c.state === "claimed" ? "succeeded" : "failed"}`}
                data-testid="coupon-state"
              >
                {t(`coupons.state.${c.state}`)}
              </span>
            </p>
            {(locale === "en" ? c.offer.descriptionEn : c.offer.descriptionTh) && (
              <p>{locale === "en" ? c.offer.descriptionEn : c.offer.descriptionTh}</p>
            )}
            <p className="hint">
              {t("coupons.validity", { from: date(c.offer.validFrom), until: date(c.offer.validUntil) })}
            </p>
            <p className="hint">
              {t("coupons.where")}: {locale === "en" ? c.offer.whereEn : c.offer.whereTh}
            </p>
            {(c.state === "available" || c.state === "claimed" || c.state === "upcoming") && (
              <figure className="coupon-qr">
                <span role="img" aria-label={`QR ${c.code}`} dangerouslySetInnerHTML={{ __html: c.qr }} />
                <figcaption>
                  {t("coupons.showAtCounter")}
                  <br />
                  <span className="mono" data-testid="coupon-code">
                    {c.code}
                  </span>
                </figcaption>
              </figure>
            )}
            <p className="hint" data-testid="coupon-chain">
              {t(`coupons.onChain.${c.onChain}`)}
              {c.claimedTo && (
                <>
                  {" "}
                  · <span className="mono">{c.claimedTo}</span>
                </>
              )}
            </p>
            <FormAnswer reply={result} intent={c.id} />
            {c.state === "available" && !(replyFor(result, c.id) && result?.notice) && (
              <ClaimForm couponId={c.id} code={c.code} typed={replyFor(result, c.id) ? result?.address : undefined} />
            )}
            <details>
              <summary>{t("coupons.history")}</summary>
              <ol className="history">
                {c.history.map((h, i) => (
                  <li key={i}>
                    {formatDateTime(h.at, locale, { timeZone: "Asia/Bangkok" })} · {t(`coupons.events.${h.kind}`)}
                  </li>
                ))}
              </ol>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}

type Ethereum = { request(args: { method: string; params?: unknown[] }): Promise<unknown> };

function ClaimForm({ couponId, code, typed }: { couponId: string; code: string; typed?: string }) {
  const t = useT();
  const busy = useIsPending();
  const [address, setAddress] = useState(typed ?? "");
  const [signature, setSignature] = useState("");
  const [wallet, setWallet] = useState(false);
  const message = claimMessage(code, address.trim() || "0x…");
  const sign = async () => {
    const ethereum = (window as unknown as { ethereum?: Ethereum }).ethereum;
    if (!ethereum) return;
    const [account] = (await ethereum.request({ method: "eth_requestAccounts" })) as string[];
    if (!account) return;
    setAddress(account);
    const hex =
      "0x" +
      Array.from(new TextEncoder().encode(claimMessage(code, account)), (b) => b.toString(16).padStart(2, "0")).join(
        "",
      );
    setSignature((await ethereum.request({ method: "personal_sign", params: [hex, account] })) as string);
  };
  return (
    <details
      open={typed !== undefined ? true : undefined}
      onToggle={() => setWallet(typeof window !== "undefined" && "ethereum" in window)}
    >
      <summary>{t("coupons.claimTitle")}</summary>
      <Form method="post">
        <p className="hint">{t("coupons.claimHelp")}</p>
        <input type="hidden" name="couponId" value={couponId} />
        <label htmlFor={`address-${couponId}`}>{t("coupons.address")}</label>
        <input
          id={`address-${couponId}`}
          name="address"
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          required
        />
        <label htmlFor={`message-${couponId}`}>{t("coupons.message")}</label>
        <pre id={`message-${couponId}`} className="mono" data-testid="claim-message">
          {message}
        </pre>
        {wallet && (
          <button type="button" className="secondary" onClick={() => void sign()}>
            {t("coupons.signWithWallet")}
          </button>
        )}
        <label htmlFor={`signature-${couponId}`}>{t("coupons.signature")}</label>
        <input
          id={`signature-${couponId}`}
          name="signature"
          value={signature}
          onChange={(e) => setSignature(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          required
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("coupons.claim")}
          </button>
        </div>
      </Form>
    </details>
  );
}
