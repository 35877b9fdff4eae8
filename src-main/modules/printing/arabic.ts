import { existsSync } from 'node:fs';

/** Arabic letters, including the presentation forms a pasted name may carry. */
const ARABIC = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/;
export const hasArabic = (s: string) => ARABIC.test(s);

/**
 * Fonts that cover Arabic, looked for on the workstation (none ships with an npm package):
 * an explicit path, DejaVu Sans on Debian/Ubuntu, Arial or Tahoma on Windows.
 */
const CANDIDATES = [
  process.env.GUICHET_ARABIC_FONT,
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  'C:\\Windows\\Fonts\\arial.ttf',
  'C:\\Windows\\Fonts\\tahoma.ttf',
];
export const arabicFontPath = (): string | null => CANDIDATES.find((p): p is string => !!p && existsSync(p)) ?? null;

/**
 * The PDF engine shapes each Arabic word (joining forms, right to left) but lays the words of a
 * line out left to right: runs of Arabic words are put in reading order here.
 */
export function visualOrder(s: string): string {
  const words = s.split(' ');
  const out: string[] = [];
  let run: string[] = [];
  for (const w of words) {
    if (hasArabic(w)) run.push(w);
    else {
      out.push(...run.reverse(), w);
      run = [];
    }
  }
  return [...out, ...run.reverse()].join(' ');
}

/**
 * Each Arabic word its own run in the Arabic font, with the spaces as plain runs between: the
 * engine reverses the glyphs of an RTL run, and a space inside the run would end up on the wrong side.
 */
function runs(s: string, font: string) {
  const words = visualOrder(s).split(' ');
  return words.flatMap((w, i) => [...(i ? [' '] : []), hasArabic(w) ? { text: w, font } : w]);
}

type Node = unknown;
const CONTAINERS = ['stack', 'columns', 'ul', 'ol'] as const;

/** Every text of a document definition that holds Arabic, set in the Arabic font and in reading order. */
export function withArabicFont(node: Node, font: string): Node {
  if (typeof node === 'string') return hasArabic(node) ? { text: runs(node, font) } : node;
  if (Array.isArray(node)) return node.map((n) => withArabicFont(n, font));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = { ...(node as Record<string, unknown>) };
  if (typeof out.text === 'string') {
    if (hasArabic(out.text)) out.text = runs(out.text, font);
  } else if (out.text !== undefined) out.text = withArabicFont(out.text, font);
  for (const key of CONTAINERS) if (out[key]) out[key] = withArabicFont(out[key], font);
  const table = out.table as { body?: unknown[][] } | undefined;
  if (table?.body) out.table = { ...table, body: table.body.map((row) => row.map((c) => withArabicFont(c, font))) };
  return out;
}
