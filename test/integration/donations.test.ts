import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { db } from "../../web/db/db.server.ts";
import { startStandin, WEBHOOK_SECRET } from "../support/stripe.ts";
import { signedPayload, stripeEvent, type StripeStandin } from "../../scripts/lib/stripe-standin.ts";
import { userError } from "../support/user-error.ts";
import { multipartParts } from "../../web/http/multipart.server.ts";
import { pdfText } from "../support/pdf.ts";

// Events the stand-in sends go through the real handler (signature checked), or are kept
// in `held` while a test wants to replay them itself.
let hold = false;
const held: { payload: string; signature: string }[] = [];
let standin: StripeStandin;
type Mods = {
  webhooks: typeof import("../../web/donations/webhooks.server.ts");
  donations: typeof import("../../web/donations/donations.server.ts");
  ledger: typeof import("../../web/donations/ledger.server.ts");
};
let m: Mods;
let campaignId: string;

const form = (over: Record<string, string> = {}) => ({
  campaign: "test",
  amount: "500",
  customAmount: "",
  currency: "thb",
  donorName: "สมชาย",
  email: "somchai@example.com",
  phone: "081-234-5678",
  anonymous: "",
  consent: "on",
  ...over,
});
async function donate(over: Record<string, string> = {}) {
  const parsed = m.donations.donationFormSchema().parse(form(over));
  return m.donations.startDonation(parsed, { baseUrl: "http://app.test", locale: "th" });
}
const sessionOf = async (donationId: string) =>
  (await db().donation.findUniqueOrThrow({ where: { id: donationId } })).checkoutSessionId!;
const view = (d: { donationId: string; token: string }) => m.donations.donationByToken(d.donationId, d.token);
const ledgerTotal = async () =>
  Number(
    (
      await db().ledgerEntry.aggregate({
        _sum: { amountSatang: true },
        where: { kind: { in: ["donation", "refund"] } },
      })
    )._sum.amountSatang ?? 0,
  );
const counts = async () => ({
  donations: await db().donation.count(),
  ledger: await db().ledgerEntry.count(),
  events: await db().stripeEvent.count(),
});

beforeAll(async () => {
  standin = await startStandin(async (payload, signature) => {
    if (hold) {
      held.push({ payload, signature });
      return 200;
    }
    return (await m.webhooks.receiveStripeWebhook(payload, signature)).status;
  });
  m = {
    webhooks: await import("../../web/donations/webhooks.server.ts"),
    donations: await import("../../web/donations/donations.server.ts"),
    ledger: await import("../../web/donations/ledger.server.ts"),
  };
  const campaign = await db().campaign.create({
    data: {
      slug: "test",
      titleTh: "ทุนนับคะแนน",
      titleEn: "Count fund",
      storyTh: "เรื่อง",
      storyEn: "Story",
      goalSatang: 12_000_000_00n,
    },
  });
  campaignId = campaign.id;
});
afterAll(() => standin.stop());
beforeEach(() => {
  hold = false;
  held.length = 0;
});

describe("starting a donation", () => {
  it("refuses bad amounts, another currency, an unknown campaign and a missing consent, writing nothing", async () => {
    const schema = m.donations.donationFormSchema();
    const message = (over: Record<string, string>) => {
      const r = schema.safeParse(form(over));
      return r.success ? null : r.error.issues[0]!.message;
    };
    expect(message({ amount: "19.99" })).toBe("donate.errors.belowMinimum");
    expect(message({ customAmount: "150000.01" })).toBe("donate.errors.aboveMaximum");
    expect(message({ amount: "ห้าร้อย" })).toBe("donate.errors.amount");
    expect(message({ currency: "usd" })).toBe("donate.errors.currency");
    expect(message({ consent: "" })).toBe("donate.errors.consent");
    expect(message({ phone: "12345" })).toBe("donate.errors.phone");
    expect(message({ email: "not-an-email" })).toBe("donate.errors.email");
    expect(message({ customAmount: "1,250.50" })).toBeNull();
    const before = await counts();
    expect((await userError(donate({ campaign: "nope" }))).status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it("opens a Checkout session through the SDK and shows 'pending' until Stripe's event says otherwise", async () => {
    const d = await donate({ customAmount: "1,250.50" });
    expect(d.checkoutUrl).toMatch(/^http:\/\/app\.test\/demo-checkout\/cs_test_/);
    const session = standin.sessions.get(await sessionOf(d.donationId))!;
    expect(session.amount_total).toBe(125050);
    expect(session.allowed_payment_method_types).toEqual(["card", "promptpay"]);
    expect(session.client_reference_id).toBe(d.donationId);
    expect((await view(d)).status).toBe("pending");
    expect((await userError(m.donations.donationByToken(d.donationId, "wrong-token"))).status).toBe(404);
  });

  it("keeps nothing when Stripe cannot be reached (503, a clear message)", async () => {
    const before = await counts();
    await standin.stop();
    try {
      const refused = await userError(donate());
      expect([refused.status, refused.code]).toEqual([503, "donate.errors.paymentsUnavailable"]);
    } finally {
      await standin.start(); // the same port again
    }
    expect(await counts()).toEqual(before);
  });
});

describe("webhooks", () => {
  it("confirms a card payment once: ledger row, receipt number, one receipt e-mail, progress", async () => {
    const d = await donate({ amount: "1000" });
    await standin.pay(await sessionOf(d.donationId), "card");
    const v = await view(d);
    expect(v.status).toBe("confirmed");
    expect(v.channel).toBe("card");
    expect(v.receivedSatang).toBe(100000);
    expect(v.receipt).toMatch(/^R25\d\d-\d{6}$/);
    const mails = await db().outboxMessage.findMany({ where: { channel: "email", recipient: "somchai@example.com" } });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body).toContain(v.receipt!);
    const page = await m.donations.campaignPage("test");
    expect(page.progress.raisedSatang).toBeGreaterThanOrEqual(100000);
    expect(page.recent[0]).toMatchObject({ name: "สมชาย", amountSatang: 100000 });
  });

  it("PromptPay: processing after checkout, confirmed only when the asynchronous payment succeeds; a failed one fails", async () => {
    const ok = await donate({ amount: "300", anonymous: "on" });
    const bad = await donate({ amount: "300" });
    await standin.pay(await sessionOf(ok.donationId), "promptpay");
    await standin.pay(await sessionOf(bad.donationId), "promptpay");
    expect((await view(ok)).status).toBe("processing");
    await standin.settle(await sessionOf(ok.donationId), "succeeded");
    await standin.settle(await sessionOf(bad.donationId), "failed");
    expect(await view(ok)).toMatchObject({ status: "confirmed", channel: "promptpay", receivedSatang: 30000 });
    expect((await view(bad)).status).toBe("failed");
    const page = await m.donations.campaignPage("test");
    expect(page.recent.find((r) => r.amountSatang === 30000)!.name).toBeNull(); // anonymous
  });

  it("refuses a bad or missing signature and a tampered body with 400, storing nothing", async () => {
    const d = await donate();
    hold = true;
    await standin.pay(await sessionOf(d.donationId), "card");
    hold = false;
    const { payload, signature } = held[0]!;
    const before = await counts();
    const wrongSecret = signedPayload(JSON.parse(payload), "whsec_someoneelse");
    const answers = await Promise.all([
      m.webhooks.receiveStripeWebhook(payload, undefined),
      m.webhooks.receiveStripeWebhook(payload, "t=1,v1=deadbeef"),
      m.webhooks.receiveStripeWebhook(payload.replace('"amount_total":50000', '"amount_total":5000000'), signature),
      m.webhooks.receiveStripeWebhook(wrongSecret.payload, wrongSecret.signature),
    ]);
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400]);
    expect(answers[0]!.body.message).toMatch(/ลายเซ็น/);
    expect(await counts()).toEqual(before);
    expect((await view(d)).status).toBe("pending");
  });

  it("applies each event exactly once whatever the duplicates and the order (120 events × 4 deliveries, shuffled, concurrent)", async () => {
    hold = true;
    const expected = new Map<string, { status: string; received: number | null; refunded: number }>();
    const all: { donationId: string; token: string }[] = [];
    for (let i = 0; i < 40; i++) {
      const amount = 2000 + i * 37; // baht
      const d = await donate({ amount: String(amount), email: i % 2 ? `donor${i}@example.com` : "", phone: "" });
      all.push(d);
      const session = await sessionOf(d.donationId);
      const satang = amount * 100;
      switch (i % 5) {
        case 0:
          await standin.pay(session, "card");
          expected.set(d.donationId, { status: "confirmed", received: satang, refunded: 0 });
          break;
        case 1:
          await standin.pay(session, "promptpay");
          await standin.settle(session, "succeeded");
          expected.set(d.donationId, { status: "confirmed", received: satang, refunded: 0 });
          break;
        case 2: {
          await standin.pay(session, "card");
          const intent = standin.sessions.get(session)!.payment_intent as string;
          await fetch(`${standin.url}/v1/refunds`, {
            method: "POST",
            headers: {
              authorization: "Bearer sk_test_integration",
              "content-type": "application/x-www-form-urlencoded",
            },
            body: `payment_intent=${intent}&amount=50000&metadata[donationId]=${d.donationId}`,
          });
          await new Promise((r) => setTimeout(r, 40));
          expected.set(d.donationId, { status: "partially_refunded", received: satang, refunded: 50000 });
          break;
        }
        case 3:
          await standin.pay(session, "promptpay");
          await standin.settle(session, "failed");
          expected.set(d.donationId, { status: "failed", received: null, refunded: 0 });
          break;
        default:
          await standin.expire(session);
          expected.set(d.donationId, { status: "expired", received: null, refunded: 0 });
      }
    }
    await new Promise((r) => setTimeout(r, 100)); // refund events are sent just after the answer
    hold = false;
    const events = [...held];
    const unique = new Set(events.map((e) => JSON.parse(e.payload).id)).size;
    expect(unique).toBe(events.length);
    const deliveries = events.flatMap((e) => [e, e, e, e]).sort(() => Math.random() - 0.5);
    const before = await counts();
    const statuses: number[] = [];
    // 8 at a time; an answer of 409 (a refund whose payment is not seen yet) is delivered again at the end, as Stripe would.
    const retry: typeof deliveries = [];
    for (let i = 0; i < deliveries.length; i += 8) {
      const batch = deliveries.slice(i, i + 8);
      const answers = await Promise.all(batch.map((e) => m.webhooks.receiveStripeWebhook(e.payload, e.signature)));
      answers.forEach((a, k) => (a.status === 409 ? retry.push(batch[k]!) : statuses.push(a.status)));
    }
    for (const e of retry) statuses.push((await m.webhooks.receiveStripeWebhook(e.payload, e.signature)).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const after = await counts();
    expect(after.events - before.events).toBe(unique);
    for (const d of all) {
      const v = await view(d);
      const e = expected.get(d.donationId)!;
      expect({ id: d.donationId, status: v.status, received: v.receivedSatang, refunded: v.refundedSatang }).toEqual({
        id: d.donationId,
        ...e,
      });
    }
    const receipts = await db().outboxMessage.count({
      where: { channel: "email", recipient: { startsWith: "donor" } },
    });
    const paidWithEmail = all.filter((d, i) => i % 2 === 1 && expected.get(d.donationId)!.received !== null).length;
    expect(receipts).toBe(paidWithEmail);
    const sum = await db().ledgerEntry.aggregate({
      _sum: { amountSatang: true },
      where: { donationId: { in: all.map((d) => d.donationId) } },
    });
    const want = [...expected.values()].reduce((s, e) => s + (e.received ?? 0) - e.refunded, 0);
    expect(Number(sum._sum.amountSatang)).toBe(want);
  });

  it("a refund whose payment is not known yet answers 409 (Stripe delivers it again) and keeps nothing; later it applies", async () => {
    const d = await donate({ amount: "700" });
    hold = true;
    await standin.pay(await sessionOf(d.donationId), "card");
    hold = false;
    const intent = standin.sessions.get(await sessionOf(d.donationId))!.payment_intent as string;
    const refund = stripeEvent("refund.created", {
      id: `re_${randomUUID().slice(0, 8)}`,
      object: "refund",
      amount: 70000,
      payment_intent: intent,
      status: "succeeded",
      metadata: {},
    });
    const signed = signedPayload(refund, WEBHOOK_SECRET);
    const before = await counts();
    expect((await m.webhooks.receiveStripeWebhook(signed.payload, signed.signature)).status).toBe(409);
    expect(await counts()).toEqual(before);
    for (const e of held) expect((await m.webhooks.receiveStripeWebhook(e.payload, e.signature)).status).toBe(200);
    expect((await m.webhooks.receiveStripeWebhook(signed.payload, signed.signature)).status).toBe(200);
    expect((await view(d)).status).toBe("refunded");
  });

  it("a refund asked from the finance page goes through Stripe and reverses the donation when its event arrives", async () => {
    const d = await donate({ amount: "2500" });
    await standin.pay(await sessionOf(d.donationId), "card");
    const before = await ledgerTotal();
    expect(
      (await userError(m.ledger.refundDonation(d.donationId, 300_000, "00000000-0000-0000-0000-000000000000"))).status,
    ).toBe(422);
    await m.ledger.refundDonation(d.donationId, null, "00000000-0000-0000-0000-000000000000");
    await expect.poll(async () => (await view(d)).status).toBe("refunded");
    expect(await ledgerTotal()).toBe(before - 250000);
    expect(
      (await userError(m.ledger.refundDonation(d.donationId, null, "00000000-0000-0000-0000-000000000000"))).status,
    ).toBe(422);
    const pending = await donate();
    expect(
      (await userError(m.ledger.refundDonation(pending.donationId, null, "00000000-0000-0000-0000-000000000000")))
        .status,
    ).toBe(409);
  });
});

describe("receipts", () => {
  it("keeps a donor's tax ID sealed, shows it on their receipt, and makes the receipt's PDF with the legal fields and the amount in Thai words", async () => {
    const schema = m.donations.donationFormSchema();
    const refused = schema.safeParse(form({ donorTaxId: "1234567890123" }));
    expect(refused.success ? null : refused.error.issues[0]!.message).toBe("donate.errors.taxId");
    const d = await donate({ amount: "1250", donorTaxId: "1-1037-02071-58-7" });
    const stored = await db().donation.findUniqueOrThrow({ where: { id: d.donationId } });
    // Sealed, never in clear (PDPA): not the digits, nor the digits in any obvious encoding.
    expect(stored.donorTaxIdSealed).toMatch(/^v1\./);
    expect(JSON.stringify(stored)).not.toContain("1103702071587");
    await standin.pay(await sessionOf(d.donationId), "card");

    const receipt = await m.donations.receiptOf(d.donationId, { token: d.token });
    expect(receipt.donation.donorTaxId).toBe("1103702071587");
    expect(receipt.amountWords).toBe("หนึ่งพันสองร้อยห้าสิบบาทถ้วน");
    // The donor's list of donations does not carry it.
    expect((await m.donations.donationsOfPhone("+66812345678")).every((x) => x.donorTaxId === null)).toBe(true);

    const [attachment] = await m.donations.receiptAttachment(d.donationId);
    expect(attachment!.filename).toBe(`receipt-${receipt.donation.receipt}.pdf`);
    const text = await pdfText(attachment!.content);
    for (const field of [
      "ใบเสร็จรับเงินบริจาค",
      "Tax ID",
      receipt.donation.receipt!,
      "1103702071587",
      "ทุนนับคะแนน",
      "1,250",
      "หนึ่งพันสองร้อยห้าสิบบาทถ้วน",
      "Received by",
    ])
      expect(text).toContain(field);
  });
});

describe("ledger", () => {
  it("records Stripe's fee for each paid donation once, from its balance transaction", async () => {
    const d = await donate({ amount: "1000" });
    await standin.pay(await sessionOf(d.donationId), "card");
    const first = await m.ledger.recordMissingFees(1000);
    expect(first).toBeGreaterThan(0);
    expect(await m.ledger.recordMissingFees(1000)).toBe(0);
    const fee = await db().ledgerEntry.findFirstOrThrow({ where: { donationId: d.donationId, kind: "fee" } });
    expect(Number(fee.amountSatang)).toBe(-(Math.round(100000 * 0.0365) + 1000));
  });

  it("records spending with its receipt; refuses a missing or non-document receipt and bad fields, keeping nothing", async () => {
    const pdf = new Blob([Buffer.from("%PDF-1.4\n% receipt for volunteer travel\n")], { type: "application/pdf" });
    const request = (fields: Record<string, string>, file: Blob | null = pdf) => {
      const body = new FormData();
      for (const [k, v] of Object.entries({
        campaign: "test",
        amount: "1,234.50",
        category: "volunteer_support",
        description: "ค่าเดินทางอาสาสมัคร",
        occurredOn: "2026-11-20",
        ...fields,
      }))
        body.set(k, v);
      if (file) body.set("receipt", file, "receipt.pdf");
      // Through the HTTP edge's multipart adapter, as the route sends it.
      return multipartParts(new Request("http://app.test/finance", { method: "POST", body }));
    };
    const before = await counts();
    expect(
      (
        await userError(
          m.ledger.recordSpending(
            request({}, new Blob([Buffer.from("MZ not a receipt at all")])),
            "00000000-0000-0000-0000-000000000000",
          ),
        )
      ).status,
    ).toBe(415);
    expect(
      (await userError(m.ledger.recordSpending(request({}, null), "00000000-0000-0000-0000-000000000000"))).code,
    ).toBe("finance.errors.receipt");
    expect(
      (await userError(m.ledger.recordSpending(request({ amount: "-5" }), "00000000-0000-0000-0000-000000000000")))
        .code,
    ).toBe("finance.errors.amount");
    expect(
      (
        await userError(
          m.ledger.recordSpending(request({ category: "yachts" }), "00000000-0000-0000-0000-000000000000"),
        )
      ).code,
    ).toBe("finance.errors.category");
    expect(await counts()).toEqual(before);
    const row = await m.ledger.recordSpending(request({}), "00000000-0000-0000-0000-000000000000");
    expect(Number(row.amountSatang)).toBe(-123450);
    expect(row.receiptKey).toBeTruthy();
  });

  it("transparency figures and the CSV add up to the ledger, with no personal data", async () => {
    const t = await m.ledger.transparency(campaignId);
    const rows = await db().ledgerEntry.findMany({ where: { campaignId } });
    const sum = (kind: string) => rows.filter((r) => r.kind === kind).reduce((s, r) => s + Number(r.amountSatang), 0);
    expect(t.totals.donations).toBe(sum("donation"));
    expect(t.totals.refunds).toBe(-sum("refund"));
    expect(t.totals.spending).toBe(-sum("spending"));
    expect(t.totals.balance).toBe(rows.reduce((s, r) => s + Number(r.amountSatang), 0));
    expect(t.byDay.reduce((s, d) => s + d.donations, 0)).toBe(t.totals.donations);
    expect(t.byChannel.reduce((s, c) => s + c.donations, 0)).toBe(t.totals.donations);
    expect(t.byChannel.map((c) => c.channel).sort()).toEqual(["card", "promptpay"]);
    expect(t.spending).toEqual([{ category: "volunteer_support", amount: 123450, count: 1 }]);
    let csv = "";
    for await (const chunk of m.ledger.ledgerCsv(campaignId)) csv += chunk;
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\n");
    expect(lines[0]).toBe("occurred_at,kind,channel,category,description,amount_thb,amount_satang,reference");
    expect(lines).toHaveLength(rows.length + 1);
    expect(lines.slice(1).reduce((s, l) => s + Number(l.split(",")[6]), 0)).toBe(t.totals.balance);
    expect(csv).not.toMatch(/@example\.com|สมชาย|\+668/);
  });

  it("a donor signed in with their phone sees their donations, nobody else's", async () => {
    const other = await donate({ phone: "0899999999" });
    const mine = await m.donations.donationsOfPhone("+66812345678");
    expect(mine.length).toBeGreaterThan(0);
    const ids = new Set(mine.map((d) => d.id));
    const others = await db().donation.findMany({
      where: { OR: [{ phone: null }, { phone: { not: "+66812345678" } }] },
      select: { id: true },
    });
    expect(others.length).toBeGreaterThan(10);
    expect(others.some((o) => ids.has(o.id))).toBe(false);
    expect((await userError(m.donations.donationOfPhone(other.donationId, "+66812345678"))).status).toBe(404);
    expect((await m.donations.donationOfPhone(other.donationId, "+66899999999")).id).toBe(other.donationId);
  });
});
