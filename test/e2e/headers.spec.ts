import { expect, test } from "@playwright/test";

// Issue 17: the browser's own defences on every page — a Content-Security-Policy whose
// scripts need this response's nonce (and the page still comes alive under it), no framing,
// the camera only on the sponsor's counter page — and no forwarded host believed.
test("pages carry a nonce CSP that Remix's scripts pass, no framing, the camera only at the counter", async ({
  page,
  request,
}) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
  });
  // A page with React (the home page is HTML only: issue 40).
  const response = await page.goto("/donate");
  const headers = response!.headers();
  const csp = headers["content-security-policy"]!;
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("'unsafe-inline' 'self'"); // scripts: no unsafe-inline
  expect(/script-src[^;]*'unsafe-inline'/.test(csp)).toBe(false);
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["permissions-policy"]).toContain("camera=()");
  // Over plain HTTP (no https PUBLIC_BASE_URL) there is no HSTS.
  expect(headers["strict-transport-security"]).toBeUndefined();
  // Every inline script Remix wrote carries this response's nonce…
  const html = await response!.text();
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]!);
  expect(inline.length).toBeGreaterThan(0);
  for (const attributes of inline) expect(attributes).toContain(`nonce="${nonce}"`);
  // …and the page comes alive under the policy: the language switch works by script.
  await page.waitForLoadState("networkidle");
  expect(await page.evaluate(() => typeof (window as { __remixContext?: unknown }).__remixContext)).toBe("object");
  expect(violations).toEqual([]);
  // Another response, another nonce.
  const again = (await request.get("/donate")).headers()["content-security-policy"]!;
  expect(/'nonce-([^']+)'/.exec(again)?.[1]).not.toBe(nonce);
  // The sponsor's counter page (its QR scanner) may use the camera; nothing else may.
  const counter = await request.get("/sponsor/demo-cafe/redeem", { maxRedirects: 0 });
  expect(counter.headers()["permissions-policy"]).toContain("camera=(self)");
  expect((await request.get("/results", { maxRedirects: 0 })).headers()["permissions-policy"]).toContain("camera=()");
});

test("a client's X-Forwarded-Host is not believed: the payment returns to this site", async ({ request, baseURL }) => {
  const response = await request.post("/donate", {
    form: { campaign: "count-every-vote", amount: "500", consent: "on", currency: "thb" },
    headers: { "x-forwarded-host": "evil.example:8443", "x-forwarded-proto": "https" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
  const checkout = response.headers()["location"]!;
  expect(checkout).not.toContain("evil.example");
  // Cancelling on the payment page goes back to where the donation began: this site.
  const cancelled = await request.post(new URL(checkout, baseURL).pathname, {
    form: { intent: "cancel" },
    maxRedirects: 0,
  });
  expect(cancelled.status()).toBe(303);
  const back = new URL(cancelled.headers()["location"]!, baseURL);
  expect(back.host).toBe(new URL(baseURL!).host);
  expect(back.pathname).toBe("/donate");
});
