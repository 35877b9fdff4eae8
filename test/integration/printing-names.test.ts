import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';
import { readPdf } from '../support/pdf';
import { bacSubmission } from '../support/submissions';

/**
 * Receipts, slips and the daily recap have their own checks (printing.test, printing-documents);
 * these are the documents that name the clerk printing them.
 */
let t: TestApp;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
  await t.addUser({ username: 'clerk1', displayName: 'Zaïna Ali', role: 'clerk', password: 'Clerk#2026' });
});
afterEach(() => t.close());

it('the fiche, its preview, a batch and the confirmation name the clerk by display name, never by login', async () => {
  const first = (await t.must('registrations.submit', bacSubmission(0))).registration;
  await t.must('registrations.submit', bacSubmission(1));
  await t.login('clerk1', 'Clerk#2026');
  const texts = {
    preview: readPdf((await t.must('printing.fichePreview', { registrationId: first.id })).pdfBase64).text(),
    fiche: readPdf((await t.must('printing.fiche', { registrationId: first.id })).pdfBase64).text(),
    confirmation: readPdf((await t.must('printing.confirmation', { registrationId: first.id })).pdfBase64).text(),
    batch: readPdf((await t.must('printing.batch', { examCode: 'BAC' })).pdfBase64).text(),
  };
  for (const [name, text] of Object.entries(texts)) {
    expect(text, name).toContain('Zaïna Ali');
    expect(text, name).not.toMatch(/clerk1|\badmin\b/);
  }
  expect(texts.batch.match(/Le guichetier \(Zaïna Ali\)/g)).toHaveLength(2);
});
