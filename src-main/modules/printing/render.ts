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

/** The part of a fontkit font shareParsedFonts relies on (a TrueType or OpenType font, fontkit's TTFFont). */
interface ParsedFont {
  type: string;
  stream: { buffer: Uint8Array; pos: number; constructor: new (buffer: Uint8Array) => { pos: number } };
  variationCoords: number[] | null;
  _directoryPos: number;
  _tables: Record<string, unknown>;
  constructor: new (stream: { pos: number }, variationCoords: number[] | null) => ParsedFont;
}

/**
 * pdfkit parses each font file again for every document, and fontkit then decodes its
 * positioning tables on first use: about 40 ms per font and document, most of a fiche's cost.
 * The parsed tables are read-only once made, so they are kept for the life of the process, one
 * set per font file.
 *
 * The font object is not: fontkit caches each glyph with the characters it was first made for
 * (`getGlyph(id, characters = [])`), and pdfkit writes a document's ToUnicode map, what copy,
 * search and pdftotext read, from those characters. A glyph first made without them (a subset
 * pulling in the « E » inside « É ») then had none in every later document: a receipt printed
 * after a fiche read « spèces ». So each document gets a font object of its own, with its own
 * glyphs and layout engine, over the shared tables, the way fontkit's own getVariation does.
 */
function shareParsedFonts() {
  const fromPdfkit = createRequire(createRequire(load.resolve('pdfmake')).resolve('pdfkit'));
  const path = fromPdfkit.resolve('fontkit');
  const fontkit = fromPdfkit('fontkit') as { create(buffer: Uint8Array, postscriptName?: string): unknown };
  const cached = fromPdfkit.cache[path];
  if (!cached || (fontkit as { shared?: boolean }).shared) return;
  const parsed = new Map<string, ParsedFont>();
  // fontkit's exports are read-only getters: pdfkit, loaded after this, gets a child object instead.
  const create = (buffer: Uint8Array, postscriptName?: string) => {
    const key = `${createHash('sha1').update(buffer).digest('hex')}:${postscriptName ?? ''}`;
    const font = parsed.get(key);
    if (font) return ownGlyphs(font);
    const made = fontkit.create(buffer, postscriptName) as ParsedFont;
    // Only TrueType/OpenType fonts are known to keep everything parsed in _tables; others are parsed per document.
    if (made?.type === 'TTF' && made._tables) parsed.set(key, made);
    return made;
  };
  cached.exports = Object.create(fontkit, { create: { value: create }, shared: { value: true } }) as object;
}

/** A new font object over the same bytes and parsed tables, with no glyph made yet. */
function ownGlyphs(font: ParsedFont): ParsedFont {
  const stream = new font.stream.constructor(font.stream.buffer);
  stream.pos = font._directoryPos;
  const own = new font.constructor(stream, font.variationCoords);
  own._tables = font._tables;
  return own;
}
