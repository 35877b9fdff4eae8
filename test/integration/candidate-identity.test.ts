import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SubmitInput } from '../../shared/contract/registrations';
import { makeApp, type TestApp } from '../support/app';
import { bacSubmission } from '../support/submissions';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
});
afterEach(() => t.close());

const count = async (table: string) =>
  ((await t.app.store.em.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number }[])[0]!.n;

/** The identity step as the counter sends it when Sexe, Nom and a real phone are missing. */
function withoutSexSurnameAndPhone(input: SubmitInput = bacSubmission()): SubmitInput {
  return {
    ...input,
    // The form sends no sex at all while none is chosen (src-renderer/components/identity/forms.ts).
    identity: { ...input.identity!, sex: undefined, surname: '', phone: '12' },
  };
}

const everyError = {
  ok: false,
  error: {
    code: 'invalid_input',
    fields: {
      'identity.sex': { code: 'required' },
      'identity.surname': { code: 'required' },
      'identity.phone': { code: 'phone_invalid' },
    },
  },
};

describe('the identity step', () => {
  it('names a missing sex together with every other field in error, on each channel that takes an identity, and saves nothing', async () => {
    const input = withoutSexSurnameAndPhone();
    const { identity, confirmation } = input;
    expect(await t.call('candidates.validate', { identity: identity!, confirmation: confirmation! })).toMatchObject(
      everyError,
    );
    expect(await t.call('registrations.check', input)).toMatchObject(everyError);
    expect(await t.call('registrations.submit', input)).toMatchObject(everyError);
    // A null sex, as another client may send it, is the same missing sex.
    expect(await t.call('registrations.submit', { ...input, identity: { ...identity!, sex: null } })).toMatchObject(
      everyError,
    );
    expect(await count('candidate')).toBe(0);
    expect(await count('registration')).toBe(0);

    const saved = await t.must('registrations.submit', bacSubmission());
    expect(
      await t.call('candidates.correct', { id: saved.candidate.id, identity: identity!, confirmation: confirmation! }),
    ).toMatchObject(everyError);
    expect(await t.must('candidates.get', { id: saved.candidate.id })).toMatchObject({ sex: 'M', version: 1 });
  });

  it('takes the ID typed twice in different cases as the same ID, stored and compared in capitals', async () => {
    const input = bacSubmission();
    input.identity = { ...input.identity!, idType: 'CNIE', idNumber: ' be123456 ' };
    input.confirmation = { ...input.confirmation!, idNumber: 'BE123456' };
    const { identity, confirmation } = input;
    expect(await t.must('candidates.validate', { identity: identity!, confirmation: confirmation! })).toEqual({
      duplicates: [],
    });
    const { candidate } = await t.must('registrations.submit', input);
    expect(candidate.idNumber).toBe('BE123456');
    // The same ID in lower case in a correction is no change: no second typing is asked for.
    const corrected = await t.must('candidates.correct', {
      id: candidate.id,
      identity: { ...identity!, idNumber: 'be123456', phone: '+269 344 55 66' },
    });
    expect([corrected.idNumber, corrected.phone]).toEqual(['BE123456', '+2693445566']);
    // Another ID is still a mismatch.
    expect(
      await t.call('candidates.validate', {
        identity: identity!,
        confirmation: { ...confirmation!, idNumber: 'be123457' },
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: { 'confirmation.idNumber': { code: 'confirm_mismatch' } } },
    });
  });
});

describe('what the template’s instructions promise a school, and the counter alike', () => {
  it('asks for the number of an ID type chosen, and for a minor’s guardian’s phone, at those fields', async () => {
    const base = bacSubmission(2);
    const noNumber = await t.call('candidates.validate', {
      identity: { ...base.identity!, idType: 'NIN_KM', idNumber: null },
      confirmation: { ...base.confirmation!, idNumber: null },
    });
    expect(noNumber.ok || noNumber.error.fields).toEqual({ 'identity.idNumber': { code: 'id_number_required' } });
    // A minor (born 2014) with a guardian named but no phone to reach them.
    const minor = { ...base.identity!, birthDate: '2014-05-03', guardian: { name: 'Ahamada Ali', phone: '' } };
    const noPhone = await t.call('candidates.validate', {
      identity: minor,
      confirmation: { ...base.confirmation!, birthDate: '2014-05-03' },
    });
    expect(noPhone.ok || noPhone.error.fields).toEqual({
      'identity.guardian.phone': { code: 'guardian_phone_required' },
    });
    // An adult's guardian stays optional, phone included; neither ID field is asked for without the other.
    expect(
      await t.must('candidates.validate', {
        identity: { ...base.identity!, idType: null, idNumber: null, guardian: { name: 'Ahamada Ali', phone: '' } },
        confirmation: { ...base.confirmation!, idNumber: null },
      }),
    ).toEqual({ duplicates: [] });
    expect(
      await t.must('candidates.validate', {
        identity: { ...minor, guardian: { name: 'Ahamada Ali', phone: '+269 333 12 34' } },
        confirmation: { ...base.confirmation!, birthDate: '2014-05-03' },
      }),
    ).toEqual({ duplicates: [] });
  });
});

describe('free text on the fiche', () => {
  it('refuses a birth place or an address that an invisible direction override would print reversed, and keeps Arabic and LRM', async () => {
    const base = bacSubmission(1);
    const refused = await t.call('registrations.submit', {
      ...base,
      identity: { ...base.identity!, birthPlace: 'Moroni\u202Egpj.exe', address: 'Rue \u2067A\u2069' },
    });
    expect(refused.ok || refused.error.fields).toEqual({
      'identity.birthPlace': { code: 'invalid_chars' },
      'identity.address': { code: 'invalid_chars' },
    });
    expect(await count('registration')).toBe(0);
    const saved = await t.must('registrations.submit', {
      ...base,
      identity: { ...base.identity!, birthPlace: 'موروني\u200E (Moroni)' },
    });
    expect(saved.candidate.birthPlace).toBe('موروني\u200E (Moroni)');
  });
});
