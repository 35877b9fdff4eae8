import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findRegistration } from '../../src-main/modules/registrations/repository';
import { signClaims, verifyClaims, type FicheClaims } from '../../src-main/modules/printing/signing';
import { makeApp, type TestApp } from '../support/app';
import { readPdf } from '../support/pdf';
import { bacSubmission } from '../support/submissions';

let t: TestApp;
let clerkId: string;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
  clerkId = (await t.addUser({ username: 'clerk1', displayName: 'Zaïna Ali', role: 'clerk', password: 'Clerk#2026' }))
    .id;
  await t.addUser({
    username: 'chef',
    displayName: 'Superviseur',
    role: 'supervisor',
    password: 'Visa#2026',
  });
});
afterEach(() => t.close());

async function registeredAs(n: number, over = {}) {
  const input = bacSubmission(n, over);
  return (await t.must('registrations.submit', input)).registration;
}

/** The claims a QR carries, read without checking its signature. */
const claimsOf = (qr: string) => JSON.parse(Buffer.from(qr.split('.')[1]!, 'base64url').toString()) as FicheClaims;

describe('the fiche', () => {
  it('prints name with accents, numbers, version line and a QR whose signature verifies; a one-byte change fails', async () => {
    const input = bacSubmission(0);
    input.identity!.birthPlace = 'Marseille';
    input.identity!.birthCountry = 'fr';
    input.identity!.birthDepartment = '013';
    input.identity!.socioCategory = '3';
    input.identity!.surname = "N'Diaye Ébène";
    input.confirmation!.surname = "N'Diaye Ébène";
    const { registration, candidate } = await t.must('registrations.submit', input);
    await t.login('clerk1', 'Clerk#2026');
    const fiche = await t.must('printing.fiche', { registrationId: registration.id });
    const pdf = readPdf(fiche.pdfBase64);
    const text = pdf.text();
    expect(text).toContain("N'Diaye Ébène");
    expect(text).toContain(candidate.number);
    expect(text).toContain(registration.number);
    expect(text).toMatch(/Version 1 du 02\/03\/2026/);
    expect(text).toContain('Certificat de scolarité');
    // The ID as it will be printed on the diploma, with its kind in words.
    expect(text).toContain('NIN (Comores) KM1234567');
    // The nationality is stored as its code and printed by its name.
    expect(text).toMatch(/Nationalité\s+Comores/);
    expect(text).toMatch(/à Marseille \(France\)/);
    // CYCLADES's department of a birth in France, by its code and name.
    expect(text).toMatch(/Département de naissance\s+013 - Bouches-du-Rhône/);
    // The category is for the récapitulatif the candidate checks, not the fiche.
    expect(text).not.toContain('socio-professionnelle');
    expect(pdf.check()).toContain('No syntax or stream encoding errors');

    const scanned = pdf.qr();
    expect(scanned).toBe(fiche.qr);
    const verdict = await t.must('printing.verify', { payload: scanned });
    expect(verdict).toMatchObject({ valid: true, claims: { n: candidate.number, v: 1, nm: "N'Diaye Ébène Saïd Ali" } });

    const [prefix, payload, sig] = scanned.split('.');
    const bytes = Buffer.from(payload!, 'base64url');
    bytes[10] = bytes[10]! ^ 1;
    const forged = `${prefix}.${bytes.toString('base64url')}.${sig}`;
    expect((await t.must('printing.verify', { payload: forged })).valid).toBe(false);
    expect(verifyClaims('not a fiche', {})).toEqual({ valid: false, reason: 'malformed' });
  });

  it('locks the registration: edits are refused until a supervisor unlocks, then a new version prints', async () => {
    const reg = await registeredAs(0);
    await t.login('clerk1', 'Clerk#2026');
    await t.must('printing.fiche', { registrationId: reg.id });
    const detail = await t.must('registrations.get', { id: reg.id });
    expect(detail.status).toBe('locked');
    const change = {
      id: reg.id,
      application: { ...bacSubmission(0).application, centreCode: 'MOR-02' },
      epreuves: { optional: [], exemptions: [] },
    };
    const blocked = await t.call('registrations.update', change);
    expect(blocked.ok || blocked.error.fields).toEqual({ _: { code: 'registration_locked' } });
    const noSup = await t.call('registrations.unlock', { id: reg.id, reason: 'Erreur de centre' });
    expect(noSup.ok || noSup.error.code).toBe('forbidden');
    await t.must('registrations.unlock', {
      id: reg.id,
      reason: 'Erreur de centre',
      supervisor: { username: 'chef', password: 'Visa#2026' },
    });
    // The clerk is told the version the papers will carry (print and unlock are versions of the
    // record, not of what the candidate reads): the record's own number is 4 by now.
    const saved = await t.must('registrations.update', change);
    expect([saved.contentVersion, saved.version]).toEqual([2, 4]);
    const [listed] = await t.must('registrations.forCandidate', { candidateId: reg.candidateId });
    expect(listed!.contentVersion).toBe(2);
    const confirmation = readPdf((await t.must('printing.confirmation', { registrationId: reg.id })).pdfBase64);
    expect(confirmation.text()).toMatch(/Version : 2 du/);
    const second = await t.must('printing.fiche', { registrationId: reg.id });
    expect(second.version).toBe(2);
    expect(readPdf(second.pdfBase64).text()).toContain('Collège de Mitsamiouli');
    const history = await t.must('printing.history', { registrationId: reg.id });
    expect(history.map((h) => [h.kind, h.version])).toEqual([
      ['fiche', 1],
      ['confirmation', 2],
      ['fiche', 2],
    ]);
    const versions = (await t.must('registrations.get', { id: reg.id })).versions;
    expect(versions.map((v) => [v.version, v.change, v.contentVersion])).toEqual([
      [1, 'content', 1],
      [2, 'printed', 1],
      [3, 'unlocked', 1],
      [4, 'content', 2],
      [5, 'printed', 2],
    ]);
    expect((await t.must('registrations.forCandidate', { candidateId: reg.candidateId }))[0]!.contentVersion).toBe(2);
  });

  it('a registration changed before its first print: fiche, QR, confirmation and screens all say version 2', async () => {
    const reg = await registeredAs(0);
    await t.login('clerk1', 'Clerk#2026');
    const saved = await t.must('registrations.update', {
      id: reg.id,
      application: { ...bacSubmission(0).application, centreCode: 'MOR-02' },
      epreuves: { optional: [], exemptions: [] },
    });
    expect(saved.contentVersion).toBe(2);
    const confirmation = readPdf((await t.must('printing.confirmation', { registrationId: reg.id })).pdfBase64);
    expect(confirmation.text()).toMatch(/Version : 2 du 02\/03\/2026/);
    const preview = await t.must('printing.fichePreview', { registrationId: reg.id });
    expect(readPdf(preview.pdfBase64).text()).toMatch(/Version 2 du 02\/03\/2026/);

    const fiche = await t.must('printing.fiche', { registrationId: reg.id });
    expect(fiche.version).toBe(2);
    const pdf = readPdf(fiche.pdfBase64);
    expect(pdf.text()).toMatch(/Version 2 du 02\/03\/2026/);
    expect(pdf.text()).not.toMatch(/Version 1 du/);
    expect(await t.must('printing.verify', { payload: pdf.qr() })).toMatchObject({ valid: true, claims: { v: 2 } });
    // Printed again while locked: the same fiche, under the same number.
    const again = await t.must('printing.fiche', { registrationId: reg.id });
    expect(again.qr).toBe(fiche.qr);
    expect((await t.must('printing.history', { registrationId: reg.id })).map((h) => [h.kind, h.version])).toEqual([
      ['confirmation', 2],
      ['fiche', 2],
      ['fiche', 2],
    ]);

    // A fiche printed before this rule carried its print count (v 1 here): it still verifies.
    const { privatePem } = await t.app.services.printing.officeKeys();
    const older = signClaims({ ...claimsOf(fiche.qr), v: 1 }, privatePem);
    expect(await t.must('printing.verify', { payload: older })).toMatchObject({ valid: true, claims: { v: 1 } });
  });

  it('refuses to lock a fiche whose registration changed while it was rendering', async () => {
    const reg = await registeredAs(0);
    const printing = t.app.services.printing;
    const raw = (await findRegistration(t.app.store.em, reg.id))!;
    const rendered = await printing.prepareFiche(raw, '2026-03-02T08:00:00Z', 'Admin');
    await t.must('registrations.update', {
      id: reg.id,
      application: { ...bacSubmission(0).application, centreCode: 'MOR-02' },
      epreuves: { optional: [], exemptions: [] },
    });
    const session = { userId: 'x', username: 'admin', displayName: 'Admin', role: 'admin' } as never;
    await expect(
      t.app.store.change({ id: null, name: 'admin' }, (tx) =>
        printing.lockPrinted(tx, session, reg.id, rendered.version, rendered.contentHash),
      ),
    ).rejects.toMatchObject({ fields: { _: { code: 'changed_meanwhile' } } });
    expect((await t.must('registrations.get', { id: reg.id })).status).toBe('registered');
  });

  it('does not lock the registration when printing fails', async () => {
    const reg = await registeredAs(0);
    await t.app.store.em.query(
      `CREATE TRIGGER no_print BEFORE INSERT ON printed_document BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    );
    const r = await t.call('printing.fiche', { registrationId: reg.id });
    expect(r.ok).toBe(false);
    expect((await t.must('registrations.get', { id: reg.id })).status).toBe('registered');
  });
});

describe('receipts', () => {
  it('prints the receipt with the amount, and the cancellation slip after a cancellation', async () => {
    const reg = await registeredAs(0);
    await t.login('clerk1', 'Clerk#2026');
    const p = await t.must('payments.take', {
      registrationId: reg.id,
      mode: 'mobile_money',
      operator: 'HOLO',
      reference: 'TX-42',
    });
    const receipt = readPdf((await t.must('printing.receipt', { paymentId: p.id })).pdfBase64);
    expect(receipt.text()).toMatch(/7\s500\s+KMF/);
    expect(receipt.text()).toContain('MORG1-R26-000001');
    expect(receipt.text()).toContain('HOLO — TX-42');
    // Who took it by the name the set-up page says appears on receipts, not by their login.
    expect(receipt.text()).toMatch(/Guichetier\s+Zaïna Ali/);
    expect(receipt.text()).not.toContain('clerk1');
    receipt.check();
    // Cancelled five minutes after it was paid: the slip says when each happened.
    t.clock.advance(5 * 60_000);
    await t.must('payments.cancel', {
      paymentId: p.id,
      reason: 'Mauvais candidat',
      supervisor: { username: 'chef', password: 'Visa#2026' },
    });
    // Renamed, then disabled: a reprint still names the clerk, as the users table has them now.
    await t.login();
    await t.must('users.update', { userId: clerkId, displayName: 'Zaïna Ali Mohamed', role: 'clerk' });
    await t.must('users.setDisabled', { userId: clerkId, disabled: true });
    const slip = readPdf((await t.must('printing.receipt', { paymentId: p.id })).pdfBase64).text();
    expect(slip).toMatch(/Guichetier\s+Zaïna Ali Mohamed/);
    expect(slip).toMatch(/Annulé par\s+Superviseur/);
    expect(slip).not.toMatch(/clerk1|chef/);
    expect(slip).toContain('REÇU ANNULÉ');
    expect(slip).toContain('Mauvais candidat');
    expect(slip).toMatch(/Date\s+02\/03\/2026 à 08:00/);
    expect(slip).toMatch(/Le\s+02\/03\/2026 à 08:05/);
  });
});
