import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useIsPending } from "../ui/use-is-pending.ts";
import { getSessionUser } from "../http/guards.server.ts";
import { createSession } from "../accounts/session.server.ts";
import { requestCode, verifyCode } from "../accounts/otp.server.ts";
import { loginSchema, requestCodeSchema, safeRedirect } from "../accounts/login-form.ts";
import { formatThaiMobile } from "../accounts/phone.ts";
import { outboxIsDevelopment } from "../messaging/sms.server.ts";
import { answerForm, formDone, formRefused, readForm } from "../http/form.server.ts";
import { FieldErrors, fieldProps, FormAnswer, formProps, useZodForm } from "../ui/form-reply.tsx";
import { clientIp } from "../http/client.server.ts";
import { useT } from "../ui/i18n.tsx";

export const meta: MetaFunction = () => [{ title: "เข้าสู่ระบบ / Sign in" }];

// HTML only (issue 40): every volunteer's first page works as plain form posts (tested with
// JavaScript off) and so weighs a few kilobytes on a slow phone, not 180.
export const handle = { hydrate: false, follow: false };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  const url = new URL(request.url);
  if (user) throw redirect(safeRedirect(url.searchParams.get("redirectTo")));
  return { devOutbox: outboxIsDevelopment() };
}

// The answer says which step the page shows next: the code (after a code was sent, or a
// wrong code) or the phone number again.
type Step = { step: "code"; phone: string } | { step: "phone"; phone: null };

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await readForm(request, loginSchema);
  if (submission.status !== "success") {
    const spam = !!submission.error?.website;
    return formRefused<Step>(spam ? "messages.form.spam" : "messages.phone.invalid", 400, {
      step: "phone",
      phone: null,
    });
  }
  const input = submission.value;
  const onRefusal: Step =
    input.intent === "verify" ? { step: "code", phone: input.phone } : { step: "phone", phone: null };
  return answerForm(async () => {
    if (input.intent === "request") {
      const phone = await requestCode(input.phone, clientIp(context));
      return formDone<Step>(null, { step: "code", phone });
    }
    const userId = await verifyCode(input.phone, input.code);
    const cookie = await createSession(userId, request.headers.get("user-agent"));
    return redirect(safeRedirect(input.redirectTo), { headers: { "Set-Cookie": cookie } });
  }, onRefusal);
}

export default function Login() {
  const { devOutbox } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useIsPending();
  const t = useT();
  const redirectTo = params.get("redirectTo") ?? "";
  const [form, fields] = useZodForm(requestCodeSchema, result, () => "messages.phone.invalid");

  if (result?.step === "code") {
    const phone = result.phone;
    return (
      <section className="card" aria-labelledby="code-title">
        <h1 id="code-title">{t("login.codeTitle")}</h1>
        <p>{t("login.codeSentTo", { phone: phone.startsWith("+66") ? formatThaiMobile(phone) : phone })}</p>
        {devOutbox && (
          <p className="notice">
            <Link to="/dev/outbox" target="_blank">
              {t("login.devOutbox")}
            </Link>
          </p>
        )}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="verify" />
          <input type="hidden" name="phone" value={phone} />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <div className="honeypot" aria-hidden="true">
            <input name="website" tabIndex={-1} autoComplete="off" />
          </div>
          <label htmlFor="code">{t("login.code")}</label>
          <input
            id="code"
            name="code"
            className="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={6}
            required
            autoFocus
            aria-describedby={result.error ? "code-error" : undefined}
            aria-invalid={!!result.error}
          />
          <FormAnswer reply={result} errorId="code-error" />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t("login.verify")}
            </button>
          </div>
        </Form>
        <Form method="post" className="actions">
          <input type="hidden" name="intent" value="request" />
          <input type="hidden" name="phone" value={phone} />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <button type="submit" className="link-button" disabled={busy}>
            {t("login.resend")}
          </button>
          <Link
            to={`/login${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ""}`}
            className="link-button"
          >
            {t("login.otherPhone")}
          </Link>
        </Form>
      </section>
    );
  }

  return (
    <section className="card" aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      <Form method="post" {...formProps(form)}>
        <input type="hidden" name="intent" value="request" />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <div className="honeypot" aria-hidden="true">
          <label htmlFor="website">Website</label>
          <input id="website" name="website" tabIndex={-1} autoComplete="off" />
        </div>
        <label htmlFor="phone">{t("login.phone")}</label>
        <p className="hint" id="phone-hint">
          {t("login.phoneHint")}
        </p>
        <input
          {...fieldProps(fields.phone, "phone", "phone-hint")}
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          aria-invalid={!!result?.error || !!fields.phone.errors}
        />
        <FieldErrors field={fields.phone} id="phone" />
        <FormAnswer reply={result} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("login.send")}
          </button>
        </div>
      </Form>
    </section>
  );
}
