import type { PDFContext, PDFName, PDFObject } from 'pdf-lib';
import { loadPdfLib } from '../../core/lazyDeps';

/*
 * Active content: what a PDF viewer runs or hands to the system by itself or on a click —
 * JavaScript, a program to launch, an attached file, actions run when a page opens or a field
 * changes. A scan holds none; a crafted file or a form saved from Acrobat may, and it would be
 * stored, sent to headquarters and opened in Chromium's viewer as it is. The file is kept as the
 * bytes the clerk chose (its sha256 names it), so it is refused, never cleaned.
 */

/** Keys that are active content wherever they stand: a script, a names tree of scripts or of files, an attached file. */
const ACTIVE_KEYS = new Set(['JS', 'JavaScript', 'EmbeddedFiles', 'EF']);
/** Action types (/S) and object types (/Type) that are. */
const ACTIVE_TYPES = new Set(['JavaScript', 'Launch', 'EmbeddedFile']);
/** Every name the walk reacts to, and /ObjStm: objects compressed in an object stream are not in the bytes. */
const WATCHED = new Set([...ACTIVE_KEYS, ...ACTIVE_TYPES, 'AA', 'ObjStm']);

/** A name with its #xx escapes decoded, as a viewer reads it (/#4aS is /JS); pdf-lib decodes upper-case hex only. */
const decode = (raw: string) =>
  raw.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
const plain = (name: PDFName) => decode(name.decodeText());

/** A name that could be a watched one: letters, digits and #xx escapes, up to white space or a delimiter. */
const NAME = /\/(?:[0-9A-Za-z]|#[0-9A-Fa-f]{2})+(?![^\0\t\n\f\r ()<>[\]{}/%])/g;

/**
 * A quick look at the bytes for a watched name, escaped or not. Uncompressed objects spell their
 * names in the file, and compressed ones sit in a stream of /Type /ObjStm, so a PDF in which no
 * watched name appears has nothing for the walk to find: a scanner's PDF usually skips it.
 */
const mayBeActive = (bytes: Uint8Array) => {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  for (const [name = ''] of text.matchAll(NAME)) if (WATCHED.has(decode(name.slice(1)))) return true;
  return false;
};

/**
 * Every definition of every object in the file, as parsed, including the object streams'. pdf-lib
 * keeps the last definition of an object; a viewer following the cross-reference table may read an
 * earlier one, so each is looked at. This looks at every object rather than walking from the
 * catalogue: actions also hide in outlines, form fields and /Next chains, and a viewer may pick
 * another catalogue than pdf-lib does.
 */
async function everyDefinition(bytes: Uint8Array): Promise<PDFObject[]> {
  const { PDFParser } = await loadPdfLib();
  const parser = PDFParser.forBytesWithOptions(bytes, 100, true);
  // The parser's context is protected; its assign is where each parsed object lands.
  const { context } = parser as unknown as { context: PDFContext };
  const seen: PDFObject[] = [];
  const assign = context.assign.bind(context);
  context.assign = (ref, object) => {
    seen.push(object);
    assign(ref, object);
  };
  await parser.parseDocument();
  return seen;
}

/** What makes this PDF active (e.g. "/JS"), or null. Throws if pdf-lib cannot parse it. */
export async function findActiveContent(bytes: Uint8Array): Promise<string | null> {
  if (!mayBeActive(bytes)) return null;
  const { PDFArray, PDFDict, PDFName, PDFStream } = await loadPdfLib();
  const stack = await everyDefinition(bytes);
  for (let o = stack.pop(); o; o = stack.pop()) {
    if (o instanceof PDFStream) stack.push(o.dict);
    else if (o instanceof PDFArray) for (const x of o.asArray()) stack.push(x);
    else if (o instanceof PDFDict)
      for (const [key, value] of o.entries()) {
        const k = plain(key);
        const v = value instanceof PDFName ? plain(value) : null;
        if (ACTIVE_KEYS.has(k)) return `/${k}`;
        if ((k === 'S' || k === 'Type') && v && ACTIVE_TYPES.has(v)) return `/${v}`;
        // pdf-lib opens every object stream it recognises and keeps none: one still here went
        // unread (its type spelt in a way pdf-lib does not decode), and so did its objects.
        if (k === 'Type' && v === 'ObjStm') return '/ObjStm';
        // Actions run by themselves (page opened or closed, field changed, document printed).
        if (k === 'AA' && !(value instanceof PDFDict && value.entries().length === 0)) return '/AA';
        stack.push(value);
      }
  }
  return null;
}
