import { describe, expect, it } from 'vitest';
import { closeFormsTo, editDistance, isCloseName, nameForms, withinEdits } from '../../shared/domain/names';

const pairs: [string, string, boolean][] = [
  ['Abdérémane Saïd', 'Abderemane Said', true],
  ['Abdérémane Saïd', 'Abdouramane Said', false],
  ['Saïd Ali', 'Sayid Ali', true],
  ['Ali Saïd', 'Saïd Ali', true],
  ['Mohamed Fatima', 'Mohammed Fatima', true],
  ['Ahamada Fatima', 'Toybou Youssouf', false],
  ['Msaidié Halidi', 'Madi Djoumoi', false],
];

describe('close names (the duplicate question asked to the clerk)', () => {
  it.each(pairs)('%s / %s → %s, the same with the first name fixed once', (a, b, close) => {
    expect(isCloseName(a, b)).toBe(close);
    expect(closeFormsTo(a)(nameForms(b))).toBe(close);
  });
});

describe('the bounded edit distance behind close names', () => {
  it('answers exactly as the whole table does, for words that differ by swaps, drops and changes', () => {
    // A seeded walk over short words on a small alphabet: every kind of near and far pair, repeatably.
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const word = () => Array.from({ length: 1 + next(12) }, () => 'abcde '[next(6)]).join('');
    let compared = 0;
    for (let i = 0; i < 3000; i++) {
      const a = word();
      const b = next(2) ? word() : a.slice(0, next(a.length + 1)) + word().slice(0, next(3)) + a.slice(next(a.length));
      for (let most = 0; most <= 3; most++) {
        expect(withinEdits(a, b, most), `${a} / ${b} within ${most}`).toBe(editDistance(a, b) <= most);
        compared++;
      }
    }
    // A word longer than the kept rows makes them grow.
    expect(withinEdits('a'.repeat(100), `${'a'.repeat(99)}b`, 1)).toBe(true);
    expect(withinEdits('a'.repeat(100), 'b'.repeat(100), 3)).toBe(false);
    expect(compared).toBe(12_000);
  });
});
