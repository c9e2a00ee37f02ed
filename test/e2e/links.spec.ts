// Every in-app link and every form's action, for each role, on every page that role can
// reach from the home page: none may answer 404 or 5xx. (The roster's export button once
// pointed at a 404 and nobody noticed.) Links are followed with the role's own session;
// a form's action is fetched with GET, which checks that it exists without submitting
// anything (a POST-only endpoint answers 405, which is fine).
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers.ts";

const ROLES: { name: string; phone?: string; e164?: string }[] = [
  { name: "anonymous" },
  { name: "volunteer", phone: "0900000000", e164: "+66900000000" },
  { name: "platform admin", phone: "0800000001", e164: "+66800000001" },
  { name: "organisation admin", phone: "0800000002", e164: "+66800000002" },
  { name: "constituency head", phone: "0800000003", e164: "+66800000003" },
  { name: "war-room operator", phone: "0800000004", e164: "+66800000004" },
  { name: "finance admin", phone: "0800000005", e164: "+66800000005" },
  { name: "sponsor staff", phone: "0800000006", e164: "+66800000006" },
];

/** Paths that end the session or change what the rest of the crawl sees. */
const SKIP = [/^\/logout/, /^\/me\/erase/, /^\/lang/, /^\/api\/v1\/stream/, /^\/command\/stream/, /^\/results\/stream/];
const MAX_PAGES = 150; // per role
const MAX_PER_PATH = 3; // ?page=2, ?page=3 … are the same page
const HYDRATION_PAGES = 12; // per role, opened in the browser

const decode = (s: string) =>
  s
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'");

/** The in-app targets on a page: links, and the actions of its forms. */
function targetsOf(html: string, pageUrl: URL): { url: URL; via: "link" | "form" }[] {
  const out: { url: URL; via: "link" | "form" }[] = [];
  const add = (raw: string, via: "link" | "form") => {
    const href = decode(raw.trim());
    if (!href || /^(#|mailto:|tel:|javascript:|data:|blob:)/.test(href)) return;
    const url = new URL(href, pageUrl);
    if (url.origin !== pageUrl.origin || url.pathname.startsWith("/assets/")) return;
    url.hash = "";
    out.push({ url, via });
  };
  for (const m of html.matchAll(/<a\b[^>]*?\shref="([^"]*)"/g)) add(m[1]!, "link");
  for (const m of html.matchAll(/<form\b([^>]*)>/g)) {
    const action = /\saction="([^"]*)"/.exec(m[1]!)?.[1];
    add(action ?? pageUrl.pathname + pageUrl.search, "form");
  }
  return out;
}

async function crawl(page: Page) {
  const base = new URL(test.info().project.use.baseURL!);
  const queue: { url: URL; from: string; via: string }[] = [{ url: new URL("/", base), from: "(start)", via: "link" }];
  const seen = new Set<string>();
  const perPath = new Map<string, number>();
  const failures: string[] = [];
  const htmlPages: string[] = [];
  let pages = 0;
  while (queue.length && pages < MAX_PAGES) {
    const { url, from, via } = queue.shift()!;
    const key = url.pathname + url.search;
    if (seen.has(key) || SKIP.some((re) => re.test(url.pathname))) continue;
    const count = perPath.get(url.pathname) ?? 0;
    if (count >= MAX_PER_PATH) continue;
    seen.add(key);
    perPath.set(url.pathname, count + 1);
    const res = await page.request.get(url.toString(), { maxRedirects: 0, failOnStatusCode: false });
    pages += 1;
    if (res.status() === 404 || res.status() >= 500) {
      failures.push(`${res.status()} ${key} (${via} on ${from})`);
      continue;
    }
    if (!(res.headers()["content-type"] ?? "").includes("text/html")) continue;
    if (via === "link" && res.status() === 200) htmlPages.push(key);
    for (const target of targetsOf(await res.text(), url)) {
      queue.push({ url: target.url, from: key, via: target.via });
    }
  }
  return { failures, pages, htmlPages };
}

for (const role of ROLES) {
  test(`every link and form action a ${role.name} can reach answers (no 404, no 5xx)`, async ({ page }) => {
    if (role.phone) await signIn(page, role.phone, role.e164!);
    const { failures, pages, htmlPages } = await crawl(page);
    expect(failures, `broken for ${role.name}`).toEqual([]);
    expect(pages).toBeGreaterThan(role.phone ? 8 : 5);
    // The pages hydrate: the browser renders the same text as the server (a number or a
    // time formatted differently on the two sides breaks the page's forms).
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message.slice(0, 120)}`));
    for (const path of htmlPages.slice(0, HYDRATION_PAGES)) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
    }
    expect(errors, `pages that did not hydrate for ${role.name}`).toEqual([]);
  });
}
