// i18next: the same instance renders on the server and hydrates in the browser. The
// server has both languages; the browser gets only the page's (issue 40: the two
// dictionaries were 60 KB compressed on every page) — vite.config.ts hands this module
// empty dictionaries in the client build, and entry.client.tsx loads the page's language
// before hydrating (addDictionary). The language comes from the `lang` cookie; Thai when
// there is none.
import i18next, { type TFunction } from "i18next";
import { th } from "./th.ts";
import { en } from "./en.ts";

export const LOCALES = ["th", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "th";

const instance = i18next.createInstance();
void instance.init({
  resources: { th: { translation: th }, en: { translation: en } },
  lng: DEFAULT_LOCALE,
  fallbackLng: DEFAULT_LOCALE,
  initAsync: false,
  showSupportNotice: false,
  interpolation: { escapeValue: false },
});

/** Puts a language's dictionary in (the browser's, loaded on its own). */
export function addDictionary(locale: Locale, dictionary: object) {
  instance.addResourceBundle(locale, "translation", dictionary, true, true);
}

export function tFor(locale: Locale): TFunction {
  return instance.getFixedT(locale);
}

export function localeFromCookie(cookieHeader: string | null): Locale {
  const m = /(?:^|;\s*)lang=(th|en)(?:;|$)/.exec(cookieHeader ?? "");
  return (m?.[1] as Locale) ?? DEFAULT_LOCALE;
}

/** A user-facing error code → both languages (for JSON APIs and logs). */
export function bilingual(code: string, params: Record<string, unknown> = {}) {
  return { th: tFor("th")(`messages.${code}`, params), en: tFor("en")(`messages.${code}`, params) };
}

/** A message written as an i18n key (a schema's message, a UserError's code) as the full
 *  key the dictionaries hold, or null when it is not one (zod's own English text). */
export function messageKey(message: string): string | null {
  if (!/^[\w-]+(\.[\w-]+)+$/.test(message)) return null;
  if (instance.exists(message)) return message;
  return instance.exists(`messages.${message}`) ? `messages.${message}` : null;
}
