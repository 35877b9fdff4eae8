import type { Exam } from './catalogue';

export type Epreuve = Exam['epreuves'][number];

/** The optional épreuves a candidate of this exam and series may choose: the exam's own, then the series'. */
export const optionsOf = (exam: Exam, seriesCode: string | null): Epreuve[] =>
  [...exam.epreuves, ...(exam.series.find((s) => s.code === seriesCode)?.epreuves ?? [])].filter(
    (e) => e.type === 'facultative',
  );

/** Every optional épreuve of the exam whatever the series, once each, with the series offering it (all: []). */
export function allOptionsOf(exam: Exam): { epreuve: Epreuve; series: string[] }[] {
  const out = new Map<string, { epreuve: Epreuve; series: string[] }>();
  for (const e of exam.epreuves) if (e.type === 'facultative') out.set(e.code, { epreuve: e, series: [] });
  for (const s of exam.series)
    for (const e of s.epreuves)
      if (e.type === 'facultative') {
        const known = out.get(e.code);
        if (!known) out.set(e.code, { epreuve: e, series: [s.code] });
        else if (known.series.length) known.series.push(s.code);
      }
  return [...out.values()];
}

export interface OptionIssue {
  /** Position in the chosen list of the option at fault. */
  index: number;
  code: 'option_not_offered' | 'option_twice' | 'too_many_options';
  params: Record<string, string | number>;
}

/**
 * The optional épreuves a candidate chose, at the counter or in a school's list: each offered for
 * the exam and series, none twice, and no more than the exam allows. Pure, like the eligibility rules.
 */
export function checkOptions(exam: Exam, seriesCode: string | null, chosen: string[]): OptionIssue[] {
  const offered = new Set(optionsOf(exam, seriesCode).map((e) => e.code));
  const max = exam.maxOptional ?? Infinity;
  const issues: OptionIssue[] = [];
  const taken = new Set<string>();
  chosen.forEach((code, index) => {
    if (!offered.has(code)) issues.push({ index, code: 'option_not_offered', params: { option: code } });
    else if (taken.has(code)) issues.push({ index, code: 'option_twice', params: { option: code } });
    else if (taken.add(code).size > max) issues.push({ index, code: 'too_many_options', params: { max } });
  });
  return issues;
}

/**
 * Which options a form still lets the clerk tick: all of them below the exam's limit; at the limit,
 * only the ones already ticked, so the form cannot build the list `checkOptions` would refuse.
 */
export function optionsOpen(exam: Exam, seriesCode: string | null, chosen: string[]): Set<string> {
  const offered = optionsOf(exam, seriesCode).map((e) => e.code);
  const taken = offered.filter((code) => chosen.includes(code));
  return new Set(taken.length < (exam.maxOptional ?? Infinity) ? offered : taken);
}
