import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';

interface PdfMake {
  addFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}

// The bundled app is CommonJS and has `require`; under an ES-module runner (tsx) resolve from the project.
const load: NodeJS.Require = typeof require === 'function' ? require : createRequire(`${process.cwd()}/`);
let pdfmake: PdfMake | null = null;

/**
 * pdfmake in Node with the Roboto fonts it ships (full Latin with accents). Documents may not
 * fetch URLs, and may read no file but those fonts: images come in as data URLs.
 */
function engine(): PdfMake {
  if (pdfmake) return pdfmake;
  const pm = load('pdfmake') as PdfMake;
  const fontDir = join(dirname(load.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
  pm.addFonts({
    Roboto: {
      normal: join(fontDir, 'Roboto-Regular.ttf'),
      bold: join(fontDir, 'Roboto-Medium.ttf'),
      italics: join(fontDir, 'Roboto-Italic.ttf'),
      bolditalics: join(fontDir, 'Roboto-MediumItalic.ttf'),
    },
  });
  pm.setUrlAccessPolicy(() => false);
  pm.setLocalAccessPolicy((path) => resolve(path).startsWith(fontDir));
  pdfmake = pm;
  return pm;
}

export async function renderPdf(doc: TDocumentDefinitions): Promise<Buffer> {
  return engine()
    .createPdf({ ...doc, defaultStyle: { font: 'Roboto', fontSize: 10, ...doc.defaultStyle } })
    .getBuffer();
}
