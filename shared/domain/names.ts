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

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions). */
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

export const nameDistance = (a: string, b: string) => editDistance(normaliseName(a), normaliseName(b));

/** Close enough to ask the clerk: same phonetic key, or at most one edit per eight letters. */
export function isCloseName(a: string, b: string): boolean {
  return closeNameTo(a)(b);
}

/**
 * isCloseName with `a` fixed: its forms are computed once, so checking one name against every
 * candidate born the same day does not redo them for each (the duplicate check on every save).
 */
export function closeNameTo(a: string): (b: string) => boolean {
  const ka = phoneticKey(a);
  const na = normaliseName(a).split(' ').sort().join(' ');
  return (b) => {
    const nbRaw = normaliseName(b);
    if (ka === phoneticKeyOfNormalised(nbRaw)) return true;
    const nb = nbRaw.split(' ').sort().join(' ');
    return editDistance(na, nb) <= Math.max(1, Math.floor(Math.max(na.length, nb.length) / 8));
  };
}
