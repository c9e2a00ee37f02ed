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

/** A date as ISO or as Thai people write it, day/month/year (a year past 2400 is in
 *  the Buddhist era); null when it is no date. Birth dates (sign-up, roster) and incident times share it. */
export function parseThaiDate(raw: string): Date | null {
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(raw);
  const thai = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (thai) [d, m, y] = [Number(thai[1]), Number(thai[2]), Number(thai[3])];
  else return null;
  if (y > 2400) y -= 543; // Buddhist era
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date : null;
}

/** The day in Bangkok at `when`, as "2027-03-14" (Bangkok has no daylight saving: +07:00). */
export const bangkokDay = (when: Date) => new Date(when.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
