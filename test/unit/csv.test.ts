import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src-main/modules/excel/export';

const csv = (rows: Record<string, number | string | null>[]) =>
  toCsv({ sheet: 'Paiements', columns: [{ header: 'Montant', key: 'amount', width: 10 }], rows })
    .toString('utf8')
    .slice(1)
    .trim()
    .split('\r\n');

describe('CSV for a French Excel', () => {
  it('writes amounts with a decimal comma, which its semicolon-separated files expect', () => {
    expect(csv([{ amount: 12.5 }, { amount: 7500 }, { amount: 0.05 }])).toEqual(['Montant', '12,5', '7500', '0,05']);
  });
});
