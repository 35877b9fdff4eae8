import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';
import { readPdf } from '../support/pdf';
import { bacSubmission } from '../support/submissions';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
});
afterEach(() => t.close());

it('the fiche preview shows the fiche marked as a preview, with no signed QR, and locks or logs nothing', async () => {
  const { registration } = await t.must('registrations.submit', bacSubmission(1));
  const preview = readPdf((await t.must('printing.fichePreview', { registrationId: registration.id })).pdfBase64);
  const text = preview.text();
  expect(text).toContain('APERÇU — fiche non valable avant impression');
  expect(text).toContain('Code QR signé');
  expect(text).toContain(registration.number);
  expect(text).toMatch(/Version 1 du 02\/03\/2026/);
  expect(() => preview.qr()).toThrow();
  expect((await t.must('registrations.get', { id: registration.id })).status).toBe('registered');
  expect(await t.must('printing.history', { registrationId: registration.id })).toEqual([]);

  const printed = readPdf((await t.must('printing.fiche', { registrationId: registration.id })).pdfBase64);
  expect(printed.text()).not.toContain('APERÇU');
  expect(printed.qr()).toMatch(/^G1\./);
});
