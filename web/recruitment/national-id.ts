// Thai national ID numbers: 13 digits, the last a mod-11 check digit over the first 12.

export function normaliseNationalId(input: string): string {
  return input.replace(/[\s-]/g, "");
}

export function isValidNationalId(input: string): boolean {
  const id = normaliseNationalId(input);
  if (!/^\d{13}$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(id[i]) * (13 - i);
  return (11 - (sum % 11)) % 10 === Number(id[12]);
}

/** The display form, from the last 4 digits only: x-xxxx-xxxx0-12-3 */
export function maskNationalId(last4: string): string {
  return `x-xxxx-xxxx${last4[0]}-${last4.slice(1, 3)}-${last4[3]}`;
}
