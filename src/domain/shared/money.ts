/** A non-negative decimal amount as integrations send it: up to 12 whole digits and 2 decimals. */
export const AMOUNT_RE = /^\d{1,12}(\.\d{1,2})?$/;

/** A checked amount in the stored form, two decimals ("129.9" → "129.90"); money never goes through floats. */
export function normaliseAmount(amount: string): string {
  const [whole, frac = ''] = amount.split('.');
  return `${BigInt(whole)}.${frac.padEnd(2, '0')}`;
}
