import type sharp from 'sharp';
import { AppError } from '../../core/errors';
import { loadPdfLib, loadSharp } from '../../core/lazyDeps';
import { findActiveContent } from './pdfActive';

export type FileKind = 'pdf' | 'jpeg' | 'png';
export const MIME: Record<FileKind, string> = { pdf: 'application/pdf', jpeg: 'image/jpeg', png: 'image/png' };

/** Large enough for an A4 page scanned at 600 dpi (~35 Mpx); a PNG bomb claims far more. */
export const MAX_INPUT_PIXELS = 40_000_000;
/** Scans are kept at A4 300 dpi at most: enough to read, small enough to sync. */
const MAX_SIDE = 3508;

/** A refusal shown at the file field, translated as `validation.<code>`. */
export const refuse = (code: string, message: string, params?: Record<string, string | number>, field = 'file') =>
  new AppError('invalid_input', message, { [field]: params ? { code, params } : { code } });

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/** The type is what the bytes say, never what the name says: an .exe renamed .pdf is not a PDF. */
export function sniff(bytes: Uint8Array): FileKind | 'tiff' | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  return null;
}

/** The last 1024 bytes, where a PDF's trailer ends. */
const tail = (bytes: Uint8Array) => Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
/** "startxref", the offset of the cross-reference table, "%%EOF", apart by PDF white space (NUL, form feed too). */
const END = /startxref[\0\t\n\f\r ]+\d+[\0\t\n\f\r ]+%%EOF/;

/** Encrypted objects do not parse strictly; a lenient second look tells encryption from damage. */
const encrypted = async (bytes: Uint8Array) =>
  (await loadPdfLib()).PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false }).then(
    (d) => d.isEncrypted,
    () => false,
  );

export async function checkPdf(bytes: Uint8Array): Promise<{ pages: number }> {
  const end = tail(bytes);
  // A cut-off download or copy loses the trailer: the last "%%EOF" must sit near the end.
  if (!end.includes('%%EOF')) throw refuse('pdf_truncated', 'PDF is truncated');
  // pdf-lib reads a file with no cross-reference table by scanning it; viewers and qpdf call it
  // damaged and each rebuilds it in its own way, so what was checked may not be what is shown.
  if (!END.test(end)) throw refuse('pdf_corrupt', 'PDF has no startxref');
  const { EncryptedPDFError, PDFDocument } = await loadPdfLib();
  let pages: number;
  let active: string | null;
  try {
    const doc = await PDFDocument.load(bytes, { throwOnInvalidObject: true, updateMetadata: false });
    // Walking the page tree finds a catalogue that points at nothing.
    pages = doc.getPages().length;
    active = await findActiveContent(bytes);
  } catch (e) {
    if (e instanceof EncryptedPDFError || (await encrypted(bytes))) throw refuse('pdf_encrypted', 'PDF is encrypted');
    throw refuse('pdf_corrupt', 'PDF cannot be read');
  }
  if (pages === 0) throw refuse('pdf_corrupt', 'PDF has no page');
  if (active) throw refuse('pdf_active_content', `PDF holds active content (${active})`);
  return { pages };
}

const imageFailure = (e: unknown) =>
  /pixel limit/i.test(String(e))
    ? refuse('image_too_many_pixels', 'Image exceeds the pixel limit')
    : refuse('image_corrupt', 'Image cannot be decoded');

/** Dimensions from the header alone, so a bomb is refused before anything is decoded. */
export async function checkedImage(bytes: Uint8Array) {
  const load = await loadSharp();
  let meta: sharp.Metadata;
  try {
    meta = await load(bytes).metadata();
  } catch (e) {
    throw imageFailure(e);
  }
  if (!meta.width || !meta.height) throw refuse('image_corrupt', 'Image has no size');
  if (meta.width * meta.height > MAX_INPUT_PIXELS)
    throw refuse('image_too_many_pixels', 'Image exceeds the pixel limit');
  return {
    image: load(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate(),
    // Orientations 5–8 swap the sides once rotate() has applied them.
    width: (meta.orientation ?? 1) >= 5 ? meta.height : meta.width,
    height: (meta.orientation ?? 1) >= 5 ? meta.width : meta.height,
  };
}

/**
 * Decoded and written again: orientation applied, EXIF/GPS and other metadata dropped (sharp
 * keeps none unless asked), oversized scans brought down to A4 at 300 dpi. TIFF becomes PNG.
 */
export async function normaliseImage(bytes: Uint8Array, kind: 'jpeg' | 'png' | 'tiff') {
  const image = (await checkedImage(bytes)).image.resize(MAX_SIDE, MAX_SIDE, {
    fit: 'inside',
    withoutEnlargement: true,
  });
  try {
    if (kind === 'jpeg')
      return { kind: 'jpeg' as const, bytes: await image.jpeg({ quality: 85, mozjpeg: false }).toBuffer() };
    return { kind: 'png' as const, bytes: await image.png({ compressionLevel: 6 }).toBuffer() };
  } catch (e) {
    throw imageFailure(e);
  }
}

/** Checks one file for a piece and returns what goes into the store. */
export async function inspectPiece(
  bytes: Uint8Array,
  rules: { maxBytes: number; formats: readonly FileKind[] },
): Promise<{ kind: FileKind; bytes: Uint8Array }> {
  if (bytes.length === 0) throw refuse('file_empty', 'File is empty');
  if (bytes.length > rules.maxBytes)
    throw refuse('file_too_large', 'File too large', { maxMb: Math.round(rules.maxBytes / 100_000) / 10 });
  const sniffed = sniff(bytes);
  if (!sniffed) throw refuse('file_type_refused', 'Not a PDF, JPEG or PNG');
  const kind: FileKind = sniffed === 'tiff' ? 'png' : sniffed;
  if (!rules.formats.includes(kind))
    throw refuse('file_format_not_allowed', 'Format not allowed for this piece', {
      formats: rules.formats.join(', ').toUpperCase(),
    });
  if (sniffed === 'pdf') {
    await checkPdf(bytes);
    return { kind, bytes };
  }
  return normaliseImage(bytes, sniffed);
}
