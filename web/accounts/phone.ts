// Thai mobile numbers: typed as 08x-xxx-xxxx or +66 8x xxx xxxx; stored as E.164 (+668xxxxxxxx).
export function normaliseThaiMobile(input: string): string | null {
  const digits = input.replace(/[\s\-().]/g, "");
  const m = /^(?:\+?66|0)([689]\d{8})$/.exec(digits);
  return m ? `+66${m[1]}` : null;
}

/** +66812345678 → 081-234-5678 */
export function formatThaiMobile(e164: string): string {
  const local = "0" + e164.replace(/^\+66/, "");
  return `${local.slice(0, 3)}-${local.slice(3, 6)}-${local.slice(6)}`;
}

/** For lists and logs: 081-xxx-5678 */
export function maskPhone(e164: string): string {
  const f = formatThaiMobile(e164);
  return `${f.slice(0, 4)}xxx${f.slice(7)}`;
}
