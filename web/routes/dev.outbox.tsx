import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { getSessionUser } from "../http/guards.server.ts";
import { can } from "../accounts/permissions.ts";
import { latestOutboxMessages, outboxIsDevelopment } from "../messaging/sms.server.ts";
import { isLoopback } from "../http/client.server.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatDateTime } from "../i18n/format.ts";

/** The development outbox: messages that would have gone out by SMS or e-mail (sign-in
 *  codes among them). Open without signing in only to this machine, only while no real
 *  provider is configured, outside production. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const open = outboxIsDevelopment() && isLoopback(context);
  if (!open && !can(await getSessionUser(request), "outbox:read")) throw new Response("Not found", { status: 404 });
  const messages = await latestOutboxMessages(50);
  return {
    messages: messages.map((m) => ({
      id: m.id,
      channel: m.channel,
      recipient: m.recipient,
      subject: m.subject,
      body: m.body,
      createdAt: m.createdAt.toISOString(),
    })),
  };
}

export default function Outbox() {
  const { messages } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const { revalidate } = useRevalidator();
  useEffect(() => {
    const timer = setInterval(revalidate, 3000);
    return () => clearInterval(timer);
  }, [revalidate]);
  return (
    <section className="card" aria-labelledby="outbox-title">
      <h1 id="outbox-title">{t("outbox.title")}</h1>
      <p className="hint">{t("outbox.help")}</p>
      {messages.length === 0 ? (
        <p>{t("outbox.empty")}</p>
      ) : (
        <ul className="outbox">
          {messages.map((m) => (
            <li key={m.id} className="card" data-testid="outbox-message">
              <div>
                <strong>{t("outbox.to")}:</strong> <span data-testid="outbox-recipient">{m.recipient}</span> ·{" "}
                {m.channel.toUpperCase()} · {formatDateTime(m.createdAt, locale)}
              </div>
              {m.subject && (
                <div>
                  <strong>{m.subject}</strong>
                </div>
              )}
              <div data-testid="outbox-body">{m.body}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
