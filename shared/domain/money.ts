/**
 * Money is an integer count of minor units (centimes, or francs where the currency has none).
 * Formatting is done with integer arithmetic only: 750000 EUR(2) → "7 500,00 €", 7500 KMF(0) → "7 500 KMF".
 */
const SYMBOL: Record<string, string> = { EUR: '€' };

export function formatMoney(minor: number, currency: string, digits: number): string {
  if (!Number.isInteger(minor)) throw new Error('Amounts are integers in minor units');
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  const units = abs.slice(0, abs.length - digits) || '0';
  const cents = digits ? abs.slice(abs.length - digits) : '';
  const grouped = units.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${sign}${grouped}${cents ? `,${cents}` : ''}\u00a0${SYMBOL[currency] ?? currency}`;
}
