import { describe, expect, it } from 'vitest';
import { parseCatalogue, type Catalogue } from '../../shared/domain/catalogue';
import { checkEligibility, type EligibilityInput } from '../../shared/domain/eligibility';
import comores from '../../src-main/modules/reference/catalogues/comores-2026.json';
import bts from '../../src-main/modules/reference/catalogues/bts-2027.json';

const load = (data: unknown): Catalogue => {
  const parsed = parseCatalogue(data);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.catalogue;
};
const KM = load(comores);
const FR = load(bts);

const base: EligibilityInput = {
  catalogue: KM,
  examCode: 'BAC',
  category: 'scolaire',
  birthDate: '2007-05-14',
  idType: null,
  heldDiplomas: [],
  activeExamCodes: [],
  now: new Date('2026-03-02T08:00:00Z'),
  lastRecordAt: null,
  channel: 'counter',
  centreCode: 'MOR-01',
  officeCode: 'MOR',
};
const codes = (over: Partial<EligibilityInput>) => checkEligibility({ ...base, ...over }).map((i) => i.code);

describe('eligibility', () => {
  it('lets an ordinary Bac candidate through', () => {
    expect(codes({})).toEqual([]);
  });

  it('refuses a centre of another office’s region, which a supervisor may pass, and any centre where none is set', () => {
    const [other] = checkEligibility({ ...base, centreCode: 'MUT-01' });
    expect(other).toMatchObject({
      code: 'centre_other_office',
      field: 'application.centreCode',
      overridable: true,
      params: { centre: 'Lycée de Mutsamudu', office: 'MOR' },
    });
    expect(codes({ centreCode: 'MUT-01', officeCode: 'MUT' })).toEqual([]);
    const open = load({ ...comores, centres: comores.centres.map(({ offices: _, ...c }) => c) });
    expect(codes({ catalogue: open, centreCode: 'MUT-01' })).toEqual([]);
  });

  it('refuses a candidate without the identity document the exam requires, which no supervisor can pass', () => {
    const withCnie = load({
      ...comores,
      exams: comores.exams.map((e) => (e.code === 'BAC' ? { ...e, requiredIdTypes: ['CNIE'] } : e)),
    });
    const [missing] = checkEligibility({ ...base, catalogue: withCnie });
    expect(missing).toMatchObject({ code: 'id_required', field: 'identity.idNumber', overridable: false });
    expect(missing?.params).toEqual({ types: 'CNIE' });
    expect(codes({ catalogue: withCnie, idType: 'PASSPORT' })).toEqual(['id_required']);
    expect(codes({ catalogue: withCnie, idType: 'CNIE' })).toEqual([]);
    // Other exams, and catalogues that ask for none, are as before.
    expect(codes({ catalogue: withCnie, examCode: 'CAP', category: 'individuel' })).toEqual([]);
    expect(codes({ idType: null })).toEqual([]);
  });

  it('refuses outside the window, overridable by a supervisor', () => {
    const [closed] = checkEligibility({ ...base, examCode: 'CAE', heldDiplomas: ['BAC'], birthDate: '1990-01-01' });
    expect(closed).toMatchObject({ code: 'window_closed', overridable: true, field: 'application.examCode' });
    expect(codes({ now: new Date('2026-01-01T00:00:00Z') })).toEqual(['window_not_open']);
  });

  it('checks age limits on the session’s reference date', () => {
    expect(codes({ examCode: 'CEPE', channel: 'collective', birthDate: '2009-01-01' })).toEqual(['age_above_max']);
    expect(codes({ birthDate: '2012-01-01' })).toEqual(['age_below_min']);
  });

  it('allows one active registration per exam and session', () => {
    const [issue] = checkEligibility({ ...base, activeExamCodes: ['BAC'] });
    expect(issue).toMatchObject({ code: 'already_registered', overridable: false });
  });

  it('requires a Bac for a BTS', () => {
    const bts = { catalogue: FR, examCode: 'BTS', category: FR.categories[0]!.code, now: new Date('2026-11-02') };
    expect(codes(bts)).toEqual(['prerequisite_missing']);
    expect(codes({ ...bts, heldDiplomas: ['BAC'] })).toEqual([]);
  });

  it('sends collective exams to schools’ lists, not the counter', () => {
    expect(codes({ examCode: 'BEPC', birthDate: '2011-01-01' })).toEqual(['collective_only']);
    expect(codes({ examCode: 'BEPC', birthDate: '2011-01-01', channel: 'collective' })).toEqual([]);
  });

  it('warns when the clock is earlier than the newest record', () => {
    const [warning] = checkEligibility({ ...base, lastRecordAt: new Date('2026-03-03T08:00:00Z') });
    expect(warning).toMatchObject({ code: 'clock_suspect', severity: 'warning' });
  });

  it('refuses an unknown exam or category', () => {
    expect(codes({ examCode: 'XYZ' })).toEqual(['unknown_exam']);
    expect(codes({ category: 'martien' })).toEqual(['unknown_category']);
  });
});
