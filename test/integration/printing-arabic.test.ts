import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { arabicFontPath, visualOrder } from '../../src-main/modules/printing/arabic';
import { makeApp, type TestApp } from '../support/app';
import { readPdf } from '../support/pdf';
import { bacSubmission } from '../support/submissions';

const CATALOGUE = 'src-main/modules/reference/catalogues/comores-2026.json';
const ARABIC_TEXT = /[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]/;
const BIDI_MARKS = /[\u200e\u200f\u202a-\u202e]/g;

let t: TestApp;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
});
afterEach(() => t.close());

async function arabicCandidate() {
  const input = bacSubmission(9);
  input.identity!.surname = 'بن علي';
  input.identity!.givenNames = 'سعيد';
  input.confirmation = { ...input.confirmation!, surname: 'بن علي', givenNames: 'سعيد' };
  return (await t.must('registrations.submit', input)).registration;
}

it('puts runs of Arabic words in reading order and leaves the rest alone', () => {
  expect(visualOrder('بن علي')).toBe('علي بن');
  expect(visualOrder('Candidat : بن علي (KM1)')).toBe('Candidat : علي بن (KM1)');
  expect(visualOrder("N'Diaye Saïd")).toBe("N'Diaye Saïd");
});

it.skipIf(!arabicFontPath())(
  'under the default catalogue, a usage name in Arabic prints on the fiche in a font that has its letters',
  async () => {
    expect(JSON.parse(readFileSync(CATALOGUE, 'utf8'))).not.toHaveProperty('arabicNames', true);
    const input = bacSubmission(3);
    input.identity = { ...input.identity!, usageName: 'عبد الرحمن' };
    const { registration } = await t.must('registrations.submit', input);
    const fiche = readPdf((await t.must('printing.fiche', { registrationId: registration.id })).pdfBase64);
    // pdftotext wraps a right-to-left run in embedding marks: the words themselves, in reading order, are what count.
    expect(fiche.text().replace(BIDI_MARKS, '')).toMatch(/Nom d’usage\s+عبد الرحمن\n/);
    expect(execFileSync('pdffonts', [fiche.file], { encoding: 'utf8' })).toMatch(/DejaVuSans|Arial|Tahoma/i);
  },
);

it.skipIf(!arabicFontPath())(
  'an Arabic name prints in a font that has its letters, with arabicNames in the catalogue as without',
  async () => {
    const catalogue = JSON.parse(readFileSync(CATALOGUE, 'utf8')) as Record<string, unknown> & { version: number };
    const reg = await arabicCandidate();
    const without = readPdf((await t.must('printing.confirmation', { registrationId: reg.id })).pdfBase64);
    expect(without.text()).toMatch(ARABIC_TEXT);

    catalogue.version += 1;
    catalogue.arabicNames = true;
    await t.must('reference.import', { json: JSON.stringify(catalogue) });
    const fiche = readPdf((await t.must('printing.fiche', { registrationId: reg.id })).pdfBase64);
    expect(fiche.text()).toMatch(ARABIC_TEXT);
    expect(execFileSync('pdffonts', [fiche.file], { encoding: 'utf8' })).toMatch(/DejaVuSans|Arial|Tahoma/i);
    expect(fiche.check()).toContain('No syntax or stream encoding errors');
    const confirmation = readPdf((await t.must('printing.confirmation', { registrationId: reg.id })).pdfBase64);
    expect(confirmation.text()).toMatch(ARABIC_TEXT);
  },
);
