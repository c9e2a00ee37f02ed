// The first look at every request, before Express, Remix or the direct endpoints see it
// (server.ts): what no route could handle well is refused here, once, with a 4xx and a
// message in Thai and English (issue 17, ADR 0024).
//   - a NUL byte anywhere in the URL (PostgreSQL's text cannot hold one), or a path whose
//     percent-encoding is not text;
//   - a state change from another site (CSRF), by Sec-Fetch-Site and Origin, for every
//     method but GET/HEAD/OPTIONS — Stripe's signed webhook is the one exception;
//   - for the pages (Remix): a body that is not a form, multipart without its boundary,
//     a body without a declared length, or one over the limit (the form limit, or the
//     upload limit on the few pages that take files).
import type { IncomingMessage, ServerResponse } from "node:http";
import { bilingual } from "../i18n/i18n.ts";

export interface Refusal {
  status: 400 | 403 | 408 | 411 | 413 | 415;
  code: string;
  params?: Record<string, unknown>;
}

export interface ScreenLimits {
  /** A form without files (urlencoded, or multipart on a page that takes no files). */
  formMaxBytes: number;
  /** Multipart on the pages that take files (photos, CSV imports). */
  uploadMaxBytes: number;
  /** The platform's public origin (PUBLIC_BASE_URL), also taken as this site's own. */
  publicOrigin: string | null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The pages whose forms carry files: the count form (its photo), the CSV imports, the
 *  finance statement and the sponsor's coupon image. Every other page takes a small form. */
const UPLOAD_PAGES = [
  /^\/(report|verify)\/[^/?]+\/[^/?]+\/?(\?|$)/,
  /^\/admin\/(election|geography|official)\/?(\?|$)/,
  /^\/finance\/?(\?|$)/,
  /^\/org\/[^/?]+\/imports\/?(\?|$)/,
  /^\/sponsor\/[^/?]+\/?(\?|$)/,
];

export const takesUploads = (url: string) => UPLOAD_PAGES.some((page) => page.test(url));

/** The path's percent-encoding decodes to text (a cut-off "%E0%B8" does not). */
export function decodablePath(url: string): boolean {
  try {
    decodeURIComponent(url.split("?")[0]!);
    return true;
  } catch {
    return false;
  }
}

/** A NUL in the URL, raw or percent-encoded. */
export const urlHasNul = (url: string) => url.includes("\0") || /%00/i.test(url);

/** The request changes state and a browser says it came from another site. A request
 *  without either header is not from a browser's page (curl, the media's scripts), so
 *  nothing of a visitor's can be ridden on. */
export function isCrossSite(req: IncomingMessage, publicOrigin: string | null): boolean {
  const site = req.headers["sec-fetch-site"];
  if (site === "cross-site" || site === "same-site") return true;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  if (publicOrigin && origin === publicOrigin) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true; // "null" (a sandboxed frame, a privacy redirect) or nonsense
  }
}

/** What every request must pass, the direct endpoints included. `exempt`: the paths
 *  whose POST proves its origin otherwise (Stripe's webhook signs its body). */
export function screenRequest(req: IncomingMessage, limits: ScreenLimits, exempt: string[] = []): Refusal | null {
  const url = req.url ?? "/";
  if (urlHasNul(url)) return { status: 400, code: "request.nul" };
  if (!decodablePath(url)) return { status: 400, code: "request.badUrl" };
  if (SAFE_METHODS.has(req.method ?? "GET")) return null;
  const signed = req.method === "POST" && exempt.includes(url);
  if (!signed && isCrossSite(req, limits.publicOrigin)) return { status: 403, code: "request.crossOrigin" };
  return null;
}

/** What a page's (Remix's) body must be: a form, of a declared length within its limit. */
export function screenPageBody(req: IncomingMessage, limits: ScreenLimits): Refusal | null {
  if (SAFE_METHODS.has(req.method ?? "GET")) return null;
  const declared = req.headers["content-length"];
  if (declared === undefined) {
    if (req.headers["transfer-encoding"]) return { status: 411, code: "request.lengthRequired" };
    return null; // no body at all
  }
  const length = Number(declared);
  if (length === 0) return null;
  const type = (req.headers["content-type"] ?? "").toLowerCase();
  const multipart = /^multipart\/form-data\s*;/.test(type);
  if (multipart && !/;\s*boundary=("?)[^";\s]{1,70}\1\s*(;|$)/.test(type))
    return { status: 415, code: "request.unsupportedType" };
  if (!multipart && !/^application\/x-www-form-urlencoded\s*(;|$)/.test(type))
    return { status: 415, code: "request.unsupportedType" };
  const max = multipart && takesUploads(req.url ?? "/") ? limits.uploadMaxBytes : limits.formMaxBytes;
  if (length > max) return { status: 413, code: "request.tooLarge", params: { max: megabytes(max) } };
  return null;
}

const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** The refusal as an answer: JSON for the API and for scripts that ask for it, else a
 *  small page — Thai first, then English. */
export function sendRefusal(req: IncomingMessage, res: ServerResponse, refusal: Refusal) {
  const message = bilingual(refusal.code, refusal.params);
  const wantsJson = (req.url ?? "").startsWith("/api/") || /json/.test(req.headers.accept ?? "");
  const body = wantsJson
    ? JSON.stringify({ error: refusal.code, ...(refusal.params ? { params: refusal.params } : {}), message })
    : `<!doctype html><html lang="th"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${refusal.status}</title><main style="font-family:sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem"><h1>${refusal.status}</h1><p>${escapeHtml(message.th)}</p><p lang="en">${escapeHtml(message.en)}</p><p><a href="/">หน้าแรก / Home</a></p></main></html>`;
  res.writeHead(refusal.status, {
    "content-type": wantsJson ? "application/json; charset=utf-8" : "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    ...(refusal.status === 408 ? { connection: "close" } : {}),
  });
  // The unread body is drained and dropped (never held): closing at once would reset the
  // connection under a sender still writing, who would then never see this answer. A
  // sender too slow to wait for (408) is cut off once told.
  req.resume();
  if (refusal.status === 408) res.end(body, () => req.socket.destroy());
  else res.end(body);
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
