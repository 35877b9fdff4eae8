import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { AppError } from '../../core/errors';
import { arabicFontPath, hasArabic, withArabicFont } from './arabic';

interface PdfMake {
  addFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}

// The bundled app is CommonJS and has `require`; under an ES-module runner (tsx) resolve from the project.
const load: NodeJS.Require = typeof require === 'function' ? require : createRequire(`${process.cwd()}/`);
let pdfmake: PdfMake | null = null;
let arabicFont: string | null | undefined;

/**
 * pdfmake in Node with the Roboto fonts it ships (full Latin with accents). Documents may not
 * fetch URLs, and may read no file but those fonts: images come in as data URLs.
 */
function engine(): PdfMake {
  if (pdfmake) return pdfmake;
  shareParsedFonts();
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
  arabicFont = arabicFontPath();
  if (arabicFont) {
    const f = arabicFont;
    pm.addFonts({ Arabic: { normal: f, bold: f, italics: f, bolditalics: f } });
  }
  pm.setUrlAccessPolicy(() => false);
  pm.setLocalAccessPolicy((path) => resolve(path).startsWith(fontDir) || resolve(path) === arabicFont);
  pdfmake = pm;
  return pm;
}

/** A part of a document with its Arabic texts set in the Arabic font; refused when this workstation has none. */
function withArabic<T>(node: T): T {
  if (!hasArabic(JSON.stringify(node) ?? '')) return node;
  if (!arabicFont)
    throw new AppError('conflict', 'No font with Arabic on this workstation', { _: { code: 'arabic_font_missing' } });
  return withArabicFont(node, 'Arabic') as T;
}

type PageMargin = TDocumentDefinitions['footer'];

/** A page header or footer: content, or a function of the page number drawn page by page. */
const marginWithArabic = (margin: PageMargin): PageMargin =>
  typeof margin === 'function'
    ? (...page: Parameters<typeof margin>) => withArabic(margin(...page))
    : withArabic(margin);

/**
 * Every document, whatever its catalogue says (a name typed in Arabic is accepted anywhere): each
 * text in Arabic script (a name, a usage name, a place, a school…) is set in a font that covers it,
 * the rest in Roboto. Without such a font on the workstation, a document with Arabic in it is
 * refused rather than printed with blank boxes for names.
 */
export async function renderPdf(doc: TDocumentDefinitions): Promise<Buffer> {
  const pm = engine();
  const margins = {
    ...(doc.header ? { header: marginWithArabic(doc.header) } : {}),
    ...(doc.footer ? { footer: marginWithArabic(doc.footer) } : {}),
  };
  return pm
    .createPdf({
      ...doc,
      ...margins,
      content: withArabic(doc.content),
      defaultStyle: { font: 'Roboto', fontSize: 10, ...doc.defaultStyle },
    })
    .getBuffer();
}

/**
 * pdfkit parses each font file again for every document, and fontkit then decodes its
 * positioning tables on first use: about 40 ms per font and document, most of a fiche's cost.
 * The parsed font is read-only once made (each document still makes its own subset), so one
 * per font file is kept for the life of the process.
 */
function shareParsedFonts() {
  const fromPdfkit = createRequire(createRequire(load.resolve('pdfmake')).resolve('pdfkit'));
  const path = fromPdfkit.resolve('fontkit');
  const fontkit = fromPdfkit('fontkit') as { create(buffer: Uint8Array, postscriptName?: string): unknown };
  const cached = fromPdfkit.cache[path];
  if (!cached || (fontkit as { shared?: boolean }).shared) return;
  const parsed = new Map<string, unknown>();
  // fontkit's exports are read-only getters: pdfkit, loaded after this, gets a child object instead.
  const create = (buffer: Uint8Array, postscriptName?: string) => {
    const key = `${createHash('sha1').update(buffer).digest('hex')}:${postscriptName ?? ''}`;
    let font = parsed.get(key);
    if (!font) parsed.set(key, (font = fontkit.create(buffer, postscriptName)));
    return font;
  };
  cached.exports = Object.create(fontkit, { create: { value: create }, shared: { value: true } }) as object;
}
