import { describe, expect, it } from 'vitest';
import {
  checkCharacter,
  groupReceiptNumber,
  makeCandidateNumber,
  originOf,
  parseCandidateNumber,
  receiptNumber,
  registrationNumber,
} from '../../shared/domain/numbering';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

describe('N° candidat', () => {
  it('has the documented format and reads back', () => {
    const n = makeCandidateNumber({ officeCode: 'MOR', workstationCode: 'G1', year: 2026, sequence: 123 });
    expect(n).toMatch(/^MORG1-26-000123[0-9A-Z]$/);
    expect(parseCandidateNumber(n)).toEqual({ ok: true, prefix: 'MORG1', year: 2026, sequence: 123 });
    expect(registrationNumber(n, 2)).toBe(`${n}/002`);
    expect(receiptNumber({ officeCode: 'MOR', workstationCode: 'G1', year: 2026, sequence: 45 })).toBe(
      'MORG1-R26-000045',
    );
  });

  it('rejects every one-character typo and every swap of two neighbours', () => {
    const n = makeCandidateNumber({ officeCode: 'MOR', workstationCode: 'G1', year: 2026, sequence: 4071 });
    let typos = 0;
    for (let i = 0; i < n.length; i++) {
      if (n[i] === '-') continue;
      for (const c of ALNUM) {
        if (c === n[i]) continue;
        const typo = n.slice(0, i) + c + n.slice(i + 1);
        const parsed = parseCandidateNumber(typo);
        expect(parsed.ok, typo).toBe(false);
        typos++;
      }
      const j = i + 1;
      if (j < n.length && n[j] !== '-' && n[j] !== n[i]) {
        const swapped = n.slice(0, i) + n[j] + n[i] + n.slice(j + 1);
        expect(parseCandidateNumber(swapped).ok, swapped).toBe(false);
      }
    }
    expect(typos).toBeGreaterThan(400);
  });

  it('never gives two workstations of one office the same number', () => {
    const seen = new Set<string>();
    for (const workstationCode of ['G1', 'G2', 'G12'])
      for (let sequence = 1; sequence <= 2000; sequence++)
        seen.add(makeCandidateNumber({ officeCode: 'MOR', workstationCode, year: 2026, sequence }));
    expect(seen.size).toBe(6000);
  });

  it('computes ISO 7064 MOD 37-36 check characters', () => {
    expect(ALNUM).toContain(checkCharacter('MORG126000123'));
    expect(() => checkCharacter('MOR-G1')).toThrow();
  });
});

describe('the counter behind a number (HQ continues a replaced workstation from it)', () => {
  it('reads candidate, registration, receipt and collective receipt numbers, and nothing else', () => {
    const candidate = makeCandidateNumber({ officeCode: 'MOR', workstationCode: 'G1', year: 2026, sequence: 123 });
    const parts = { officeCode: 'MOR', workstationCode: 'G1', year: 2026, sequence: 45 };
    expect(originOf(candidate)).toEqual({ prefix: 'MORG1', counter: 'candidate', year: 2026, sequence: 123 });
    expect(originOf(registrationNumber(candidate, 2))).toEqual(originOf(candidate));
    expect(originOf(receiptNumber(parts))).toEqual({ prefix: 'MORG1', counter: 'receipt', year: 2026, sequence: 45 });
    expect(originOf(groupReceiptNumber(parts))).toMatchObject({ counter: 'group', sequence: 45 });
    for (const other of ['', 'PRE-26-000123', candidate.toLowerCase(), `${candidate}/2`, `${candidate}/001/002`])
      expect(originOf(other)).toBeNull();
    // A mistyped check character is not a number this office gave.
    expect(originOf(candidate.slice(0, -1) + (candidate.endsWith('A') ? 'B' : 'A'))).toBeNull();
  });
});
