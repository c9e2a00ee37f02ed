import { expect, test } from "@playwright/test";
import { signIn } from "./helpers.ts";

// Role × route: who may open what. Anonymous users see nothing personal.
test("anonymous users are sent to sign-in from staff pages and see no personal data", async ({ request }) => {
  const admin = await request.get("/admin/geography", { maxRedirects: 0 });
  expect(admin.status()).toBe(302);
  expect(admin.headers().location).toBe("/login?redirectTo=%2Fadmin%2Fgeography");
  const me = await request.get("/me", { maxRedirects: 0 });
  expect(me.status()).toBe(302);
  const home = await (await request.get("/")).text();
  expect(home).not.toMatch(/\+66\d{9}/);
});

test("a signed-in user without a staff role gets a 403 on staff pages", async ({ page }) => {
  await signIn(page, "0822223333", "+66822223333");
  const response = await page.goto("/admin/geography");
  expect(response?.status()).toBe(403);
  await expect(page.getByText("คุณไม่มีสิทธิ์เข้าถึงหน้านี้")).toBeVisible();
});

test("health and metrics answer for the load balancer and Prometheus", async ({ request }) => {
  const health = await request.get("/healthz");
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: "ok", restarts: { worker: 0, web: 0, database: 0, chain: 0 } });
  const metrics = await (await request.get("/metrics")).text();
  expect(metrics).toContain("# TYPE http_requests_total counter");
  expect(metrics).toContain("process_cpu_seconds_total");
});

test("malformed requests get a 4xx, never a 5xx", async ({ request }) => {
  const lang = await request.post("/lang", { form: { lang: "xx" } });
  expect(lang.status()).toBe(400);
  const spam = await request.post("/login", {
    form: { intent: "request", phone: "0812345678", website: "http://spam" },
  });
  expect(spam.status()).toBe(400);
  const garbage = await request.post("/login", { form: { intent: "nonsense" } });
  expect(garbage.status()).toBe(400);
  const missing = await request.get("/admin/geography/not-a-uuid", { maxRedirects: 0 });
  expect(missing.status()).toBeLessThan(500);
});
