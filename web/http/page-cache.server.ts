// The public results pages and embeds, rendered at most once per change of what they show
// and language (issue 38, ADR 0041): an anonymous GET is answered from the render of the
// same address, language and public state when there is one, and every answer carries a
// strong ETag (a hash of its bytes) and Cache-Control for a CDN (s-maxage with
// stale-while-revalidate), so a proxy in front carries election night's readers and the
// pages' own live polling is mostly 304s. Signed-in staff (a preview before release) are
// never cached nor served from the cache.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { cached } from "../db/cache.server.ts";
import { releasedAt } from "../results/feed.server.ts";
import { publicState } from "../results/results.sql.server.ts";
import { localeOf } from "../http/locale.server.ts";
import { ExpiringCache } from "../expiring-cache.ts";
import { metrics } from "../observability/metrics.server.ts";

/** The pages the cache takes: results, embeds and their data requests (`.data`), not the
 *  event stream the pages listen to. */
const PUBLIC_PAGE = /^\/(?:results(?:\/(?!stream$)[^?]*)?|embed\/[^?]*)$/;

/** How long a proxy may serve a page without asking (it asks in the background for
 *  `staleWhileRevalidate` more): a change shows within about a second. */
export const PAGE_CACHE_CONTROL = "public, max-age=0, s-maxage=1, stale-while-revalidate=10";
/** An answer kept at most this long even when nothing changed (settings, names). */
const ENTRY_TTL_MS = 30_000;
/** How often each process asks the database whether the public state moved. */
const STATE_EVERY_MS = 1_000;

interface Entry {
  status: number;
  headers: [string, string][];
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  /** The body compressed once, for the many who accept gzip (each its own strong ETag). */
  gzip: Uint8Array<ArrayBuffer>;
  gzipEtag: string;
  /** The CSP nonce the page's scripts carry (served again with the page). */
  nonce: string;
}

const entries = new ExpiringCache<Promise<Entry | null>>(ENTRY_TTL_MS, 2_000);

/** The public state a page reflects: the release and the count's changes. */
export function publicVersion(): Promise<string> {
  return cached("page-cache:version", STATE_EVERY_MS, async () => {
    const [released, state] = await Promise.all([releasedAt(), publicState()]);
    return `${released?.getTime() ?? "held"}.${state}`;
  });
}

/** Whether a request may be served from the cache: an anonymous GET of a public page. */
export function takesFromPageCache(request: Request) {
  if (request.method !== "GET") return false;
  const path = new URL(request.url).pathname.replace(/\.data$/, "");
  return PUBLIC_PAGE.test(path) && !/(?:^|;\s*)__session=/.test(request.headers.get("cookie") ?? "");
}

export function strongEtag(body: Uint8Array | string) {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}

/** The answer to a public page's request: from the cache when the same page in the same
 *  language was rendered for the current public state (renders of one key at a time are
 *  shared), a 304 when the client holds it. `render` gets the nonce the page is to carry. */
export async function cachedPage(request: Request, nonce: string, render: () => Promise<Response>) {
  const url = new URL(request.url);
  const key = `${await publicVersion()}|${localeOf(request)}|${url.pathname}${url.search}`;
  let pending = entries.get(key);
  const hit = pending !== undefined;
  if (!pending) {
    pending = render().then((r) => keep(r, nonce));
    entries.set(key, pending);
    pending.catch(() => entries.delete(key));
  }
  metrics().pageCache.inc({ result: hit ? "hit" : "render" });
  const entry = await pending;
  if (!entry) {
    // Not kept (a redirect, a cookie, an error): this request renders for itself.
    entries.delete(key);
    return { response: withCacheHeaders(await render()), nonce };
  }
  const headers = new Headers(entry.headers);
  const gzip = /\bgzip\b/.test(request.headers.get("accept-encoding") ?? "");
  const etag = gzip ? entry.gzipEtag : entry.etag;
  headers.set("etag", etag);
  headers.set("vary", "Accept-Encoding");
  if (gzip) headers.set("content-encoding", "gzip");
  if (request.headers.get("if-none-match") === etag)
    return { response: new Response(null, { status: 304, headers: notModifiedHeaders(headers) }), nonce: entry.nonce };
  return {
    response: new Response(gzip ? entry.gzip : entry.body, { status: entry.status, headers }),
    nonce: entry.nonce,
  };
}

async function keep(response: Response, nonce: string): Promise<Entry | null> {
  if ((response.status !== 200 && response.status !== 404) || response.headers.has("set-cookie")) return null;
  const body = new Uint8Array(await response.arrayBuffer()) as Uint8Array<ArrayBuffer>;
  const etag = strongEtag(body);
  const headers = new Headers(response.headers);
  headers.set("etag", etag);
  headers.set("cache-control", PAGE_CACHE_CONTROL);
  headers.delete("content-length");
  const gzip = new Uint8Array(gzipSync(body)) as Uint8Array<ArrayBuffer>;
  const gzipEtag = `${etag.slice(0, -1)}-gz"`;
  return { status: response.status, headers: [...headers.entries()], body, etag, gzip, gzipEtag, nonce };
}

/** A public answer not kept still says how a proxy may keep it (not at all). */
function withCacheHeaders(response: Response) {
  if (!response.headers.has("cache-control")) response.headers.set("cache-control", "no-store");
  return response;
}

function notModifiedHeaders(headers: Headers) {
  const kept = new Headers();
  for (const name of ["etag", "cache-control", "vary", "content-location", "date"])
    if (headers.has(name)) kept.set(name, headers.get(name)!);
  return kept;
}
