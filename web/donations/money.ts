// Money is integer satang (1 baht = 100 satang) everywhere: parsed once at the edge,
// formatted once for people. Shared by the browser and the server.
import { intlLocale } from "../i18n/format.ts";

export const SATANG_PER_BAHT = 100;

/** "1,500", "1500.5", "1500.50", "๑๕๐๐" → satang; null when it is not an amount of baht. */
export function parseBaht(input: string): number | null {
  const text = input
    .trim()
    .replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50))
    .replace(/[,\s]/g, "")
    .replace(/^฿|บาท$|THB$/gi, "");
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * SATANG_PER_BAHT + Number((match[2] ?? "").padEnd(2, "0"));
}

/** 150050 → "1,500.50"; whole baht without decimals: 150000 → "1,500". */
export function formatBaht(satang: number, locale: "th" | "en" = "th"): string {
  const whole = satang % SATANG_PER_BAHT === 0;
  // + 0 turns −0 (a total negated while still 0) into 0: Node writes −0 as "-0" and
  // Chromium as "0", and the page would not hydrate.
  return (satang / SATANG_PER_BAHT + 0).toLocaleString(intlLocale(locale), {
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  });
}

/** Satang as the plain decimal a spreadsheet reads: 150050 → "1500.50", -2500 → "-25.00". */
export function satangToDecimal(satang: number): string {
  const sign = satang < 0 ? "-" : "";
  const abs = Math.abs(satang);
  return `${sign}${Math.floor(abs / SATANG_PER_BAHT)}.${String(abs % SATANG_PER_BAHT).padStart(2, "0")}`;
}

/** Preset amounts offered on the donation form, in baht. */
export const PRESET_BAHT = [100, 300, 500, 1000, 5000] as const;
