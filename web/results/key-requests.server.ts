// Feed keys asked for, not handed out by hand (issue 38): an outlet asks on the developers'
// page; an admin approves or refuses on /admin/media; approval e-mails a one-time claim
// link, and the key is made and shown once when the outlet opens it. No key is stored in
// clear — only its hash (MediaOutlet) and the claim token's hash until it is used.
import { createHash, randomBytes } from "node:crypto";
import { db } from "../db/db.server.ts";
import { UserError } from "../errors.ts";
import { deliverEmail, emailProvider } from "../messaging/email.server.ts";
import { newOutlet } from "./feed.server.ts";
import type { KeyRequestInput } from "./key-request-schema.ts";

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export async function requestKey(input: KeyRequestInput) {
  return db().mediaKeyRequest.create({
    data: {
      outletName: input.outletName,
      contactName: input.contactName,
      email: input.email,
      website: input.website || null,
      purpose: input.purpose,
    },
    select: { id: true },
  });
}

export function keyRequests(take = 50) {
  return db().mediaKeyRequest.findMany({ orderBy: [{ status: "asc" }, { createdAt: "desc" }], take });
}

/** Approves (a claim link e-mailed to the outlet) or refuses (a short e-mail) a pending
 *  request; a request already decided is left as it is. */
export async function decideKeyRequest(id: string, approve: boolean, userId: string, baseUrl: string) {
  const token = randomBytes(24).toString("base64url");
  const message = await db().$transaction(async (tx) => {
    const request = await tx.mediaKeyRequest.findUnique({ where: { id } });
    if (!request || request.status !== "pending") throw new UserError(409, "keyRequest.decided");
    await tx.mediaKeyRequest.update({
      where: { id },
      data: {
        status: approve ? "approved" : "refused",
        claimHash: approve ? hash(token) : null,
        decidedById: userId,
        decidedAt: new Date(),
      },
    });
    const text = approve
      ? `${request.outletName}: คำขอกุญแจ API ได้รับอนุมัติ เปิดลิงก์นี้ครั้งเดียวเพื่อรับกุญแจ / Your API key request was approved. Open this link once to get your key:\n${baseUrl}/developers/claim/${token}`
      : `${request.outletName}: คำขอกุญแจ API ไม่ได้รับอนุมัติ / Your API key request was not approved.`;
    const mail = { to: request.email, subject: "Election feed key / กุญแจข้อมูลผลการนับ", text };
    await tx.outboxMessage.create({
      data: {
        channel: "email",
        recipient: mail.to,
        subject: mail.subject,
        body: mail.text,
        provider: emailProvider().name,
      },
    });
    return mail;
  });
  await deliverEmail(message);
}

/** The outlet's key, made now and shown once: the claim link works a single time. */
export async function claimKey(token: string) {
  const claimHash = hash(token);
  return db().$transaction(async (tx) => {
    const request = await tx.mediaKeyRequest.findUnique({ where: { claimHash } });
    const taken = await tx.mediaKeyRequest.updateMany({
      where: { claimHash, status: "approved" },
      data: { status: "claimed", claimHash: null },
    });
    if (!request || taken.count !== 1) throw new UserError(404, "keyRequest.claimGone");
    const { key, id } = await newOutlet(request.outletName, tx);
    await tx.mediaKeyRequest.update({ where: { id: request.id }, data: { outletId: id } });
    return { key, outletName: request.outletName };
  });
}

/** Whether a claim link still holds a key to show. */
export async function claimOpen(token: string) {
  const request = await db().mediaKeyRequest.findUnique({
    where: { claimHash: hash(token) },
    select: { outletName: true, status: true },
  });
  return request?.status === "approved" ? request.outletName : null;
}
