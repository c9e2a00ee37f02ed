// The sign-in form's fields, shared by the page and its action.
import { z } from "zod";

export const requestCodeSchema = z.object({
  intent: z.literal("request"),
  phone: z.string().trim().min(1).max(30),
  website: z.string().max(0).optional(), // honeypot: people never see it, bots fill it
  redirectTo: z.string().optional(),
});

export const verifyCodeSchema = z.object({
  intent: z.literal("verify"),
  phone: z.string().trim().min(1).max(30),
  code: z.string().trim().min(1).max(12),
  website: z.string().max(0).optional(),
  redirectTo: z.string().optional(),
});

export const loginSchema = z.discriminatedUnion("intent", [requestCodeSchema, verifyCodeSchema]);

// Control characters (a browser drops tabs and newlines from a URL, so "/\t/host" is
// "//host") and backslashes (read as slashes).
// eslint-disable-next-line no-control-regex -- matching them is the point
const UNSAFE = /[\u0000-\u001f\u007f\\]/;

/** Only same-site paths: never redirect to another host after sign-in. */
export function safeRedirect(to: string | undefined | null, fallback = "/me"): string {
  // Parsed as a browser would against this site: anything that leaves it, or that holds
  // characters a browser drops or a header cannot carry (tab, CR/LF, NUL…), is refused.
  if (!to || !to.startsWith("/") || UNSAFE.test(to)) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(to);
  } catch {
    return fallback;
  }
  if (UNSAFE.test(decoded) || decoded.startsWith("//")) return fallback;
  const base = "http://this.site";
  const url = new URL(to, base);
  if (url.origin !== base) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
