import { execFileSync } from 'node:child_process';
import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFString, StandardFonts, type PDFDict, type PDFPage } from 'pdf-lib';
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
const storedHashes = () => t.app.services.dossier.files.list();

/** A one-page scan-like PDF from pdf-lib, changed by `edit` before it is saved. */
async function pdfWith(edit: (doc: PDFDocument, page: PDFPage) => unknown, useObjectStreams: boolean) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  page.drawText('Acte de naissance', { x: 50, y: 780, font });
  await edit(doc, page);
  return Buffer.from(await doc.save({ useObjectStreams }));
}

const alert = (doc: PDFDocument) => doc.context.obj({ S: 'JavaScript', JS: PDFString.of("app.alert('x')") });
const link = (doc: PDFDocument, page: PDFPage, action: PDFDict) =>
  page.node.set(
    PDFName.of('Annots'),
    doc.context.obj([doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [50, 700, 300, 760], A: action })]),
  );

const active: [string, (doc: PDFDocument, page: PDFPage) => unknown][] = [
  ['an /OpenAction running JavaScript', (doc) => doc.catalog.set(PDFName.of('OpenAction'), alert(doc))],
  [
    'a /Names → /JavaScript tree',
    (doc) =>
      doc.catalog.set(
        PDFName.of('Names'),
        doc.context.obj({ JavaScript: { Names: [PDFString.of('x'), doc.context.register(alert(doc))] } }),
      ),
  ],
  [
    'a page /AA opening a web address by itself',
    (doc, page) =>
      page.node.set(PDFName.of('AA'), doc.context.obj({ O: { S: 'URI', URI: PDFString.of('http://example.test/') } })),
  ],
  [
    'a link launching a program',
    (doc, page) =>
      link(doc, page, doc.context.obj({ S: 'Launch', F: PDFString.of('C:\\Windows\\System32\\calc.exe') })),
  ],
  ['a link running /JS', (doc, page) => link(doc, page, alert(doc))],
  [
    'an attached file',
    (doc) => doc.attach(Buffer.from('MZ'), 'programme.exe', { mimeType: 'application/octet-stream' }),
  ],
];

describe('a PDF with active content', () => {
  it.each(
    active.flatMap(([name, edit]) => [
      [name, 'plain objects', edit, false] as const,
      [name, 'object streams', edit, true] as const,
    ]),
  )('refuses %s (%s) at the file field, and stores nothing', async (_name, _saved, edit, useObjectStreams) => {
    const r = await attach(await pdfWith(edit, useObjectStreams));
    expect(fieldOf(r)).toEqual({ file: { code: 'pdf_active_content' } });
    expect((await t.must('dossier.get', { registrationId: regId })).pieces[0]?.status).toBe('manquante');
    expect(storedHashes()).toEqual([]);
  });
});

/** A PDF written by hand. Its xref table, if any, points at each object's first definition. */
function handWritten(objects: string[], xref: boolean): Buffer {
  let out = '%PDF-1.4\n';
  const offsets = new Map<number, number>();
  for (const o of objects) {
    const n = Number(/^(\d+) 0 obj/.exec(o)![1]);
    if (!offsets.has(n)) offsets.set(n, out.length);
    out += `${o}\n`;
  }
  if (!xref) return Buffer.from(`${out}trailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1');
  const [start, size] = [out.length, Math.max(...offsets.keys()) + 1];
  out += `xref\n0 ${size}\n`;
  for (let n = 0; n < size; n++) {
    const at = offsets.get(n);
    out += at === undefined ? '0000000000 65535 f \n' : `${String(at).padStart(10, '0')} 00000 n \n`;
  }
  out += `trailer << /Size ${size} /Root 1 0 R >>\nstartxref\n${start}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const page = [
  '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
  '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj',
];

describe('a PDF that hides its active content from a quick look', () => {
  it('refuses names spelt with #xx escapes, lower-case hex included, as a viewer decodes them', async () => {
    const pdf = handWritten(
      [
        '1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction << /S /#4aavaScript /#4aS (app.alert\\(1\\)) >> >> endobj',
        ...page,
      ],
      true,
    );
    expect(fieldOf(await attach(pdf))).toEqual({ file: { code: 'pdf_active_content' } });
  });

  it('refuses an object defined twice, of which the viewer reads the first (JavaScript) and pdf-lib the last', async () => {
    const pdf = handWritten(
      [
        '1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >> endobj',
        ...page,
        "4 0 obj << /S /JavaScript /JS (app.alert\\('x'\\)) >> endobj",
        '4 0 obj << /S /GoTo /D [3 0 R /Fit] >> endobj',
      ],
      true,
    );
    const qpdfReads = execFileSync('qpdf', ['--show-object=4', readPdf(b64(pdf)).file], { encoding: 'utf8' });
    expect(qpdfReads).toMatch(/JavaScript/);
    expect(fieldOf(await attach(pdf))).toEqual({ file: { code: 'pdf_active_content' } });
  });

  it('refuses an object stream pdf-lib cannot open (its type spelt /#4fbjStm), whose objects it would not see', async () => {
    // pdf-lib decodes upper-case escapes only: it takes this stream for plain data, a viewer opens it.
    const data = deflateSync("4 0 << /S /JavaScript /JS (app.alert\\('x'\\)) >>").toString('latin1');
    const pdf = handWritten(
      [
        '1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >> endobj',
        ...page,
        `5 0 obj << /Type /#4fbjStm /N 1 /First 4 /Filter /FlateDecode /Length ${data.length} >>\nstream\n${data}\nendstream\nendobj`,
      ],
      true,
    );
    expect(pdf.includes('JavaScript')).toBe(false);
    expect(fieldOf(await attach(pdf))).toEqual({ file: { code: 'pdf_active_content' } });
  });
});

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
    [
      'pdf-lib, with a web link',
      () =>
        pdfWith(
          (doc, p) => link(doc, p, doc.context.obj({ S: 'URI', URI: PDFString.of('https://example.test/') })),
          true,
        ),
    ],
    ['pdfmake', () => renderPdf({ content: ['Attestation de scolarité', { text: 'Année 2025-2026', bold: true }] })],
  ])('is still attached: %s', async (_name, make) => {
    expect(fieldOf(await attach(await make()))).toBe('accepted');
    expect((await t.must('dossier.get', { registrationId: regId })).pieces[0]?.status).toBe('recue');
  });
});
