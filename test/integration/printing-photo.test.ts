import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';
import { makePdf, photoLike } from '../support/files';
import { readPdf } from '../support/pdf';
import { bacSubmission } from '../support/submissions';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
});
afterEach(() => t.close());

/** Images placed on the pages, as `pdfimages -list` sees them (the QR is one, the photo another). */
const images = (file: string) =>
  execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const [page, , type, width, height, , , , enc] = l.trim().split(/\s+/);
      return { page: Number(page), type, width: Number(width), height: Number(height), enc };
    });

async function withPhoto() {
  const { registration } = await t.must('registrations.submit', bacSubmission(1));
  await t.must('dossier.photo', {
    registrationId: registration.id,
    base64: (await photoLike(1200, 1600)).toString('base64'),
    photoNumber: null,
  });
  return registration;
}

describe('the exam photo on printed documents', () => {
  it('prints the dossier photo on the fiche instead of the box to glue one', async () => {
    const reg = await withPhoto();
    const pdf = readPdf((await t.must('printing.fiche', { registrationId: reg.id })).pdfBase64);
    const jpegs = images(pdf.file).filter((i) => i.enc === 'jpeg');
    expect(jpegs).toHaveLength(1);
    expect(jpegs[0]!.height / jpegs[0]!.width).toBeCloseTo(4 / 3, 1);
    expect(pdf.text()).not.toContain('à coller');
    // One sheet: the photo, the Bac's épreuves and both signature boxes on the same page.
    expect(pdf.pages()).toBe(1);
    expect(pdf.text()).toContain('Signature du candidat');
    expect(pdf.check()).toContain('No syntax or stream encoding errors');
  });

  it('without a photo the fiche shows the box, and prints even when the photo file never arrived', async () => {
    const { registration: bare } = await t.must('registrations.submit', bacSubmission(2));
    const plain = readPdf((await t.must('printing.fiche', { registrationId: bare.id })).pdfBase64);
    expect(images(plain.file).filter((i) => i.enc === 'jpeg')).toHaveLength(0);
    expect(plain.text()).toContain('à coller');

    // A synced dossier row can name a photo whose bytes are not on this workstation yet.
    const reg = await withPhoto();
    const { photo } = await t.must('dossier.get', { registrationId: reg.id });
    rmSync(t.app.services.dossier.files.pathOf(photo!.sha256));
    const fiche = readPdf((await t.must('printing.fiche', { registrationId: reg.id })).pdfBase64);
    expect(fiche.text()).toContain('à coller');
  });

  it('a new photo makes a different fiche content hash', async () => {
    const { registration } = await t.must('registrations.submit', bacSubmission(3));
    const first = await t.must('printing.fiche', { registrationId: registration.id });
    await t.must('dossier.photo', {
      registrationId: registration.id,
      base64: (await photoLike(900, 1200)).toString('base64'),
      photoNumber: 'P-12',
    });
    const again = await t.must('printing.fiche', { registrationId: registration.id });
    expect(again.version).toBe(first.version);
    expect(again.contentHash).not.toBe(first.contentHash);
  });

  it('the confirmation shows the photo and each piece as the dossier has it; the fiche lists only what is missing', async () => {
    const reg = await withPhoto();
    await t.must('dossier.attach', {
      registrationId: reg.id,
      pieceCode: 'NAISSANCE',
      fileName: 'acte.pdf',
      base64: (await makePdf()).toString('base64'),
    });
    await t.must('dossier.setStatus', { registrationId: reg.id, pieceCode: 'NAISSANCE', status: 'conforme' });
    const conf = readPdf((await t.must('printing.confirmation', { registrationId: reg.id })).pdfBase64);
    expect(images(conf.file).filter((i) => i.enc === 'jpeg')).toHaveLength(1);
    const text = conf.text();
    expect(text).toMatch(/Acte de naissance.*Conforme/);
    expect(text).toMatch(/Copie de la pièce d'identité.*À fournir/);

    const fiche = readPdf((await t.must('printing.fiche', { registrationId: reg.id })).pdfBase64).text();
    const missing = fiche.slice(fiche.indexOf('Pièces restant à fournir'));
    expect(missing).toContain("Copie de la pièce d'identité");
    expect(missing).not.toContain('Acte de naissance');
  });
});
