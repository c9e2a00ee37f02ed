// The browser's own defences, set on every page by helmet (issue 17): a Content-Security-
// Policy whose scripts need this response's nonce (Remix's scripts carry it: root.tsx,
// entry.server.tsx), no framing by anyone, HSTS when the platform is served over HTTPS,
// and a Permissions-Policy that lets only the sponsor's counter page use the camera (its
// QR scanner).
import { randomBytes } from "node:crypto";
import type { RequestHandler, Response } from "express";
import helmet from "helmet";

interface Options {
  /** The platform's public address: HSTS only when it is https. */
  publicBaseUrl: string | null;
  /** Where the audit page's browser reads the chain (connect-src). */
  rpcUrl: string | null;
}

const EMBED_PAGES = /^\/embed\//;
const CAMERA_PAGES = /^\/sponsor\/[^/]+\/redeem\/?$/;

export const cspNonce = (res: Response): string => String(res.locals.cspNonce ?? "");

/** A page rendered for an earlier request (the public page cache) carries that request's
 *  nonce: this answer's policy names it instead of its own. */
export function reuseNonce(res: Response, own: string, rendered: string) {
  const policy = res.getHeader("content-security-policy");
  if (typeof policy === "string")
    res.setHeader("content-security-policy", policy.replace(`'nonce-${own}'`, `'nonce-${rendered}'`));
  res.locals.cspNonce = rendered;
}

export function securityHeaders({ publicBaseUrl, rpcUrl }: Options): RequestHandler[] {
  const https = publicBaseUrl?.startsWith("https:") ?? false;
  const rpcOrigin = rpcUrl ? originOf(rpcUrl) : null;
  const nonce: RequestHandler = (_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  };
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", (_req, res) => `'nonce-${cspNonce(res as Response)}'`],
        // Inline style attributes (bar widths, map colours) are set by React, not scripts.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'", ...(rpcOrigin ? [rpcOrigin] : [])],
        "media-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        // form-action is left out: the donation form's answer redirects to the payment page.
        ...(https ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "same-origin" },
    // Media sites embed the count photos and read the feed from their own pages.
    crossOriginResourcePolicy: { policy: "cross-origin" },
  });
  const permissions: RequestHandler = (req, res, next) => {
    const camera = CAMERA_PAGES.test(req.path) ? "(self)" : "()";
    res.setHeader(
      "Permissions-Policy",
      `camera=${camera}, microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()`,
    );
    next();
  };
  // An outlet's embed may be framed by any page (its data is public); nothing else may.
  const embeds: RequestHandler = (req, res, next) => {
    if (EMBED_PAGES.test(req.path)) {
      res.removeHeader("X-Frame-Options");
      const policy = res.getHeader("content-security-policy");
      if (typeof policy === "string")
        res.setHeader("content-security-policy", policy.replace("frame-ancestors 'none'", "frame-ancestors *"));
    }
    next();
  };
  return [nonce, headers, permissions, embeds];
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
