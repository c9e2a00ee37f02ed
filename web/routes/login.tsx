import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useIsPending } from "../ui/use-is-pending.ts";
import { getSessionUser } from "../http/guards.server.ts";
import { createSession } from "../accounts/session.server.ts";
import { requestCode, verifyCode } from "../accounts/otp.server.ts";
import { loginSchema, safeRedirect } from "../accounts/login-form.ts";
import { formatThaiMobile } from "../accounts/phone.ts";
import { outboxIsDevelopment } from "../messaging/sms.server.ts";
import { isUserError } from "../errors.ts";
import { clientIp } from "../http/client.server.ts";
import { ErrorMessage, useT } from "../ui/i18n.tsx";

export const meta: MetaFunction = () => [{ title: "เข้าสู่ระบบ / Sign in" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  const url = new URL(request.url);
  if (user) throw redirect(safeRedirect(url.searchParams.get("redirectTo")));
  return { devOutbox: outboxIsDevelopment() };
}

type ActionResult =
  | { step: "code"; phone: string; error?: { code: string; params?: Record<string, string | number> } }
  | { step: "phone"; error: { code: string } };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = loginSchema.safeParse(form);
  if (!parsed.success) {
    const spam = typeof form.website === "string" && form.website.length > 0;
    return data<ActionResult>(
      { step: "phone", error: { code: spam ? "form.spam" : "phone.invalid" } },
      { status: 400 },
    );
  }
  const input = parsed.data;
  try {
    if (input.intent === "request") {
      const phone = await requestCode(input.phone, clientIp(context));
      return data<ActionResult>({ step: "code", phone });
    }
    const userId = await verifyCode(input.phone, input.code);
    const cookie = await createSession(userId, request.headers.get("user-agent"));
    return redirect(safeRedirect(input.redirectTo), { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    if (!isUserError(error)) throw error;
    const result: ActionResult =
      input.intent === "verify"
        ? { step: "code", phone: input.phone, error: { code: error.code, params: error.params } }
        : { step: "phone", error: { code: error.code } };
    return data<ActionResult>(result, { status: error.status });
  }
}

export default function Login() {
  const { devOutbox } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useIsPending();
  const t = useT();
  const redirectTo = params.get("redirectTo") ?? "";

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
          <ErrorMessage error={result.error} id="code-error" />
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
      <Form method="post" noValidate>
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
          id="phone"
          name="phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          required
          aria-describedby="phone-hint"
          aria-invalid={!!result?.error}
        />
        <ErrorMessage error={result?.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("login.send")}
          </button>
        </div>
      </Form>
    </section>
  );
}
