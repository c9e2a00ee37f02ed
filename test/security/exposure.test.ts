// Issue 17: what the platform showed to anyone who could reach it — the development outbox
// (every sign-in code) and /metrics from any address, a client-chosen X-Forwarded-For
// believed, and the web process listening on every interface by default.
import { describe, expect, it } from "vitest";
import { configSchema } from "../../web/config/config.server.ts";
import { trustProxySetting } from "../../web/http/client.server.ts";
import { loader as outbox } from "../../web/routes/dev.outbox.tsx";
import { loader as metrics } from "../../web/routes/metrics.ts";

const args = (clientIp: string, headers: Record<string, string> = {}) => ({
  request: new Request("http://localhost/x", { headers }),
  context: { clientIp },
  params: {},
});
const status = async (run: () => Promise<unknown>) => {
  try {
    const out = await run();
    return out instanceof Response ? out.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
};

describe("what only this machine may see", () => {
  it("the development outbox opens without signing in only to a loopback client", async () => {
    expect(await status(() => outbox(args("127.0.0.1")))).toBe(200);
    expect(await status(() => outbox(args("::1")))).toBe(200);
    expect(await status(() => outbox(args("203.0.113.9")))).toBe(404);
    expect(await status(() => outbox(args("::ffff:10.0.0.8")))).toBe(404);
  });

  it("/metrics answers this machine, and elsewhere only with the token", async () => {
    expect(await status(() => metrics(args("127.0.0.1")))).toBe(200);
    expect(await status(() => metrics(args("203.0.113.9")))).toBe(404);
    expect(await status(() => metrics(args("203.0.113.9", { authorization: "Bearer guess" })))).toBe(404);
  });
});

describe("defaults", () => {
  it("listen on this machine only, and believe no X-Forwarded-For unless told which proxies to", () => {
    const config = configSchema.parse({});
    expect(config.HOST).toBe("127.0.0.1");
    expect(trustProxySetting(config.TRUST_PROXY)).toBe(false);
    expect(trustProxySetting("1")).toBe(1);
    expect(trustProxySetting("loopback, 10.0.0.0/8")).toEqual(["loopback", "10.0.0.0/8"]);
    expect(trustProxySetting("false")).toBe(false);
  });
});
