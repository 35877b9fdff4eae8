/**
 * What a clerk types for an amount ("15 000", "12,50") to integer minor units, without floating
 * point: the whole part and the decimals are read as digits. Null when it is not an amount.
 */
export function parseMoneyInput(text: string, digits: number): number | null {
  const clean = text.replace(/[\s\u00a0\u202f]/g, '');
  const m = /^(\d{1,12})(?:[.,](\d+))?$/.exec(clean);
  if (!m) return null;
  const decimals = m[2] ?? '';
  if (decimals.length > digits) return null;
  return Number(m[1]) * 10 ** digits + Number(decimals.padEnd(digits, '0') || '0');
}
