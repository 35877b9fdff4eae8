import { PDFDocument, PDFName, StandardFonts, type PDFPage } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderPdf } from '../../src-main/modules/printing/render';
import { makeApp, type TestApp } from '../support/app';
import { b64, makePdf } from '../support/files';
import { readPdf } from '../support/pdf';
import { bacSubmission } from '../support/submissions';

let t: TestApp;
let regId: string;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
  await t.addUser({ username: 'clerk1', displayName: 'Zaïna Ali', role: 'clerk', password: 'Clerk#2026' });
  regId = (await t.must('registrations.submit', bacSubmission(0))).registration.id;
  await t.login('clerk1', 'Clerk#2026');
});
afterEach(() => t.close());

const attach = (bytes: Uint8Array) =>
  t.call('dossier.attach', { registrationId: regId, pieceCode: 'NAISSANCE', fileName: 'acte.pdf', base64: b64(bytes) });
const fieldOf = (r: Awaited<ReturnType<typeof attach>>) => (r.ok ? 'accepted' : r.error.fields);

/** A one-page scan-like PDF from pdf-lib, changed by `edit` before it is saved. */
async function pdfWith(edit: (doc: PDFDocument, page: PDFPage) => unknown, useObjectStreams: boolean) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  page.drawText('Acte de naissance', { x: 50, y: 780, font });
  await edit(doc, page);
  return Buffer.from(await doc.save({ useObjectStreams }));
}

/** A PDF written by hand, objects numbered from 1. The xref table points at each object's first definition. */
function handWritten(objects: string[], xref: boolean): Buffer {
  let out = '%PDF-1.4\n';
  const offsets = new Map<number, number>();
  for (const o of objects) {
    const n = Number(/^(\d+) 0 obj/.exec(o)![1]);
    if (!offsets.has(n)) offsets.set(n, out.length);
    out += `${o}\n`;
  }
  if (!xref) return Buffer.from(`${out}trailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1');
  const start = out.length;
  out += `xref\n0 ${offsets.size + 1}\n0000000000 65535 f \n`;
  for (let n = 1; n <= offsets.size; n++) out += `${String(offsets.get(n)).padStart(10, '0')} 00000 n \n`;
  out += `trailer << /Size ${offsets.size + 1} /Root 1 0 R >>\nstartxref\n${start}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const page = [
  '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
  '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj',
];

describe('a damaged PDF', () => {
  it('refuses a hand-written PDF with no cross-reference table nor startxref, which qpdf calls damaged', async () => {
    const objects = ['1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj', ...page];
    expect(() => readPdf(b64(handWritten(objects, false))).check()).toThrow(/damaged/);
    expect(fieldOf(await attach(handWritten(objects, false)))).toEqual({ file: { code: 'pdf_corrupt' } });
    expect(readPdf(b64(handWritten(objects, true))).check()).toMatch(/No syntax or stream encoding errors/);
    expect(fieldOf(await attach(handWritten(objects, true)))).toBe('accepted');
  });
});

describe('an ordinary PDF', () => {
  it.each([
    ['pdf-lib, object streams', () => makePdf(2)],
    ['pdf-lib, plain objects', () => pdfWith(() => undefined, false)],
    [
      'pdf-lib, opening on its first page (/OpenAction to a destination, as LibreOffice writes)',
      () =>
        pdfWith(
          (doc, p) => doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj([p.ref, 'XYZ', null, null, 0])),
          true,
        ),
    ],
    ['pdfmake', () => renderPdf({ content: ['Attestation de scolarité', { text: 'Année 2025-2026', bold: true }] })],
  ])('is still attached: %s', async (_name, make) => {
    expect(fieldOf(await attach(await make()))).toBe('accepted');
    expect((await t.must('dossier.get', { registrationId: regId })).pieces[0]?.status).toBe('recue');
  });
});
