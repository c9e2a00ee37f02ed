import { describe, expect, it } from "vitest";
import { parseConfig, ConfigError } from "../../web/config/config.server.ts";

describe("configuration", () => {
  it("has working defaults for a fresh machine", () => {
    const c = parseConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.SMS_PROVIDER).toBe("outbox");
  });

  it.each([
    [{ PORT: "abc" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ RPC_URL: "not a url" }, "RPC_URL"],
    [{ DEPLOYER_PRIVATE_KEY: "0x1234" }, "DEPLOYER_PRIVATE_KEY"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ SMS_PROVIDER: "http" }, "SMS_HTTP_URL"],
    [{ NODE_ENV: "production" }, "SESSION_SECRET"],
    [{ SESSION_SECRET: "short" }, "SESSION_SECRET"],
    [{ RPC_URL: "http://127.0.0.1:8545" }, "DEPLOYER_PRIVATE_KEY"],
    [{ STRIPE_SECRET_KEY: "pk_live_abc" }, "STRIPE_SECRET_KEY"],
    [{ STRIPE_SECRET_KEY: "sk_live_abc" }, "STRIPE_WEBHOOK_SECRET"],
    [{ STRIPE_WEBHOOK_SECRET: "secret" }, "STRIPE_WEBHOOK_SECRET"],
    [{ EMAIL_PROVIDER: "smtp" }, "SMTP_URL"],
    [{ SMTP_URL: "http://mail" }, "SMTP_URL"],
    [{ DONATION_MIN_BAHT: "500", DONATION_MAX_BAHT: "400" }, "DONATION_MAX_BAHT"],
  ])("rejects %o with one line naming %s", (env, variable) => {
    let error: unknown;
    try {
      parseConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as Error).message).toMatch(new RegExp(`^Configuration error: ${variable} `));
    expect((error as Error).message).not.toContain("\n");
  });

  it("treats empty values as unset", () => {
    expect(parseConfig({ DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
  });
});
