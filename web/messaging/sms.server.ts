// Sending SMS. Every message is kept as an OutboxMessage row (the audit trail); the
// "outbox" provider stops there (development: read it at /dev/outbox), "http" also
// posts it to the configured gateway.
import { db } from "../db/db.server.ts";
import { getConfig } from "../config/config.server.ts";
import { logger } from "../observability/logger.server.ts";

export interface SmsProvider {
  readonly name: string;
  send(to: string, body: string): Promise<void>;
}

const outboxProvider: SmsProvider = {
  name: "outbox",
  async send(to, body) {
    logger.info({ to, body }, "development outbox: SMS not sent to a real phone");
  },
};

function httpProvider(url: string, token?: string): SmsProvider {
  return {
    name: "http",
    async send(to, body) {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ to, body }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
    },
  };
}

export function smsProvider(): SmsProvider {
  const config = getConfig();
  return config.SMS_PROVIDER === "http" ? httpProvider(config.SMS_HTTP_URL!, config.SMS_HTTP_TOKEN) : outboxProvider;
}

/** Sends an SMS and keeps it in the outbox. `secret` (a sign-in code) is kept only where
 *  nothing is really sent — the development outbox is how a code arrives there; through
 *  a real provider the kept copy has it masked, so no code is ever stored in clear. */
export async function sendSms(to: string, body: string, { secret }: { secret?: string } = {}) {
  const provider = smsProvider();
  const kept = secret && provider.name !== "outbox" ? body.replaceAll(secret, "•".repeat(secret.length)) : body;
  await db().outboxMessage.create({ data: { channel: "sms", recipient: to, body: kept, provider: provider.name } });
  await provider.send(to, body);
}

export function outboxIsDevelopment() {
  return getConfig().SMS_PROVIDER === "outbox";
}

/** The newest messages of the outbox (SMS and e-mail), for the development outbox page. */
export function latestOutboxMessages(take = 50) {
  return db().outboxMessage.findMany({ orderBy: { createdAt: "desc" }, take });
}
