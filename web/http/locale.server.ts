// A request's language: an outlet's embed says it in its URL (`?lang=th|en`, the page around
// it chooses); every other page follows the `lang` cookie (Thai when there is none).
import { localeFromCookie, type Locale } from "../i18n/i18n.ts";

export function localeOf(request: Request): Locale {
  const url = new URL(request.url);
  const asked = url.pathname.startsWith("/embed/") ? url.searchParams.get("lang") : null;
  return asked === "th" || asked === "en" ? asked : localeFromCookie(request.headers.get("cookie"));
}
