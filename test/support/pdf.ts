import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Reads a printed PDF back the way a person checking it would: its text, its structure, its QR. */
export function readPdf(base64: string) {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-pdf-'));
  const file = join(dir, 'doc.pdf');
  writeFileSync(file, Buffer.from(base64, 'base64'));
  return {
    file,
    text: () => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }),
    pages: () => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]),
    /** qpdf exits non-zero on a damaged file; its output says "No syntax or stream encoding errors found". */
    check: () => execFileSync('qpdf', ['--check', file], { encoding: 'utf8' }),
    qr: () => {
      execFileSync('pdftoppm', ['-r', '200', '-png', '-f', '1', '-l', '1', file, join(dir, 'page')]);
      const png = readdirSync(dir).find((f) => f.endsWith('.png'))!;
      return execFileSync('zbarimg', ['--raw', '-q', join(dir, png)], { encoding: 'utf8' }).trim();
    },
    /** The QR exactly as embedded in the PDF (a PNG), for a fake webcam to show. */
    qrImage: () => {
      execFileSync('pdfimages', ['-png', '-f', '1', '-l', '1', file, join(dir, 'img')]);
      const decodes = (f: string) => {
        try {
          return execFileSync('zbarimg', ['--raw', '-q', join(dir, f)], { encoding: 'utf8' }).trim() !== '';
        } catch {
          return false; // zbarimg exits non-zero on an image without a code (a photo, a logo)
        }
      };
      const qr = readdirSync(dir).find((f) => f.startsWith('img') && f.endsWith('.png') && decodes(f));
      if (!qr) throw new Error('no QR image in the PDF');
      return readFileSync(join(dir, qr));
    },
  };
}
