import { describe, expect, it, beforeEach } from "vitest";
import { db, withPooledClient } from "../../web/db/db.server.ts";
import { sessionUsersOf } from "../../web/accounts/accounts.sql.server.ts";
import { sha256 } from "../../web/accounts/secrets.server.ts";
import { requestCode, verifyCode } from "../../web/accounts/otp.server.ts";
import { createSession, destroySession } from "../../web/accounts/session.server.ts";
import { getSessionUser, requirePermission, requireUser } from "../../web/http/guards.server.ts";
import type { UserError } from "../../web/errors.ts";
import { userError } from "../support/user-error.ts";

const codeFromOutbox = async (phone: string) => {
  const message = await db().outboxMessage.findFirstOrThrow({
    where: { recipient: phone },
    orderBy: { createdAt: "desc" },
  });
  return /(\d{6})/.exec(message.body)![1]!;
};
const requestWithCookie = (setCookie: string, path = "/me") =>
  new Request(`http://localhost${path}`, { headers: { cookie: setCookie.split(";")[0]! } });

let n = 0;
const newPhone = () => `08${String(10_000_000 + ++n * 7919).slice(0, 8)}`;

describe("sign-in by one-time code", () => {
  beforeEach(() => {
    n += 100;
  });

  it("sends a code to the outbox, keeps only its hash, and signs in with it", async () => {
    const phone = await requestCode("081-555-0001", "10.0.0.1");
    expect(phone).toBe("+66815550001");
    const code = await codeFromOutbox(phone);
    const stored = await db().oneTimeCode.findFirstOrThrow({ where: { phone } });
    expect(stored.codeHash).not.toContain(code);
    expect(stored.codeHash).toMatch(/^[0-9a-f]{64}$/);
    const userId = await verifyCode("0815550001", code);
    const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.phone).toBe(phone);
    // A code works once.
    expect((await userError(verifyCode(phone, code))).code).toBe("otp.expired");
  });

  it("rejects a malformed phone number without writing anything", async () => {
    const before = await db().oneTimeCode.count();
    const e = await userError(requestCode("02-123-4567", null));
    expect([e.status, e.code]).toEqual([400, "phone.invalid"]);
    expect(await db().oneTimeCode.count()).toBe(before);
    expect(await db().outboxMessage.count({ where: { recipient: { contains: "2123" } } })).toBe(0);
  });

  it("counts wrong codes and locks the code after too many", async () => {
    const phone = await requestCode(newPhone(), null);
    const code = await codeFromOutbox(phone);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) expect((await userError(verifyCode(phone, wrong))).code).toBe("otp.wrong");
    const locked = await userError(verifyCode(phone, code));
    expect([locked.status, locked.code]).toEqual([429, "otp.tooManyAttempts"]);
    expect(await db().user.count({ where: { phone } })).toBe(0);
  });

  it("rejects an expired code and a code of the wrong shape", async () => {
    const phone = await requestCode(newPhone(), null);
    const code = await codeFromOutbox(phone);
    expect((await userError(verifyCode(phone, "12ab"))).code).toBe("otp.format");
    await db().oneTimeCode.updateMany({ where: { phone }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const e = await userError(verifyCode(phone, code));
    expect([e.status, e.code]).toEqual([400, "otp.expired"]);
  });

  it("limits code requests per phone, even when they arrive at once", async () => {
    const phone = newPhone();
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => requestCode(phone, null)));
    const sent = results.filter((r) => r.status === "fulfilled").length;
    const limited = results.filter((r) => r.status === "rejected" && (r.reason as UserError).status === 429).length;
    expect(sent).toBe(5); // OTP_MAX_PER_PHONE_PER_HOUR default
    expect(limited).toBe(7);
    expect(await db().oneTimeCode.count({ where: { phone: `+66${phone.slice(1)}` } })).toBe(5);
  });

  it("limits code requests per client address", async () => {
    const ip = "203.0.113.9";
    await db().oneTimeCode.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({
        phone: `+6681000${String(i).padStart(4, "0")}`,
        codeHash: "x",
        requestIp: ip,
        expiresAt: new Date(Date.now() + 60_000),
      })),
    });
    const e = await userError(requestCode(newPhone(), ip));
    expect(e.status).toBe(429);
  });
});

describe("sessions", () => {
  it("creates, reads and destroys a database-backed session", async () => {
    const user = await db().user.create({ data: { phone: "+66899990001" } });
    await db().roleGrant.create({ data: { userId: user.id, role: "platform_admin" } });
    const setCookie = await createSession(user.id, "vitest");
    expect(setCookie).toMatch(/^__session=/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    const session = await getSessionUser(requestWithCookie(setCookie));
    expect(session?.id).toBe(user.id);
    expect(session?.roles.map((r) => r.role)).toEqual(["platform_admin"]);
    // The token is not stored as is.
    const token = decodeURIComponent(setCookie.split(";")[0]!.split("=")[1]!);
    expect(await db().session.count({ where: { tokenHash: token } })).toBe(0);

    const cleared = await destroySession(requestWithCookie(setCookie).headers.get("cookie"));
    expect(cleared).toContain("Max-Age=0");
    expect(await getSessionUser(requestWithCookie(setCookie))).toBeNull();
  });

  it("ignores tampered and expired cookies", async () => {
    const user = await db().user.create({ data: { phone: "+66899990002" } });
    const setCookie = await createSession(user.id, null);
    expect(await getSessionUser(requestWithCookie(setCookie.replace(/^__session=./, "__session=x")))).toBeNull();
    await db().session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await getSessionUser(requestWithCookie(setCookie))).toBeNull();
  });

  it("reads the sessions of many phones arriving at once in one go, each its own user", async () => {
    const people = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const user = await db().user.create({ data: { phone: `+668999911${String(i).padStart(2, "0")}` } });
        if (i % 3 === 0) await db().roleGrant.create({ data: { userId: user.id, role: "volunteer" } });
        if (i % 6 === 0) await db().roleGrant.create({ data: { userId: user.id, role: "war_room_operator" } });
        return { user, cookie: await createSession(user.id, null) };
      }),
    );
    // One session expired, one signed out elsewhere (its row deleted), before any was read.
    await db().session.updateMany({
      where: { userId: people[1]!.user.id },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    await db().session.deleteMany({ where: { userId: people[2]!.user.id } });
    const read = await Promise.all(people.map((p) => getSessionUser(requestWithCookie(p.cookie))));
    read.forEach((session, i) => {
      if (i === 1 || i === 2) return expect(session).toBeNull();
      expect(session?.id).toBe(people[i]!.user.id);
      expect(session?.phone).toBe(people[i]!.user.phone);
      const roles = i % 6 === 0 ? ["volunteer", "war_room_operator"] : i % 3 === 0 ? ["volunteer"] : [];
      expect(session?.roles.map((r) => r.role)).toEqual(roles);
      if (i % 6 === 0)
        expect(session?.roles[1]).toMatchObject({
          role: "war_room_operator",
          constituencyId: null,
          organisationId: null,
        });
    });
  });

  it("plans the session read once per connection, whatever the size of its batches", async () => {
    // Each batch of election night's session reads is a different number of tokens; a
    // statement planned afresh for each cost four times its run (ADR 0036).
    const users = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db().user.create({ data: { phone: `+668999922${String(i).padStart(2, "0")}` } }),
      ),
    );
    const hashes = users.map((u) => sha256(`token-${u.id}`));
    await db().session.createMany({
      data: users.map((u, i) => ({ userId: u.id, tokenHash: hashes[i]!, expiresAt: new Date(Date.now() + 60_000) })),
    });
    const plans = await withPooledClient(async (client) => {
      for (const size of [1, 3, 12, 2, 7, 1, 5, 12, 4, 9, 1, 6]) {
        const read = await sessionUsersOf(hashes.slice(0, size), client);
        expect(read.map((r) => r.id).sort()).toEqual(
          users
            .slice(0, size)
            .map((u) => u.id)
            .sort(),
        );
      }
      const { rows } = await client.query<{ generic: string; custom: string }>(
        `SELECT generic_plans AS generic, custom_plans AS custom FROM pg_prepared_statements WHERE name = 'accounts.session-users'`,
      );
      return rows[0]!;
    });
    // PostgreSQL tries five custom plans, then keeps the generic one.
    expect(Number(plans.custom)).toBeLessThanOrEqual(5);
    expect(Number(plans.generic)).toBeGreaterThanOrEqual(7);
  });

  it("redirects anonymous users to sign-in and refuses users without the permission", async () => {
    const anonymous = await requireUser(new Request("http://localhost/admin/geography")).catch((r: Response) => r);
    expect((anonymous as Response).status).toBe(302);
    expect((anonymous as Response).headers.get("location")).toBe("/login?redirectTo=%2Fadmin%2Fgeography");

    const volunteer = await db().user.create({
      data: { phone: "+66899990003", roles: { create: { role: "volunteer" } } },
    });
    const forbidden = await requirePermission(
      requestWithCookie(await createSession(volunteer.id, null)),
      "geography:import",
    ).catch((r: Response) => r);
    expect((forbidden as Response).status).toBe(403);
  });
});
