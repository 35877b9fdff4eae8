import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCandidateNumber } from '../../shared/domain/numbering';
import { makeApp, type TestApp } from '../support/app';
import { readPdf } from '../support/pdf';
import { bacSubmission } from '../support/submissions';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
});
afterEach(() => t.close());

describe('registering a walk-in candidate', () => {
  it('gives a checked N° candidat and a first N° inscription, with audit and outbox in the same save', async () => {
    const { registration, candidate } = await t.must('registrations.submit', bacSubmission());
    expect(parseCandidateNumber(candidate.number).ok).toBe(true);
    expect(candidate.number.startsWith('MORG1')).toBe(true);
    expect(registration.number).toBe(`${candidate.number}/001`);
    expect(candidate.surname).toBe('Abdérémane');
    const outbox = await t.app.store.em.query(`SELECT entity, version FROM outbox ORDER BY entity`);
    expect(outbox).toEqual([
      { entity: 'candidate', version: 1 },
      { entity: 'registration', version: 1 },
    ]);
    const audit = await t.must('audit.list', { entity: 'registration', limit: 10 });
    expect(audit.map((a) => a.action)).toContain('registrations.submit');
    expect((await t.must('audit.verify', {})).ok).toBe(true);
  });

  it('refuses a second entry of the birth date that does not match, at that field', async () => {
    const input = bacSubmission();
    input.confirmation!.birthDate = '2007-05-15';
    const r = await t.call('registrations.submit', input);
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: { 'confirmation.birthDate': { code: 'confirm_mismatch' } } },
    });
    expect(await t.app.store.em.query(`SELECT COUNT(*) AS n FROM candidate`)).toEqual([{ n: 0 }]);
  });

  it('takes the nationality and birth country as country codes, lower case too, and refuses a word at its field', async () => {
    const typed = bacSubmission();
    typed.identity!.nationality = 'Comorienne';
    typed.identity!.birthCountry = 'XX';
    expect(await t.call('registrations.submit', typed)).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        fields: {
          'identity.nationality': { code: 'country_unknown' },
          'identity.birthCountry': { code: 'country_unknown' },
        },
      },
    });
    const lower = bacSubmission();
    lower.identity!.nationality = 'ma';
    lower.identity!.birthCountry = 'km';
    const { candidate } = await t.must('registrations.submit', lower);
    expect(candidate).toMatchObject({ nationality: 'MA', birthCountry: 'KM' });
  });

  it('asks a candidate born in France for the department at that field, and keeps it with the socio-professional category', async () => {
    const born = bacSubmission();
    born.identity = { ...born.identity!, birthPlace: 'Caen', birthCountry: 'FR', socioCategory: '5' };
    expect(await t.call('registrations.submit', born)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: { 'identity.birthDepartment': { code: 'required' } } },
    });
    born.identity.birthDepartment = '014';
    const { candidate } = await t.must('registrations.submit', born);
    const read = await t.must('candidates.get', { id: candidate.id });
    expect(read).toMatchObject({ birthPlace: 'Caen', birthCountry: 'FR', birthDepartment: '014', socioCategory: '5' });
    // What HQ is sent: the candidate as read back, department and category with it.
    const [sent] = (await t.app.store.em.query(
      `SELECT payload_json AS json FROM outbox WHERE entity = 'candidate' AND entity_id = ?`,
      [candidate.id],
    )) as { json: string }[];
    expect(JSON.parse(sent!.json)).toMatchObject({ birthDepartment: '014', socioCategory: '5' });

    // Born elsewhere, the department says nothing: refused at its field rather than kept unseen.
    const moved = { ...born.identity, birthCountry: 'KM' };
    expect(await t.call('candidates.correct', { id: candidate.id, identity: moved })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: { 'identity.birthDepartment': { code: 'department_not_france' } } },
    });
    const corrected = await t.must('candidates.correct', {
      id: candidate.id,
      identity: { ...moved, birthDepartment: null, socioCategory: null },
    });
    expect(corrected).toMatchObject({ birthCountry: 'KM', birthDepartment: null, socioCategory: null, version: 2 });
  });

  it('asks a candidate born at La Réunion, picked as the country, for 974 and prints it on the fiche', async () => {
    const born = bacSubmission();
    born.identity = { ...born.identity!, birthPlace: 'Saint-Denis', birthCountry: 'RE' };
    expect(await t.call('registrations.submit', born)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: { 'identity.birthDepartment': { code: 'required' } } },
    });
    born.identity.birthDepartment = '971';
    expect(await t.call('registrations.submit', born)).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        fields: {
          'identity.birthDepartment': { code: 'department_not_territory', params: { department: '974 - La Réunion' } },
        },
      },
    });
    born.identity.birthDepartment = '974';
    const { registration, candidate } = await t.must('registrations.submit', born);
    expect(await t.must('candidates.get', { id: candidate.id })).toMatchObject({
      birthCountry: 'RE',
      birthDepartment: '974',
    });
    const fiche = readPdf((await t.must('printing.confirmation', { registrationId: registration.id })).pdfBase64);
    expect(fiche.text()).toMatch(/Département de naissance\s+974 - La Réunion/);
  });

  it('shows the existing candidate when the same national ID comes again', async () => {
    await t.must('registrations.submit', bacSubmission());
    const again = bacSubmission();
    again.identity!.surname = 'Abderemane';
    again.confirmation!.surname = 'Abderemane';
    const r = await t.call('registrations.submit', again);
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'conflict', fields: { 'identity.idNumber': { code: 'duplicate_national_id' } } },
    });
  });

  it('asks about a close name with the same birth date, and saves once the clerk says it is another person', async () => {
    await t.must('registrations.submit', bacSubmission());
    const other = bacSubmission(0, { differentPerson: false });
    other.identity = { ...other.identity!, surname: 'Abdéramane', idType: null, idNumber: null };
    other.confirmation = { ...other.confirmation!, surname: 'Abdéramane', idNumber: null };
    const r = await t.call('registrations.submit', other);
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'conflict', fields: { 'identity.surname': { code: 'possible_duplicate' } } },
    });
    const saved = await t.must('registrations.submit', { ...other, differentPerson: true });
    expect(saved.candidate.surname).toBe('Abdéramane');
    const actions = (await t.must('audit.list', { entity: 'candidate', limit: 10 })).map((a) => a.action);
    expect(actions).toContain('candidates.declared_different');
  });

  it('keeps one active registration per exam and session, and numbers a second exam 002', async () => {
    const first = await t.must('registrations.submit', bacSubmission());
    const again = await t.call(
      'registrations.submit',
      bacSubmission(0, { candidateId: first.candidate.id, identity: null, confirmation: null }),
    );
    expect(again).toMatchObject({ ok: false, error: { code: 'rule_refused' } });
    const cap = bacSubmission(0, { candidateId: first.candidate.id, identity: null, confirmation: null });
    cap.application = { ...cap.application, examCode: 'CAP', seriesCode: null, category: 'individuel' };
    const second = await t.must('registrations.submit', cap);
    expect(second.registration.number).toBe(`${first.candidate.number}/002`);
    expect(await t.must('registrations.forCandidate', { candidateId: first.candidate.id })).toHaveLength(2);
  });

  it('refuses an exam whose window is closed, and a clerk cannot pass it alone', async () => {
    const input = bacSubmission();
    input.application = { ...input.application, examCode: 'CAE', seriesCode: null, category: 'individuel' };
    const r = await t.call('registrations.submit', input);
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).toContain('window_closed');
  });

  it('finds "abderemane" without accents, by number, by ID and by phone', async () => {
    const { candidate } = await t.must('registrations.submit', bacSubmission());
    for (const q of ['abderemane', 'ABDÉRÉMANE said', candidate.number, 'km1234567', '3331010', '+269 333 10 10']) {
      const hits = await t.must('candidates.search', { query: q, limit: 10 });
      expect(
        hits.map((h) => h.id),
        q,
      ).toEqual([candidate.id]);
    }
    expect(await t.must('candidates.search', { query: '"); DROP TABLE candidate; --', limit: 10 })).toEqual([]);
  });

  it('withdraws with a reason while the window is open, as a new version', async () => {
    const { registration } = await t.must('registrations.submit', bacSubmission());
    const w = await t.must('registrations.withdraw', { id: registration.id, reason: 'Le candidat renonce.' });
    expect(w).toMatchObject({ status: 'withdrawn', version: 2 });
    const detail = await t.must('registrations.get', { id: registration.id });
    expect(detail.versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('rolls back the candidate, the registration, the audit and the outbox together when the save fails', async () => {
    const before = await t.app.store.em.query(
      `SELECT (SELECT COUNT(*) FROM audit_log) a, (SELECT COUNT(*) FROM outbox) o`,
    );
    await t.app.store.em.query(
      `CREATE TRIGGER fail_registration BEFORE INSERT ON registration BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    );
    const r = await t.call('registrations.submit', bacSubmission());
    expect(r.ok || r.error.code).toBe('internal');
    const after = await t.app.store.em.query(
      `SELECT (SELECT COUNT(*) FROM audit_log) a, (SELECT COUNT(*) FROM outbox) o`,
    );
    expect(after).toEqual(before);
    expect(await t.app.store.em.query(`SELECT COUNT(*) AS n FROM candidate`)).toEqual([{ n: 0 }]);
  });
});

describe('changing a registration', () => {
  const change = (id: string, application: Partial<ReturnType<typeof bacSubmission>['application']>) => ({
    id,
    application: { ...bacSubmission(0).application, ...application },
    epreuves: { optional: [] as string[], exemptions: [] },
  });
  const issueCodes = (r: { ok: boolean; error?: { details?: unknown } }) =>
    ((r.error?.details as { issues?: { code: string }[] } | undefined)?.issues ?? []).map((i) => i.code);

  it('refuses another exam the rules of a new registration refuse, and keeps the registration as it was', async () => {
    const first = await t.must('registrations.submit', bacSubmission());
    const cap = bacSubmission(0, { candidateId: first.candidate.id, identity: null, confirmation: null });
    cap.application = { ...cap.application, examCode: 'CAP', seriesCode: null, category: 'individuel' };
    await t.must('registrations.submit', cap);
    const id = first.registration.id;

    const closed = await t.call('registrations.update', change(id, { examCode: 'CAE', seriesCode: null }));
    expect(closed.ok || closed.error.code).toBe('rule_refused');
    expect(issueCodes(closed)).toContain('window_closed');
    const twice = await t.call('registrations.update', change(id, { examCode: 'CAP', seriesCode: null }));
    expect(issueCodes(twice)).toContain('already_registered');
    const option = await t.call('registrations.update', {
      ...change(id, {}),
      epreuves: { optional: ['NOPE'], exemptions: [] },
    });
    expect(option.ok || Object.keys(option.error.fields ?? {})).toEqual(['epreuves.optional.0']);

    const detail = await t.must('registrations.get', { id });
    expect([detail.examCode, detail.version]).toEqual(['BAC', 1]);
    // The same exam is not "already registered" against itself.
    expect((await t.must('registrations.update', change(id, { seriesCode: 'C' }))).version).toBe(2);
  });

  it('moves a candidate to another centre after the exam’s window has closed', async () => {
    t.clock.set(new Date('2026-01-10T08:00:00Z'));
    await t.login();
    const cae = bacSubmission(0);
    cae.application = { ...cae.application, examCode: 'CAE', seriesCode: null, category: 'individuel' };
    cae.heldDiplomas = ['BAC'];
    const { registration } = await t.must('registrations.submit', cae);
    t.clock.set(new Date('2026-03-02T08:00:00Z'));
    await t.login();
    const moved = await t.must('registrations.update', {
      ...change(registration.id, { examCode: 'CAE', seriesCode: null, category: 'individuel', centreCode: 'MOR-02' }),
      heldDiplomas: ['BAC'],
    });
    expect(moved.version).toBe(2);
    // Declaring another diploma is a new candidature, which the closed window refuses.
    const late = await t.call('registrations.update', {
      ...change(registration.id, { examCode: 'CAE', seriesCode: null, category: 'individuel' }),
      heldDiplomas: ['BAC', 'CAP'],
    });
    expect(issueCodes(late)).toContain('window_closed');
  });

  it('changes the category or the exam, and the fee with it, until the fee is paid at the old rate', async () => {
    const { registration } = await t.must('registrations.submit', bacSubmission());
    const fee = async () => (await t.must('payments.quote', { registrationId: registration.id })).amount;
    expect(await fee()).toBe(7500);
    await t.must('registrations.update', change(registration.id, { category: 'individuel' }));
    expect(await fee()).toBe(15_000);
    await t.must('payments.take', { registrationId: registration.id, mode: 'cash' });
    const back = await t.call('registrations.update', change(registration.id, { category: 'scolaire' }));
    expect(back.ok || back.error.fields).toEqual({
      'application.category': { code: 'category_after_payment', params: { receipt: 'MORG1-R26-000001' } },
    });
    // Another exam at another fee (CAE: 10,000) would leave it paid 15,000 for a 10,000 fee.
    const exam = await t.call(
      'registrations.update',
      change(registration.id, { examCode: 'CAE', seriesCode: null, category: 'individuel' }),
    );
    expect(exam.ok || exam.error.fields).toEqual({
      'application.examCode': { code: 'exam_after_payment', params: { receipt: 'MORG1-R26-000001' } },
    });
    const moved = await t.must(
      'registrations.update',
      change(registration.id, { category: 'individuel', centreCode: 'MOR-02' }),
    );
    expect(moved.version).toBe(3);
    expect(await fee()).toBe(15_000);
  });

  it('keeps candidates to the centres of the office’s region unless a supervisor passes another, after saving too', async () => {
    const elsewhere = bacSubmission(0);
    elsewhere.application = { ...elsewhere.application, centreCode: 'MUT-01' };
    const { issues } = await t.must('registrations.check', elsewhere);
    expect(issues).toContainEqual(
      expect.objectContaining({ code: 'centre_other_office', field: 'application.centreCode', overridable: true }),
    );
    expect((await t.call('registrations.submit', elsewhere)).ok).toBe(false);
    const passed = await t.must('registrations.submit', {
      ...elsewhere,
      overrides: [{ code: 'centre_other_office', reason: 'Candidat muté à Mutsamudu avec sa famille' }],
    });
    expect(passed.registration.centreCode).toBe('MUT-01');

    const here = await t.must('registrations.submit', bacSubmission(1));
    const moved = await t.call('registrations.update', change(here.registration.id, { centreCode: 'FOM-01' }));
    expect(issueCodes(moved)).toEqual(['centre_other_office']);
    expect((await t.must('registrations.get', { id: here.registration.id })).centreCode).toBe('MOR-01');
    // The centre a supervisor passed stays through other changes.
    const kept = await t.must(
      'registrations.update',
      change(passed.registration.id, { centreCode: 'MUT-01', consentPublish: false }),
    );
    expect(kept.version).toBe(2);
  });
});

describe('an exam that requires an identity document', () => {
  it('refuses a candidate without one at the ID field, and registers one who holds it', async () => {
    const catalogue = JSON.parse(readFileSync('src-main/modules/reference/catalogues/comores-2026.json', 'utf8')) as {
      version: number;
      exams: { code: string; requiredIdTypes?: string[] }[];
    };
    catalogue.version += 1;
    for (const e of catalogue.exams) if (e.code === 'BAC') e.requiredIdTypes = ['NIN_KM'];
    await t.must('reference.import', { json: JSON.stringify(catalogue) });

    const without = bacSubmission(0);
    without.identity = { ...without.identity!, idType: null, idNumber: null };
    without.confirmation = { ...without.confirmation!, idNumber: null };
    const refused = await t.call('registrations.submit', without);
    expect(refused.ok || refused.error.code).toBe('rule_refused');
    expect(JSON.stringify(refused)).toContain('"code":"id_required","field":"identity.idNumber"');
    expect((await t.must('registrations.check', without)).issues.map((i) => i.code)).toContain('id_required');
    expect((await t.must('registrations.submit', bacSubmission(1))).registration.examCode).toBe('BAC');
  });
});
