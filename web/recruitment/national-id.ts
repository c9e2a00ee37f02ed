// Thai national ID numbers: 13 digits, the last a mod-11 check digit over the first 12.

export function normaliseNationalId(input: string): string {
  return input.replace(/[\s-]/g, "");
}

/** The 13th digit for the first 12: (11 − Σ dᵢ·(13−i) mod 11) mod 10. */
export function checkDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (13 - i);
  return (11 - (sum % 11)) % 10;
}

export function isValidNationalId(input: string): boolean {
  const id = normaliseNationalId(input);
  return /^\d{13}$/.test(id) && checkDigit(id) === Number(id[12]);
}

/** The display form, from the last 4 digits only: x-xxxx-xxxx0-12-3 */
export function maskNationalId(last4: string): string {
  return `x-xxxx-xxxx${last4[0]}-${last4.slice(1, 3)}-${last4[3]}`;
}
