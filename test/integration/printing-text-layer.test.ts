import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';
import { BEPC, fillTemplate, pupil, toBase64 } from '../support/excel';
import { readPdf } from '../support/pdf';
import { bacSubmission } from '../support/submissions';

// Its own file on purpose: the fonts are parsed once per process, and the defect showed in the
// documents printed after the first one. Here the fiche is the first document the process prints.

let t: TestApp;
const SUP = { username: 'chef', password: 'Visa#2026' };
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
  await t.addUser({ username: 'clerk1', displayName: 'Zaïna Ali', role: 'clerk', password: 'Clerk#2026' });
  await t.addUser({ displayName: 'Superviseur', role: 'supervisor', ...SUP });
});
afterEach(() => t.close());

/** The text a person copying or searching the PDF gets, one space between words. */
const textOf = (base64: string) => readPdf(base64).text().replace(/\s+/g, ' ');

describe('the text layer of documents printed one after the other in the same process', () => {
  it('keeps every letter: a receipt, a slip, the collective receipt, the recap, lists and figures printed after a fiche', async () => {
    const template = (await t.must('excel.template', BEPC)).base64;
    const list = await toBase64(await fillTemplate(template, [pupil(0), pupil(1), pupil(2)]));
    await t.must('excel.commit', { ...BEPC, fileBase64: list, fileName: 'cmit.xlsx', mode: 'all-or-nothing' });
    const [alone] = (await t.must('registrations.list', { examCode: 'BEPC' })).items;
    const { registration: bac } = await t.must('registrations.submit', bacSubmission(0));
    await t.login('clerk1', 'Clerk#2026');

    const fiche = textOf((await t.must('printing.fiche', { registrationId: bac.id })).pdfBase64);
    expect(fiche).toContain('Établissement Lycée Saïd Mohamed Cheikh');

    const paid = await t.must('payments.take', { registrationId: alone!.id, mode: 'cash' });
    const receipt = textOf((await t.must('printing.receipt', { paymentId: paid.id })).pdfBase64);
    expect(receipt).toContain('— BEPC');
    expect(receipt).toContain('Mode de paiement Espèces');
    expect(receipt).toContain('Reçu de paiement');

    await t.must('payments.cancel', { paymentId: paid.id, reason: 'Erreur de saisie', supervisor: SUP });
    const slip = textOf((await t.must('printing.receipt', { paymentId: paid.id })).pdfBase64);
    expect(slip).toContain('Annulation de reçu');
    expect(slip).toContain('Mode de paiement Espèces');
    expect(slip).toContain('REÇU ANNULÉ');
    expect(slip).toContain('Motif Erreur de saisie');

    const { groupNumber } = await t.must('payments.takeSchool', {
      ...BEPC,
      mode: 'cash',
      expectedCount: 3,
      expectedTotal: 15_000,
    });
    const school = textOf((await t.must('printing.schoolReceipt', { groupNumber })).pdfBase64);
    expect(school).toContain(`Reçu collectif N° ${groupNumber}`);
    expect(school).toContain('Espèces');
    expect(school).toContain("Brevet d'études du premier cycle");

    const recap = textOf((await t.must('printing.recap', { day: '2026-03-02' })).pdfBase64);
    expect(recap).toContain('Reçus Annulés Espèces Mobile money Exonéré Total encaissé');
    expect(recap).toContain('Examen Inscriptions');

    const centres = textOf((await t.must('printing.centreList', { examCode: 'BEPC' })).pdfBase64);
    expect(centres).toContain('Centre : Lycée Saïd Mohamed Cheikh (MOR-01)');
    expect(centres).toContain('BEPC');

    const reminders = textOf((await t.must('printing.reminders', { examCode: 'BEPC' })).pdfBase64);
    expect(reminders).toContain("Pièces manquantes — Brevet d'études du premier cycle");
    expect(reminders).toContain('Examen À fournir');
    expect(reminders).toContain('— BEPC');

    const figures = textOf((await t.must('reports.pdf', { examCode: 'BEPC' })).base64);
    expect(figures).toContain('Statistiques des inscriptions');
    expect(figures).toContain('Examen');
    expect(figures).toContain('Établissement');
  });
});
