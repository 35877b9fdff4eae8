import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SubmitInput } from '../../shared/contract/registrations';
import { makeApp, type TestApp } from '../support/app';
import { readPdf } from '../support/pdf';
import { bacSubmission } from '../support/submissions';

const SUP = { username: 'chef', password: 'Visa#2026' };
let t: TestApp;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
  await t.addUser({ displayName: 'Superviseur', role: 'supervisor', ...SUP });
});
afterEach(() => t.close());

const identityOf = (input: SubmitInput) => ({ ...input.identity! });
const outbox = () =>
  t.app.store.ds.query(`SELECT entity, version FROM outbox ORDER BY rowid`) as Promise<
    { entity: string; version: number }[]
  >;

describe('correcting a candidate’s identity', () => {
  it('keeps a name in use beside the birth name: searched, printed on the fiche, letters only, and removable', async () => {
    const input = bacSubmission(0);
    input.identity = { ...input.identity!, usageName: 'Mohamed' };
    const { candidate, registration } = await t.must('registrations.submit', input);
    expect(candidate).toMatchObject({ surname: 'Abdérémane', usageName: 'Mohamed' });
    expect((await t.must('candidates.search', { query: 'mohamed' })).map((c) => c.id)).toEqual([candidate.id]);
    const refused = await t.call('candidates.correct', {
      id: candidate.id,
      identity: { ...identityOf(input), usageName: 'M0hamed' },
    });
    expect(refused.ok || refused.error.fields).toMatchObject({ 'identity.usageName': { code: 'name_chars' } });
    const fiche = readPdf((await t.must('printing.fiche', { registrationId: registration.id })).pdfBase64).text();
    expect(fiche).toMatch(/Nom d’usage\s+Mohamed/);

    // Another candidate's, typed by mistake, is taken off again.
    const other = bacSubmission(1);
    other.identity = { ...other.identity!, usageName: 'Fatima' };
    const second = (await t.must('registrations.submit', other)).candidate;
    const after = await t.must('candidates.correct', {
      id: second.id,
      identity: { ...identityOf(other), usageName: '' },
    });
    expect([after.usageName, after.version]).toEqual([null, 2]);
    expect(await t.must('candidates.search', { query: 'fatima' })).toEqual([]);
  });

  it('changes a phone number without a second typing, and versions the registration for the next confirmation', async () => {
    const input = bacSubmission(0);
    const { candidate, registration } = await t.must('registrations.submit', input);
    const after = await t.must('candidates.correct', {
      id: candidate.id,
      identity: { ...identityOf(input), phone: '+269 344 55 66' },
    });
    expect(after).toMatchObject({ version: 2, phone: '+2693445566', surname: 'Abdérémane' });
    expect((await t.must('candidates.search', { query: '3445566' })).map((c) => c.id)).toEqual([candidate.id]);
    expect((await t.must('registrations.get', { id: registration.id })).version).toBe(2);
    expect(await outbox()).toEqual([
      { entity: 'candidate', version: 1 },
      { entity: 'registration', version: 1 },
      { entity: 'candidate', version: 2 },
      { entity: 'registration', version: 2 },
    ]);
    const [entry] = await t.must('audit.list', { action: 'candidates.correct' });
    expect(entry).toMatchObject({
      entityId: candidate.id,
      before: { phone: '+2693331010' },
      after: { phone: '+2693445566' },
    });
  });

  it('asks for the second typing of a diploma field that changes, and finds the candidate under the new name only', async () => {
    const input = bacSubmission(0);
    const { candidate, registration } = await t.must('registrations.submit', input);
    const identity = { ...identityOf(input), surname: 'Abdourahamane' };
    const once = await t.call('candidates.correct', { id: candidate.id, identity });
    expect(once.ok || once.error.fields).toEqual({ 'confirmation.surname': { code: 'confirm_mismatch' } });
    const confirmation = { ...input.confirmation!, surname: 'Abdourahamane' };
    await t.must('candidates.correct', { id: candidate.id, identity, confirmation });
    expect((await t.must('candidates.search', { query: 'abdourahamane' })).map((c) => c.id)).toEqual([candidate.id]);
    expect(await t.must('candidates.search', { query: 'abderemane' })).toEqual([]);
    const printed = readPdf((await t.must('printing.confirmation', { registrationId: registration.id })).pdfBase64);
    expect(printed.text()).toContain('Abdourahamane');
    expect(printed.text()).toMatch(/Version : 2 du/);
  });

  it('refuses a national ID another candidate holds, and an impossible birth date, at their fields', async () => {
    const first = bacSubmission(0);
    const second = bacSubmission(1);
    await t.must('registrations.submit', first);
    const { candidate } = await t.must('registrations.submit', second);
    const taken = first.identity!.idNumber!;
    const idClash = await t.call('candidates.correct', {
      id: candidate.id,
      identity: { ...identityOf(second), idNumber: taken },
      confirmation: { ...second.confirmation!, idNumber: taken },
    });
    expect(idClash.ok || idClash.error.fields).toEqual({ 'identity.idNumber': { code: 'duplicate_national_id' } });
    const badDay = await t.call('candidates.correct', {
      id: candidate.id,
      identity: { ...identityOf(second), birthDate: '2007-02-30' },
      confirmation: { ...second.confirmation!, birthDate: '2007-02-30' },
    });
    expect(badDay.ok || badDay.error.fields).toEqual({ 'identity.birthDate': { code: 'date_invalid' } });
    expect((await t.must('candidates.get', { id: candidate.id })).version).toBe(1);
  });

  it('is refused once a fiche is printed, until a supervisor unlocks the registration', async () => {
    const input = bacSubmission(0);
    const { candidate, registration } = await t.must('registrations.submit', input);
    await t.must('printing.fiche', { registrationId: registration.id });
    const identity = { ...identityOf(input), address: 'Moroni, Coulée' };
    const frozen = await t.call('candidates.correct', { id: candidate.id, identity });
    expect(frozen.ok || frozen.error.fields).toEqual({ _: { code: 'candidate_locked' } });
    await t.must('registrations.unlock', { id: registration.id, reason: 'Adresse changée', supervisor: SUP });
    expect((await t.must('candidates.correct', { id: candidate.id, identity })).address).toBe('Moroni, Coulée');
  });
});
