import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { applicationInputSchema, RuleIssue } from '../../../shared/contract/registrations';
import { findExam, type Catalogue } from '../../../shared/domain/catalogue';
import { checkEligibility } from '../../../shared/domain/eligibility';
import { checkOptions } from '../../../shared/domain/epreuves';
import { AppError } from '../../core/errors';
import type { FieldError } from '../../../shared/contract/result';

type ApplicationInput = z.output<typeof applicationInputSchema>;

/** Codes typed or picked in the wizard must exist in the catalogue in force; each wrong one is named at its field. */
export function resolveApplication(c: Catalogue, a: ApplicationInput): ApplicationInput {
  const fields: Record<string, FieldError> = {};
  const exam = findExam(c, a.examCode);
  if (a.sessionId !== c.session.id) fields['application.sessionId'] = { code: 'session_closed' };
  if (!exam) fields['application.examCode'] = { code: 'unknown_code' };
  else if (exam.series.length && !exam.series.some((s) => s.code === a.seriesCode))
    fields['application.seriesCode'] = { code: a.seriesCode ? 'unknown_code' : 'required' };
  if (!c.categories.some((x) => x.code === a.category)) fields['application.category'] = { code: 'unknown_code' };
  if (!c.centres.some((x) => x.code === a.centreCode)) fields['application.centreCode'] = { code: 'unknown_code' };
  if (a.etablissementCode && !c.etablissements.some((x) => x.code === a.etablissementCode))
    fields['application.etablissementCode'] = { code: 'unknown_code' };
  if (a.category === 'scolaire' && !a.etablissementCode && c.etablissements.length)
    fields['application.etablissementCode'] = { code: 'required' };
  if (Object.keys(fields).length) throw new AppError('invalid_input', 'Invalid application', fields);
  return { ...a, seriesCode: exam?.series.length ? a.seriesCode : null };
}

/** The optional épreuves chosen for a resolved application; each wrong one is named at its place in the list. */
export function resolveOptions(c: Catalogue, a: ApplicationInput, optional: string[]): void {
  const exam = findExam(c, a.examCode);
  if (!exam) return;
  const issues = checkOptions(exam, a.seriesCode, optional);
  if (issues.length)
    throw new AppError(
      'invalid_input',
      'Invalid optional épreuves',
      Object.fromEntries(issues.map((i) => [`epreuves.optional.${i.index}`, { code: i.code, params: i.params }])),
    );
}

export async function evaluateRules(
  em: EntityManager,
  r: {
    catalogue: Catalogue;
    application: ApplicationInput;
    candidateId: string | null;
    birthDate: string;
    idType: string | null;
    heldDiplomas: string[];
    now: Date;
    /** A school's list (import) or the counter; defaults to the counter. */
    channel?: 'counter' | 'collective';
    /** The registration being changed, which does not count as another one of the candidate. */
    changing?: string;
    /** The office registering, whose region the centre must be in. */
    officeCode: string;
  },
): Promise<RuleIssue[]> {
  const active = r.candidateId
    ? ((await em.query(
        `SELECT exam_code FROM registration WHERE candidate_id = ? AND session_id = ? AND status <> 'withdrawn' AND id IS NOT ?`,
        [r.candidateId, r.catalogue.session.id, r.changing ?? null],
      )) as { exam_code: string }[])
    : [];
  const [last] = (await em.query(`SELECT MAX(created_at) AS at FROM registration`)) as { at: string | null }[];
  return checkEligibility({
    catalogue: r.catalogue,
    examCode: r.application.examCode,
    category: r.application.category,
    birthDate: r.birthDate,
    idType: r.idType,
    heldDiplomas: r.heldDiplomas,
    activeExamCodes: active.map((a) => a.exam_code),
    now: r.now,
    lastRecordAt: last?.at ? new Date(last.at) : null,
    channel: r.channel ?? 'counter',
    centreCode: r.application.centreCode,
    officeCode: r.officeCode,
  });
}
