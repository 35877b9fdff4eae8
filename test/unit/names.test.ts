import { describe, expect, it } from 'vitest';
import { closeNameTo, isCloseName } from '../../shared/domain/names';

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
    expect(closeNameTo(a)(b)).toBe(close);
  });
});
