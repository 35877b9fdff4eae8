import { ageOn } from './candidate';
import { centreServes, findExam, type Catalogue } from './catalogue';

export interface RuleIssue {
  code: string;
  field: string | null;
  overridable: boolean;
  severity: 'refusal' | 'warning';
  params: Record<string, string | number>;
}

export interface EligibilityInput {
  catalogue: Catalogue;
  examCode: string;
  category: string;
  birthDate: string;
  /** The type of the candidate's national ID, null without one (see `nationalIdType`). */
  idType: string | null;
  /** Exams the candidate declared holding (e.g. BAC for a BTS). */
  heldDiplomas: string[];
  /** Active (not withdrawn) registrations of this candidate in this session. */
  activeExamCodes: string[];
  now: Date;
  /** Time of the newest record on this workstation: a clock earlier than that has been set back. */
  lastRecordAt: Date | null;
  /** At the counter individual registration is the rule; collective exams come from schools' lists. */
  channel: 'counter' | 'collective';
  /** The centre chosen, and the office registering: a centre may serve only some offices. */
  centreCode: string | null;
  officeCode: string | null;
}

/** The type of ID a candidate holds for the rules: none without a number. */
export const nationalIdType = (c: { idType: string | null; idNumber: string | null }) =>
  c.idNumber?.trim() ? c.idType : null;

const refusal = (
  code: string,
  field: string | null,
  overridable: boolean,
  params: RuleIssue['params'] = {},
): RuleIssue => ({
  code,
  field,
  overridable,
  severity: 'refusal',
  params,
});

/**
 * Every rule that decides whether a registration may be saved. Pure: the same input gives the
 * same answer on the workstation, in a school import and at headquarters.
 */
export function checkEligibility(i: EligibilityInput): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const exam = findExam(i.catalogue, i.examCode);
  if (!exam) return [refusal('unknown_exam', 'application.examCode', false)];

  if (i.lastRecordAt && i.now.getTime() < i.lastRecordAt.getTime() - 60_000)
    issues.push({
      code: 'clock_suspect',
      field: null,
      overridable: false,
      severity: 'warning',
      params: { last: i.lastRecordAt.toISOString() },
    });

  const window = i.catalogue.windows.find((w) => w.examCode === exam.code);
  if (!window) issues.push(refusal('window_missing', 'application.examCode', false));
  else if (i.now < new Date(window.opensAt))
    issues.push(refusal('window_not_open', 'application.examCode', true, { opensAt: window.opensAt }));
  else if (i.now >= new Date(window.closesAt))
    issues.push(refusal('window_closed', 'application.examCode', true, { closesAt: window.closesAt }));

  const age = ageOn(i.birthDate, i.catalogue.session.ageReferenceDate);
  if (exam.minAge !== undefined && age < exam.minAge)
    issues.push(refusal('age_below_min', 'identity.birthDate', true, { age, min: exam.minAge }));
  if (exam.maxAge !== undefined && age > exam.maxAge)
    issues.push(refusal('age_above_max', 'identity.birthDate', true, { age, max: exam.maxAge }));

  if (exam.requiredIdTypes?.length && !(i.idType && exam.requiredIdTypes.some((t) => t === i.idType)))
    issues.push(refusal('id_required', 'identity.idNumber', false, { types: exam.requiredIdTypes.join(', ') }));

  if (i.activeExamCodes.includes(exam.code))
    issues.push(refusal('already_registered', 'application.examCode', false, { exam: exam.code }));

  for (const p of exam.prerequisites)
    if (!i.heldDiplomas.includes(p)) issues.push(refusal('prerequisite_missing', 'heldDiplomas', true, { exam: p }));

  if (exam.kind === 'collective' && i.channel === 'counter')
    issues.push(refusal('collective_only', 'application.examCode', true, { exam: exam.code }));
  if (exam.kind === 'individual' && i.channel === 'collective')
    issues.push(refusal('individual_only', 'application.examCode', false, { exam: exam.code }));

  if (!i.catalogue.categories.some((c) => c.code === i.category))
    issues.push(refusal('unknown_category', 'application.category', false));
  issues.push(...centreIssues(i.catalogue, i.centreCode, i.officeCode));
  return issues;
}

/**
 * A centre outside the office's region: the candidate registers at the office of their region.
 * A supervisor may pass it at the counter (a candidate who has just moved); a school's list may not.
 */
export function centreIssues(catalogue: Catalogue, centreCode: string | null, officeCode: string | null): RuleIssue[] {
  const centre = centreCode ? catalogue.centres.find((c) => c.code === centreCode) : undefined;
  if (!centre || !officeCode || centreServes(centre, officeCode)) return [];
  return [refusal('centre_other_office', 'application.centreCode', true, { centre: centre.name, office: officeCode })];
}
