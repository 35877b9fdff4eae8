/**
 * Names as typed keep their accents and apostrophes for documents; these forms are only for
 * matching: accent- and case-free, and a phonetic key that forgives the usual spelling variants
 * of French, Comorian and Maghrebi names (Abdérémane / Abdouramane, Saïd / Said / Sayid).
 */
export function normaliseName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’'`´\-_.]/g, ' ')
    .replace(/[^\p{L}\p{N} ]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A simplified French phonetic reduction: vowels collapse, silent h and doubled letters go, close consonants merge. */
export function phoneticKey(s: string): string {
  return phoneticKeyOfNormalised(normaliseName(s));
}

function phoneticKeyOfNormalised(normalised: string): string {
  return normalised
    .split(' ')
    .map((w) =>
      w
        .replace(/ph/g, 'f')
        .replace(/(ou|oo|u)/g, 'u')
        .replace(/(ch|sh)/g, 'x')
        .replace(/dj/g, 'j')
        .replace(/[yi]/g, 'i')
        .replace(/h/g, '')
        .replace(/[ck]|q/g, 'k')
        .replace(/z/g, 's')
        .replace(/[aeo]+/g, 'a')
        .replace(/(.)\1+/g, '$1'),
    )
    .filter(Boolean)
    .sort()
    .join(' ');
}

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions): the whole table, which `withinEdits` answers to. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** Rows of the table `withinEdits` fills, kept from one call to the next: a school list makes a million of them. */
let table = [new Int32Array(64), new Int32Array(64), new Int32Array(64)] as const;

/**
 * Whether editDistance(a, b) ≤ most, without building the whole table: three rows in reused
 * buffers, and it stops once two rows in a row are over `most` (no later cell can come back under
 * it, since each cell is at least the smaller of the row above and one more than the row before).
 */
export function withinEdits(a: string, b: string, most: number): boolean {
  const n = b.length;
  if (table[0].length <= n) table = [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)] as const;
  let [older, prev, cur] = table;
  for (let j = 0; j <= n; j++) prev[j] = j;
  let prevMin = 0;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, older[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > most && prevMin > most) return false;
    prevMin = rowMin;
    const spare = older;
    older = prev;
    prev = cur;
    cur = spare;
  }
  return prev[n]! <= most;
}

/** Close enough to ask the clerk: same phonetic key, or at most one edit per eight letters. */
export function isCloseName(a: string, b: string): boolean {
  return closeFormsTo(a)(nameForms(b));
}

/** What `closeFormsTo` compares of a name, computed once for a name compared with many. */
export interface NameForms {
  /** The phonetic key. */
  key: string;
  /** The normalised words in alphabetical order, for the edit distance. */
  sorted: string;
}

export function nameForms(name: string): NameForms {
  const normalised = normaliseName(name);
  return { key: phoneticKeyOfNormalised(normalised), sorted: normalised.split(' ').sort().join(' ') };
}

/**
 * isCloseName with `a` fixed and the other names' forms computed: each is computed once, so the
 * duplicate check compares a pupil with every candidate born the same day without redoing them.
 */
export function closeFormsTo(a: string): (b: NameForms) => boolean {
  const { key, sorted } = nameForms(a);
  return (b) => {
    if (key === b.key) return true;
    const most = Math.max(1, Math.floor(Math.max(sorted.length, b.sorted.length) / 8));
    // The distance is at least the difference in length: most pairs need no table.
    return Math.abs(sorted.length - b.sorted.length) <= most && withinEdits(sorted, b.sorted, most);
  };
}
