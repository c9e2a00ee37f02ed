// Receipts through a real SMTP conversation (a local SMTP server), not only the outbox.
import { afterAll, beforeAll, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";
import type { AddressInfo } from "node:net";
import { db } from "../../web/db/db.server.ts";
import { startStandin } from "../support/stripe.ts";
import { pdfText } from "../support/pdf.ts";
import type { StripeStandin } from "../../scripts/lib/stripe-standin.ts";

const received: { to: string[]; data: string }[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, session, callback) {
    let data = "";
    stream.on("data", (c: Buffer) => (data += c.toString("utf8")));
    stream.on("end", () => {
      received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
      callback();
    });
  },
});
let standin: StripeStandin;

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  process.env.EMAIL_PROVIDER = "smtp";
  process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  process.env.EMAIL_FROM = "Receipts <receipts@example.org>";
  standin = await startStandin(async (payload, signature) => {
    const { receiveStripeWebhook } = await import("../../web/donations/webhooks.server.ts");
    return (await receiveStripeWebhook(payload, signature)).status;
  });
  await db().campaign.create({
    data: { slug: "mail", titleTh: "ทุน", titleEn: "Fund", storyTh: "", storyEn: "", goalSatang: 100_000_00n },
  });
});
afterAll(async () => {
  await standin.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

it("a confirmed donation's receipt is sent once through SMTP and kept in the outbox", async () => {
  const { donationFormSchema, startDonation } = await import("../../web/donations/donations.server.ts");
  const input = donationFormSchema().parse({
    campaign: "mail",
    amount: "750",
    email: "donor@example.net",
    donorName: "Malee",
    consent: "on",
  });
  const started = await startDonation(input, { baseUrl: "http://app.test", locale: "en" });
  const session = (await db().donation.findUniqueOrThrow({ where: { id: started.donationId } })).checkoutSessionId!;
  await standin.pay(session, "card");
  await expect.poll(() => received.length).toBe(1);
  expect(received[0]!.to).toEqual(["donor@example.net"]);
  expect(received[0]!.data).toContain("From: Receipts <receipts@example.org>");
  // Read as a mail program would: the text, and the receipt's PDF attached.
  const mail = await simpleParser(received[0]!.data);
  expect(mail.text).toContain("THB 750");
  expect(mail.text).toContain("Malee");
  expect(mail.attachments.map((a) => a.contentType)).toEqual(["application/pdf"]);
  expect(await pdfText(mail.attachments[0]!.content)).toContain("750");
  const rows = await db().outboxMessage.findMany({ where: { recipient: "donor@example.net" } });
  expect(rows.map((r) => [r.channel, r.provider])).toEqual([["email", "smtp"]]);
  // Stripe sending the same event again sends no second e-mail.
  const { applyStripeEvent } = await import("../../web/donations/webhooks.server.ts");
  const event = await db().stripeEvent.findFirstOrThrow({
    where: { donationId: started.donationId, type: "checkout.session.completed" },
  });
  expect(
    (
      await applyStripeEvent({
        id: event.id,
        type: "checkout.session.completed",
        created: 1,
        data: { object: {} },
      } as never)
    ).body.duplicate,
  ).toBe(true);
  expect(received).toHaveLength(1);
});
