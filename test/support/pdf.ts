import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
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
  };
}
