import { z } from "zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { qrSvg } from "../qr-code.server.ts";
import { demoPay, demoSession, type DemoPayment } from "../donations/demo-checkout.server.ts";
import { DemoBanner, useBaht } from "../ui/donations.tsx";
import { useT } from "../ui/i18n.tsx";
import { useIsPending } from "../ui/use-is-pending.ts";
import { orNotFound } from "../http/user-errors.server.ts";
import { answerForm, formRefused, readForm } from "../http/form.server.ts";
import { FormAnswer } from "../ui/form-reply.tsx";

export const meta: MetaFunction = () => [
  { title: "DEMO checkout / ชำระเงิน (สาธิต)" },
  { name: "robots", content: "noindex" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  return orNotFound(async () => {
    const session = await demoSession(params.id!);
    // A QR code like PromptPay's, marked as a demo: it pays nothing.
    const qr = await qrSvg(`DEMO-PROMPTPAY|${session.id}|THB ${(session.amountSatang / 100).toFixed(2)}`);
    return { session, qr };
  }, "Not found / ไม่พบรายการ");
}

const PAYMENTS: Record<string, DemoPayment> = {
  card: { method: "card" },
  "promptpay-paid": { method: "promptpay", outcome: "succeeded" },
  "promptpay-failed": { method: "promptpay", outcome: "failed" },
  cancel: { method: "cancel" },
};
const checkoutForm = z.object({ intent: z.enum(["card", "promptpay-paid", "promptpay-failed", "cancel"]) });

export async function action({ params, request }: ActionFunctionArgs) {
  const submission = await readForm(request, checkoutForm);
  if (submission.status !== "success") return formRefused("form.spam");
  const payment = PAYMENTS[submission.value.intent]!;
  return answerForm(async () => redirect(await demoPay(params.id!, payment), 303));
}

export default function DemoCheckout() {
  const { session, qr } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const baht = useBaht();
  const busy = useIsPending();
  const promptpay = params.get("method") === "promptpay";
  const open = session.status === "open";
  return (
    <section className="card" aria-labelledby="demo-title">
      <DemoBanner text="demoCheckout.banner" />
      <h1 id="demo-title">{t("demoCheckout.title")}</h1>
      <p className="hint">{t("demoCheckout.help")}</p>
      <p>{session.description}</p>
      <p>
        {t("demoCheckout.amount")}:{" "}
        <strong data-testid="checkout-amount">{t("donate.baht", { amount: baht(session.amountSatang) })}</strong>
      </p>
      <FormAnswer reply={result} />
      {!open ? (
        <p className="notice">{t("demoCheckout.closed")}</p>
      ) : promptpay ? (
        <Form method="post">
          <p>{t("demoCheckout.promptpayHelp")}</p>
          <span
            className="qr-demo"
            role="img"
            aria-label="PromptPay QR (demo)"
            dangerouslySetInnerHTML={{ __html: qr }}
          />
          <div className="actions">
            <button type="submit" name="intent" value="promptpay-paid" className="primary" disabled={busy}>
              {t("demoCheckout.promptpay")}
            </button>
            <button type="submit" name="intent" value="promptpay-failed" className="secondary" disabled={busy}>
              {t("demoCheckout.promptpayFail")}
            </button>
          </div>
        </Form>
      ) : (
        <>
          <Form method="post">
            <label htmlFor="card">{t("demoCheckout.cardNumber")}</label>
            <input id="card" readOnly value="4242 4242 4242 4242" inputMode="numeric" />
            <div className="actions">
              <button type="submit" name="intent" value="card" className="primary" disabled={busy}>
                {t("demoCheckout.card")}
              </button>
            </div>
          </Form>
          <p>
            <Link className="button secondary" to="?method=promptpay">
              {t("demoCheckout.promptpay")}
            </Link>
          </p>
        </>
      )}
      {open && (
        <Form method="post">
          <button type="submit" name="intent" value="cancel" className="link-button" disabled={busy}>
            {t("demoCheckout.cancel")}
          </button>
        </Form>
      )}
    </section>
  );
}
