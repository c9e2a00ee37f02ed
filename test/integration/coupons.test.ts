// Coupons on a real local chain: rules grant once per person within the stock; the worker
// mints them in batches to the custody (crash and resend cannot mint twice; a paused
// contract holds the queue); a claim proven by a signature moves the token to the
// holder's wallet; 100 concurrent redemptions of one coupon → exactly one.
import { randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ethers } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployContracts, HARDHAT_DEV_KEY, HARDHAT_DEV_KEY_2, startLocalChain } from "../../scripts/lib/chain.ts";
import { userError } from "../support/user-error.ts";
import { placeReporter, seedTestElection } from "../support/election.ts";
import { multipartParts } from "../../web/http/multipart.server.ts";
import { countFields, formPhoto } from "../support/tally.ts";

const chain = await startLocalChain(8900 + Math.floor(Math.random() * 90));
const operator = new ethers.Wallet(HARDHAT_DEV_KEY_2);
const deployment = await deployContracts({
  rpcUrl: chain.rpcUrl,
  privateKey: HARDHAT_DEV_KEY,
  couponOperator: operator.address,
  confirmations: 1,
  dataDir: await mkdtemp(path.join(tmpdir(), "coupons-")),
});
Object.assign(process.env, {
  RPC_URL: chain.rpcUrl,
  DEPLOYER_PRIVATE_KEY: HARDHAT_DEV_KEY,
  COUPON_OPERATOR_PRIVATE_KEY: HARDHAT_DEV_KEY_2,
  COUPONS_CONTRACT_ADDRESS: deployment.coupons,
  RPC_TIMEOUT_MS: "2000",
  ANCHOR_STUCK_SECONDS: "5",
});
afterAll(() => chain.stop());

const { db } = await import("../../web/db/db.server.ts");
const { couponTick } = await import("../../web/coupons/issuing.server.ts");
const { grantCoupons } = await import("../../web/coupons/grants.sql.server.ts");
const { claimCoupon, claimMessage, couponsOfPhone, redeemCoupon } = await import("../../web/coupons/coupons.server.ts");
const { COUPONS_ABI } = await import("../../web/coupons/contract.ts");
const provider = new ethers.JsonRpcProvider(chain.rpcUrl, undefined, { cacheTimeout: -1 });
const contract = new ethers.Contract(deployment.coupons, COUPONS_ABI, provider);
const admin = new ethers.Wallet(HARDHAT_DEV_KEY, provider);

const DONOR = "+66811110001",
  HEAD = "+66811110002",
  REPORTER = "+66811110003",
  LATE_DONOR = "+66811110004";
let sponsorId = "",
  otherSponsorId = "",
  staffId = "";
const offers: Record<string, { id: string; tokenId: number }> = {};
const day = 86_400_000;

async function offer(name: string, rule: string, stock: number, over: Record<string, unknown> = {}) {
  const o = await db().couponOffer.create({
    data: {
      sponsorId,
      titleTh: name,
      titleEn: name,
      descriptionTh: "",
      descriptionEn: "",
      valueSatang: 10000,
      stock,
      rule: rule as never,
      validFrom: new Date(Date.now() - day),
      validUntil: new Date(Date.now() + 30 * day),
      whereTh: "ร้าน",
      whereEn: "Shop",
      ...over,
    },
  });
  offers[name] = { id: o.id, tokenId: o.tokenId };
}
/** Runs the worker until nothing is left to do. */
async function settle() {
  for (let i = 0; i < 40; i++) {
    const r = await couponTick(new Date(), { grant: false });
    if (!r.sent && !r.confirmed && !(await db().couponChainOp.count({ where: { status: { not: "confirmed" } } })))
      return;
  }
  throw new Error("the coupon worker did not settle");
}
const balance = (who: string, tokenId: number) => contract.balanceOf!(who, tokenId) as Promise<bigint>;
const couponOf = (phone: string, name: string) =>
  db().coupon.findFirstOrThrow({ where: { holderPhone: phone, offerId: offers[name]!.id } });

beforeAll(async () => {
  // People: a donor (500 baht), a late donor (50 baht), a constituency head who keyed a blind
  // entry, a reporter whose count the head's agreed with (so it is verified).
  const { submitEntry } = await import("../../web/tally/entries.server.ts");
  await seedTestElection("t");
  const unit = (await db().pollingUnit.findFirstOrThrow({ orderBy: { code: "asc" } })).code;
  const reporter = await db().user.create({ data: { phone: REPORTER } });
  const head = await db().user.create({ data: { phone: HEAD } });
  await db().roleGrant.create({ data: { userId: head.id, role: "constituency_head", constituencyId: "10-01" } });
  await placeReporter(reporter.id, unit);
  await db().pollingUnit.update({ where: { code: unit }, data: { eligibleVoters: 800 } });
  const fields = countFields();
  const roles = (r: string, c: string | null) => [{ role: r as never, organisationId: null, constituencyId: c }];
  await submitEntry(
    { id: reporter.id, roles: roles("volunteer", null) },
    {
      submissionId: randomUUID(),
      unitCode: unit,
      ballot: "constituency",
      source: "reporter",
      fields,
      photoIds: [await formPhoto(unit, reporter.id)],
    },
  );
  const verified = await submitEntry(
    { id: head.id, roles: roles("constituency_head", "10-01") },
    { submissionId: randomUUID(), unitCode: unit, ballot: "constituency", source: "blind", fields },
  );
  expect(verified.status).toBe("verified");

  const campaign = await db().campaign.create({
    data: { slug: "c", titleTh: "c", titleEn: "c", storyTh: "", storyEn: "", goalSatang: 1n },
  });
  for (const [phone, satang] of [
    [DONOR, 50000],
    [LATE_DONOR, 5000],
  ] as const) {
    const d = await db().donation.create({
      data: { campaignId: campaign.id, amountSatang: satang, phone, consentAt: new Date(), accessTokenHash: "x" },
    });
    await db().ledgerEntry.create({
      data: {
        campaignId: campaign.id,
        donationId: d.id,
        kind: "donation",
        amountSatang: BigInt(satang),
        externalId: `payment:${d.id}`,
      },
    });
  }
  sponsorId = (await db().sponsor.create({ data: { slug: "cafe", nameTh: "ร้านกาแฟ", nameEn: "Cafe" } })).id;
  otherSponsorId = (await db().sponsor.create({ data: { slug: "books", nameTh: "ร้านหนังสือ", nameEn: "Books" } })).id;
  staffId = (await db().user.create({ data: { phone: "+66811119999" } })).id;
  await offer("donors", "donor_min", 100, { ruleMinSatang: 10000 });
  await offer("counters", "verified_entry", 100);
  await offer("heads", "constituency_head", 1);
  await offer("scarce", "verified_entry", 1);
});

describe("grants", () => {
  it("turn rules into coupons: once per person, within the stock", async () => {
    const first = await grantCoupons();
    expect(first).toBe(5); // donor; reporter + head (verified entry); head; one of two for the scarce offer
    expect(await grantCoupons()).toBe(0);
    expect(await db().coupon.count({ where: { offerId: offers.donors!.id } })).toBe(1); // the 50-baht donor does not qualify
    expect((await couponOf(DONOR, "donors")).code).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(await db().coupon.count({ where: { offerId: offers.counters!.id } })).toBe(2);
    expect(await db().coupon.count({ where: { offerId: offers.scarce!.id } })).toBe(1);
  });
});

describe("offers and rules", () => {
  it("a war-room check-in earns the shift offer; a sponsor's bad offer form is refused with nothing kept", async () => {
    const { receiveOffer } = await import("../../web/coupons/sponsors.server.ts");
    const form = (fields: Record<string, string>, image?: Blob) => {
      const body = new FormData();
      for (const [k, v] of Object.entries({
        titleTh: "น้ำฟรี",
        titleEn: "Free water",
        value: "20",
        stock: "50",
        validFrom: "2026-01-01",
        validUntil: "2030-12-31",
        whereTh: "ร้าน",
        whereEn: "Shop",
        rule: "shift_checked_in",
        ...fields,
      }))
        body.set(k, v);
      if (image) body.set("image", image, "x.png");
      // Through the HTTP edge's multipart adapter, as the route sends it.
      return multipartParts(new Request("http://app.test/sponsor/cafe", { method: "POST", body }));
    };
    const before = await db().couponOffer.count();
    const refused = async (fields: Record<string, string>, image?: Blob) => {
      const r = await receiveOffer(form(fields, image), sponsorId);
      return "refused" in r ? [r.refused.status, r.refused.code] : null;
    };
    expect(await refused({ stock: "0" })).toEqual([400, "coupons.errors.stock"]);
    expect(await refused({ validUntil: "2025-01-01" })).toEqual([400, "coupons.errors.validity"]);
    expect(await refused({ rule: "everyone" })).toEqual([400, "coupons.errors.rule"]);
    expect(await refused({ rule: "donor_min" })).toEqual([400, "coupons.errors.ruleMin"]);
    expect(await refused({}, new Blob([Buffer.from("GIF89a-not-allowed-here")]))).toEqual([
      415,
      "coupons.errors.image",
    ]);
    expect(await db().couponOffer.count()).toBe(before);
    const png = new Blob([
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]),
    ]);
    const created = await receiveOffer(form({}, png), sponsorId);
    expect("refused" in created).toBe(false);
    offers.water = { id: (created as { id: string }).id, tokenId: (created as { tokenId: number }).tokenId };

    const volunteer = await db().volunteer.create({ data: { user: { create: { phone: "+66811110005" } } } });
    const shift = await db().shift.create({
      data: { name: "night", startsAt: new Date(), endsAt: new Date(Date.now() + 3600_000), seats: 5 },
    });
    await db().shiftSignup.create({ data: { shiftId: shift.id, volunteerId: volunteer.id, status: "confirmed" } });
    expect(await grantCoupons()).toBe(0); // confirmed, not yet checked in
    await db().shiftSignup.update({
      where: { shiftId_volunteerId: { shiftId: shift.id, volunteerId: volunteer.id } },
      data: { status: "checked_in" },
    });
    expect(await grantCoupons()).toBe(1);
    expect((await couponOf("+66811110005", "water")).status).toBe("available");
  });
});

describe("minting", () => {
  it("defines each offer and mints its coupons to the custody in batches; a resent operation mints nothing twice", async () => {
    await settle();
    for (const [name, n] of [
      ["donors", 1n],
      ["counters", 2n],
      ["heads", 1n],
      ["scarce", 1n],
      ["water", 1n],
    ] as const) {
      expect(await balance(operator.address, offers[name]!.tokenId)).toBe(n);
      expect(await contract.maxSupply!(offers[name]!.tokenId)).toBe(
        BigInt({ heads: 1, scarce: 1, water: 50 }[name as string] ?? 100),
      );
    }
    const issue = await db().couponChainOp.findFirstOrThrow({ where: { kind: "issue" } });
    expect(issue.items).toBe(6);
    expect(issue.gasUsed).toBeGreaterThan(0n);
    // The same call again (a worker that crashed before recording it sends it twice): refused.
    const signer = new ethers.Wallet(HARDHAT_DEV_KEY_2, provider);
    await expect(signer.sendTransaction({ to: deployment.coupons, data: issue.data })).rejects.toThrow(
      /OperationAlreadyDone|reverted/,
    );
    // The worker forgetting that it was confirmed checks the contract, not its memory.
    await db().couponChainOp.update({ where: { id: issue.id }, data: { status: "sent", blockNumber: null } });
    await settle();
    expect(await balance(operator.address, offers.counters!.tokenId)).toBe(2n);
    const events = await db().couponEvent.count({ where: { kind: "minted" } });
    expect(events).toBeGreaterThanOrEqual(5);
  });

  it("a paused contract holds the queue; unpaused, it goes on and nothing is lost", async () => {
    const coupons = new ethers.Contract(deployment.coupons, COUPONS_ABI, admin);
    await (await coupons.pause!()).wait();
    await db().coupon.create({
      data: { offerId: offers.counters!.id, code: "AAAA-BBBB-0001", holderPhone: LATE_DONOR },
    });
    await couponTick(new Date(), { grant: false });
    const waiting = await db().couponChainOp.findFirstOrThrow({ where: { status: { not: "confirmed" } } });
    expect(waiting.lastError).toMatch(/EnforcedPause|revert/i);
    await (await coupons.unpause!()).wait();
    await settle();
    expect(await balance(operator.address, offers.counters!.tokenId)).toBe(3n);
  });
});

describe("redemption", () => {
  it("100 concurrent redemptions of one coupon: exactly one succeeds, the others are told it was redeemed", async () => {
    const { code } = await couponOf(DONOR, "donors");
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () => redeemCoupon(code.toLowerCase(), sponsorId, staffId)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refusals = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { code: string }).code] : []));
    expect(new Set(refusals)).toEqual(new Set(["coupons.errors.alreadyRedeemed"]));
    expect(await db().couponEvent.count({ where: { kind: "redeemed" } })).toBe(1);
  });

  it("refuses forged codes, another sponsor's coupons and expired ones with a clear 4xx, changing nothing", async () => {
    const { code } = await couponOf(REPORTER, "counters");
    expect((await userError(redeemCoupon("0000-0000-0000", sponsorId, staffId))).status).toBe(404);
    expect((await userError(redeemCoupon("not a code", sponsorId, staffId))).status).toBe(404);
    expect((await userError(redeemCoupon(code, otherSponsorId, staffId))).status).toBe(403);
    await db().couponOffer.update({
      where: { id: offers.heads!.id },
      data: { validUntil: new Date(Date.now() - 1000) },
    });
    const expired = await couponOf(HEAD, "heads");
    const refused = await userError(redeemCoupon(expired.code, sponsorId, staffId));
    expect([refused.status, refused.code]).toEqual([422, "coupons.errors.expired"]);
    expect((await db().coupon.findUniqueOrThrow({ where: { id: expired.id } })).status).toBe("available");
  });

  it("burns redeemed coupons on-chain in a batch", async () => {
    await settle();
    expect(await balance(operator.address, offers.donors!.tokenId)).toBe(0n);
    const burn = await db().couponChainOp.findFirstOrThrow({ where: { kind: "redeem" } });
    expect(burn.status).toBe("confirmed");
  });
});

describe("claims", () => {
  it("moves a coupon to the holder's wallet after a signature proves the address; bad addresses and signatures change nothing", async () => {
    const wallet = ethers.Wallet.createRandom();
    const coupon = await couponOf(REPORTER, "counters");
    const signature = await wallet.signMessage(claimMessage(coupon.code, wallet.address));
    const stranger = ethers.Wallet.createRandom();
    expect((await userError(claimCoupon(REPORTER, coupon.id, "0x1234", signature, staffId))).code).toBe(
      "coupons.errors.address",
    );
    expect((await userError(claimCoupon(REPORTER, coupon.id, ethers.ZeroAddress, signature, staffId))).code).toBe(
      "coupons.errors.address",
    );
    expect(
      (
        await userError(
          claimCoupon(
            REPORTER,
            coupon.id,
            wallet.address,
            await stranger.signMessage(claimMessage(coupon.code, wallet.address)),
            staffId,
          ),
        )
      ).code,
    ).toBe("coupons.errors.signature");
    expect((await userError(claimCoupon(REPORTER, coupon.id, wallet.address, "0xdeadbeef", staffId))).code).toBe(
      "coupons.errors.signature",
    );
    expect((await userError(claimCoupon(HEAD, coupon.id, wallet.address, signature, staffId))).status).toBe(404); // not theirs
    expect((await db().coupon.findUniqueOrThrow({ where: { id: coupon.id } })).status).toBe("available");

    await claimCoupon(REPORTER, coupon.id, wallet.address.toLowerCase(), signature, staffId);
    expect((await userError(claimCoupon(REPORTER, coupon.id, wallet.address, signature, staffId))).status).toBe(409);
    const before = await balance(operator.address, offers.counters!.tokenId);
    await settle();
    expect(await balance(wallet.address, offers.counters!.tokenId)).toBe(1n);
    expect(await balance(operator.address, offers.counters!.tokenId)).toBe(before - 1n);
    const [mine] = await couponsOfPhone(REPORTER).then((cs) => cs.filter((c) => c.id === coupon.id));
    expect(mine).toMatchObject({ state: "claimed", onChain: "wallet", claimedTo: wallet.address });
    expect(mine!.qr).toContain("<svg");
    expect(mine!.history.map((h) => h.kind)).toEqual(["granted", "minted", "claim_requested", "claimed"]);

    // A claimed coupon can still be redeemed at the counter: burned from the holder's wallet.
    await redeemCoupon(coupon.code, sponsorId, staffId);
    await settle();
    expect(await balance(wallet.address, offers.counters!.tokenId)).toBe(0n);
  });
});
