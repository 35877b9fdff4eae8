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
    /**
     * The page's QR as a phone reads it. Only QR codes are looked for: zbar once read a 1D barcode
     * ("822930") into the page's print and missed the QR at 200 dpi, so a finer rendering is tried
     * before giving up.
     */
    qr: () => {
      for (const dpi of [200, 300]) {
        const png = join(dir, `page-${dpi}`);
        execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', '-f', '1', '-l', '1', file, png]);
        const found = zbarQr(`${png}.png`);
        if (found) return found;
      }
      throw new Error('no QR code read on the first page');
    },
    /** The QR exactly as embedded in the PDF (a PNG), for a fake webcam to show. */
    qrImage: () => {
      execFileSync('pdfimages', ['-png', '-f', '1', '-l', '1', file, join(dir, 'img')]);
      const qr = readdirSync(dir).find((f) => f.startsWith('img') && f.endsWith('.png') && zbarQr(join(dir, f)));
      if (!qr) throw new Error('no QR image in the PDF');
      return readFileSync(join(dir, qr));
    },
  };
}

/** The QR codes zbar reads in an image, or '' when it sees none (zbarimg then exits non-zero). */
function zbarQr(png: string): string {
  try {
    return execFileSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', png], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}
