// Sending e-mail. Like SMS, every message is an OutboxMessage row (written by the caller,
// often inside the transaction that caused it); "outbox" stops there (development: read
// it at /dev/outbox), "smtp" also sends it through SMTP_URL.
import { getConfig } from "../config/config.server.ts";
import { logger } from "../observability/logger.server.ts";

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  /** Files made when the message goes out (a receipt's PDF); the outbox row names them. */
  attachments?: { filename: string; contentType: string; content: Buffer }[];
}

export interface EmailProvider {
  readonly name: string;
  send(message: EmailMessage): Promise<void>;
}

const outboxProvider: EmailProvider = {
  name: "outbox",
  async send(message) {
    logger.info(
      { to: message.to, subject: message.subject, attachments: message.attachments?.map((a) => a.filename) },
      "development outbox: e-mail not sent",
    );
  },
};

let smtp: { url: string; provider: EmailProvider } | undefined;
function smtpProvider(url: string, from: string): EmailProvider {
  if (smtp?.url !== url) {
    // nodemailer is loaded with the first mail sent, not with the web process (ADR 0029).
    const transport = import("nodemailer").then(({ default: nodemailer }) => nodemailer.createTransport(url));
    smtp = {
      url,
      provider: {
        name: "smtp",
        send: async (m) =>
          void (await (
            await transport
          ).sendMail({ from, to: m.to, subject: m.subject, text: m.text, attachments: m.attachments })),
      },
    };
  }
  return smtp.provider;
}

export function emailProvider(): EmailProvider {
  const config = getConfig();
  return config.EMAIL_PROVIDER === "smtp" ? smtpProvider(config.SMTP_URL!, config.EMAIL_FROM) : outboxProvider;
}

/** Sends a message already recorded in the outbox; a failure is logged, never thrown
 *  (the row stays as the record of what should have gone out). */
export async function deliverEmail(message: EmailMessage): Promise<boolean> {
  try {
    await emailProvider().send(message);
    return true;
  } catch (error) {
    logger.error({ err: error, to: message.to }, "e-mail not delivered");
    return false;
  }
}
