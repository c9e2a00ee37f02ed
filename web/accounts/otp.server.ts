// Sign-in by phone with a one-time code. Codes are kept only as keyed hashes (and the
// outbox keeps the message masked once a real provider sends it); requests are limited
// per phone, per client address and for everyone together, from rows in the database
// (not in memory, so every web replica enforces the same limits).
import { randomInt, timingSafeEqual } from "node:crypto";
import { db, lockForTransaction } from "../db/db.server.ts";
import { getConfig } from "../config/config.server.ts";
import { UserError } from "../errors.ts";
import { hmac } from "./secrets.server.ts";
import { normaliseThaiMobile } from "./phone.ts";
import { sendSms } from "../messaging/sms.server.ts";
import { metrics } from "../observability/metrics.server.ts";

const HOUR = 60 * 60 * 1000;
const codeHash = (phone: string, code: string) => hmac(`${phone}:${code}`, "otp");

export function parsePhone(input: string): string {
  const phone = normaliseThaiMobile(input);
  if (!phone) throw new UserError(400, "phone.invalid");
  return phone;
}

/** Sends a new code to the phone; returns the normalised phone. */
export async function requestCode(phoneInput: string, requestIp: string | null): Promise<string> {
  const phone = parsePhone(phoneInput);
  const config = getConfig();
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  await db().$transaction(async (tx) => {
    // Serialise requests for one phone so that concurrent requests cannot overshoot the limit.
    await lockForTransaction(tx, `otp:${phone}`);
    const since = new Date(Date.now() - HOUR);
    const perPhone = await tx.oneTimeCode.count({ where: { phone, createdAt: { gte: since } } });
    if (perPhone >= config.OTP_MAX_PER_PHONE_PER_HOUR) {
      metrics().otpRequests.inc({ outcome: "rate_limited" });
      throw new UserError(429, "otp.tooMany");
    }
    if (requestIp) {
      const perIp = await tx.oneTimeCode.count({ where: { requestIp, createdAt: { gte: since } } });
      if (perIp >= config.OTP_MAX_PER_IP_PER_HOUR) {
        metrics().otpRequests.inc({ outcome: "rate_limited" });
        throw new UserError(429, "otp.tooMany");
      }
    }
    const everyone = await tx.oneTimeCode.count({ where: { createdAt: { gte: since } } });
    if (everyone >= config.OTP_MAX_PER_HOUR) {
      metrics().otpRequests.inc({ outcome: "ceiling" });
      throw new UserError(429, "otp.busy");
    }
    // A newer code voids the older ones: only the latest code sent can sign in.
    await tx.oneTimeCode.updateMany({ where: { phone, consumedAt: null }, data: { consumedAt: new Date() } });
    await tx.oneTimeCode.create({
      data: {
        phone,
        requestIp,
        codeHash: codeHash(phone, code),
        expiresAt: new Date(Date.now() + config.OTP_TTL_MINUTES * 60_000),
      },
    });
  });
  await sendSms(
    phone,
    `รหัสเข้าสู่ระบบของคุณคือ ${code} (ใช้ได้ ${config.OTP_TTL_MINUTES} นาที) / Your sign-in code is ${code}`,
    { secret: code },
  );
  metrics().otpRequests.inc({ outcome: "sent" });
  return phone;
}

/** Checks the latest code for the phone; on success consumes it and returns the user id
 *  (creating the user on first sign-in). */
export async function verifyCode(phoneInput: string, codeInput: string): Promise<string> {
  const phone = parsePhone(phoneInput);
  const code = codeInput.replace(/\s/g, "");
  if (!/^\d{6}$/.test(code)) throw new UserError(400, "otp.format");
  const config = getConfig();
  return db()
    .$transaction(async (tx) => {
      await lockForTransaction(tx, `otp:${phone}`);
      const latest = await tx.oneTimeCode.findFirst({
        where: { phone, consumedAt: null },
        orderBy: { createdAt: "desc" },
      });
      if (!latest || latest.expiresAt < new Date()) throw new UserError(400, "otp.expired");
      if (latest.attempts >= config.OTP_MAX_ATTEMPTS) throw new UserError(429, "otp.tooManyAttempts");
      const ok = timingSafeEqual(Buffer.from(latest.codeHash), Buffer.from(codeHash(phone, code)));
      if (!ok) {
        // Return rather than throw, so that the transaction commits the failed attempt.
        await tx.oneTimeCode.update({ where: { id: latest.id }, data: { attempts: { increment: 1 } } });
        return null;
      }
      // Used: it and any code still open for the phone are spent.
      await tx.oneTimeCode.updateMany({ where: { phone, consumedAt: null }, data: { consumedAt: new Date() } });
      const user = await tx.user.upsert({ where: { phone }, update: {}, create: { phone } });
      return user.id;
    })
    .then((userId) => {
      if (!userId) throw new UserError(400, "otp.wrong");
      return userId;
    });
}
