// Crawling the app as each role (links.spec.ts, a11y.spec.ts): every in-app link and form
// action reachable from the home page.
import { test, type Page } from "@playwright/test";

export const ROLES: { name: string; phone?: string; e164?: string }[] = [
  { name: "anonymous" },
  { name: "volunteer", phone: "0900000000", e164: "+66900000000" },
  { name: "platform admin", phone: "0800000001", e164: "+66800000001" },
  { name: "organisation admin", phone: "0800000002", e164: "+66800000002" },
  { name: "constituency head", phone: "0800000003", e164: "+66800000003" },
  { name: "war-room operator", phone: "0800000004", e164: "+66800000004" },
  { name: "finance admin", phone: "0800000005", e164: "+66800000005" },
  { name: "sponsor staff", phone: "0800000006", e164: "+66800000006" },
  { name: "fact-checker", phone: "0800000007", e164: "+66800000007" },
];

/** Paths that end the session or change what the rest of the crawl sees. */
const SKIP = [/^\/logout/, /^\/me\/erase/, /^\/lang/, /^\/api\/v1\/stream/, /^\/command\/stream/, /^\/results\/stream/];
const MAX_PAGES = 150; // per role
const MAX_PER_PATH = 3; // ?page=2, ?page=3 … are the same page

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

export async function crawl(page: Page) {
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
