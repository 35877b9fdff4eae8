import type { Exam } from '../../../shared/domain/catalogue';
import { allOptionsOf, checkOptions } from '../../../shared/domain/epreuves';
import type { Column, OptionKey } from './columns';

const YES = 'Oui';

/**
 * A column per optional épreuve, answered Oui or Non from a list, like the counter's checkbox:
 * a secretary ticks what the pupil takes without knowing any code, and each cell is checked alone.
 */
export function optionColumns(exam: Exam): Column[] {
  const options = allOptionsOf(exam);
  const labels = options.map((o) => o.epreuve.label);
  return options.map(({ epreuve, series }) => {
    // Two series may give different épreuves the same name: the code tells them apart.
    const twice = labels.filter((l) => l === epreuve.label).length > 1;
    return {
      key: `option:${epreuve.code}` as OptionKey,
      header: `Option ${twice ? `${epreuve.label} (${epreuve.code})` : epreuve.label}`,
      width: 16,
      required: false,
      kind: 'list' as const,
      values: [YES, 'Non'],
      note: [
        `Oui si le candidat passe l’épreuve facultative ${epreuve.label} (${epreuve.code}).`,
        series.length ? `Séries : ${series.join(', ')}.` : '',
        exam.maxOptional !== undefined ? `Options : ${exam.maxOptional} au plus par candidat.` : '',
      ]
        .filter(Boolean)
        .join(' '),
    };
  });
}

/**
 * The optional épreuves a row chose, judged by the counter's own rule (checkOptions); each fault
 * is reported at the column of the option it concerns.
 */
export function rowOptions(
  columns: Column[],
  values: Partial<Record<string, string>>,
  exam: Exam,
  seriesCode: string | null,
  add: (key: OptionKey, code: string, params: Record<string, string | number>) => void,
): string[] {
  const chosen = columns.filter((c) => c.key.startsWith('option:') && values[c.key] === YES).map((c) => c.key);
  const codes = chosen.map((k) => k.slice('option:'.length));
  // Without a valid series there is nothing to judge the options against; the series column says why.
  if (exam.series.length && !exam.series.some((s) => s.code === seriesCode)) return codes;
  for (const issue of checkOptions(exam, seriesCode, codes))
    add(chosen[issue.index] as OptionKey, issue.code, issue.params);
  return codes;
}
