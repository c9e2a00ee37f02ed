// Numbers, baht and times as people here read them — in Thai or English, and always in
// Bangkok time, so the server's HTML and the browser's render say the same (a server runs
// in UTC; a phone may be set to any zone).
export const TIME_ZONE = "Asia/Bangkok";

/** The Intl locale of the UI language. */
export const intlLocale = (locale: string) => (locale === "th" ? "th-TH" : "en-GB");

export function formatNumber(value: number, locale: string, options?: Intl.NumberFormatOptions) {
  // + 0: −0 is "-0" in Node and "0" in Chromium; the same text on both sides.
  return (value + 0).toLocaleString(intlLocale(locale), options);
}

type When = Date | string | number;

/** Date and time (the same fields as Date#toLocaleString), in Bangkok time. */
export function formatDateTime(value: When, locale: string, options?: Intl.DateTimeFormatOptions) {
  return new Date(value).toLocaleString(intlLocale(locale), { timeZone: TIME_ZONE, ...options });
}

/** The date alone, in Bangkok time. */
export function formatDate(value: When, locale: string, options?: Intl.DateTimeFormatOptions) {
  return new Date(value).toLocaleDateString(intlLocale(locale), { timeZone: TIME_ZONE, ...options });
}

/** The time alone, in Bangkok time. */
export function formatTime(value: When, locale: string, options?: Intl.DateTimeFormatOptions) {
  return new Date(value).toLocaleTimeString(intlLocale(locale), { timeZone: TIME_ZONE, ...options });
}
