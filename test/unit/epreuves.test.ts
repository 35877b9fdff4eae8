import { describe, expect, it } from 'vitest';
import { examSchema } from '../../shared/domain/catalogue';
import { allOptionsOf, checkOptions, optionsOf, optionsOpen } from '../../shared/domain/epreuves';

const ep = (code: string, type: 'obligatoire' | 'facultative') => ({ code, label: code, type });
const exam = (maxOptional?: number) =>
  examSchema.parse({
    code: 'BAC',
    label: 'Baccalauréat',
    level: 'Terminale',
    kind: 'collective',
    maxOptional,
    epreuves: [ep('FR', 'obligatoire'), ep('MUS', 'facultative')],
    series: [
      { code: 'A', label: 'A', epreuves: [ep('LV3', 'facultative')] },
      { code: 'B', label: 'B', epreuves: [ep('LV3', 'facultative'), ep('INFO', 'facultative')] },
      { code: 'C', label: 'C', epreuves: [ep('MUS', 'facultative')] },
    ],
  });

describe('optional épreuves', () => {
  it('are the exam’s and the series’ facultative ones', () => {
    expect(optionsOf(exam(), 'B').map((e) => e.code)).toEqual(['MUS', 'LV3', 'INFO']);
    expect(optionsOf(exam(), null).map((e) => e.code)).toEqual(['MUS']);
    expect(allOptionsOf(exam()).map((o) => [o.epreuve.code, o.series])).toEqual([
      ['MUS', []],
      ['LV3', ['A', 'B']],
      ['INFO', ['B']],
    ]);
  });

  it('are each offered for the series, chosen once, and no more than the exam allows', () => {
    expect(checkOptions(exam(), 'B', ['MUS', 'LV3', 'INFO'])).toEqual([]);
    expect(checkOptions(exam(), 'A', ['INFO', 'LV3', 'LV3'])).toEqual([
      { index: 0, code: 'option_not_offered', params: { option: 'INFO' } },
      { index: 2, code: 'option_twice', params: { option: 'LV3' } },
    ]);
    expect(checkOptions(exam(1), 'B', ['LV3', 'XX', 'INFO', 'MUS'])).toEqual([
      { index: 1, code: 'option_not_offered', params: { option: 'XX' } },
      { index: 2, code: 'too_many_options', params: { max: 1 } },
      { index: 3, code: 'too_many_options', params: { max: 1 } },
    ]);
    expect(checkOptions(exam(0), 'A', [])).toEqual([]);
  });

  it('stay open in a form until the exam’s limit is reached, then only the ticked ones can change', () => {
    const open = (max: number | undefined, chosen: string[]) => [...optionsOpen(exam(max), 'B', chosen)];
    expect(open(undefined, ['MUS', 'LV3', 'INFO'])).toEqual(['MUS', 'LV3', 'INFO']);
    expect(open(2, ['LV3'])).toEqual(['MUS', 'LV3', 'INFO']);
    expect(open(2, ['INFO', 'LV3'])).toEqual(['LV3', 'INFO']);
    // An option of another series left in the list does not use up the limit.
    expect(open(1, ['XX'])).toEqual(['MUS', 'LV3', 'INFO']);
    expect(open(0, [])).toEqual([]);
  });
});
