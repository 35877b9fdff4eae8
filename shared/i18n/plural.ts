/**
 * French counts 0 and 1 as singular (« 0 inscription », « 1 inscription »), English only 1, which is
 * vue-i18n's default. A message with three forms reads « aucun … | 1 … | {count} … » in both.
 */
export function frenchPlural(choice: number, choicesLength: number): number {
  const n = Math.abs(choice);
  return choicesLength === 2 ? (n < 2 ? 0 : 1) : Math.min(n, 2);
}

/** For createI18n: the locales whose plural differs from vue-i18n's English default. */
export const pluralRules = { fr: frenchPlural };

/**
 * The form of a catalogue message for `count`, as the screens would show it: for the few French
 * sentences src-main writes itself (an error report, a document) without vue-i18n.
 */
export function frenchForm(message: string, count: unknown): string {
  const forms = message.split(/\s*\|\s*/);
  if (forms.length === 1 || typeof count !== 'number') return forms[forms.length - 1]!;
  return forms[Math.min(frenchPlural(count, forms.length), forms.length - 1)]!;
}

/** 12 345 in French, 12,345 in English: a number's digits grouped as the locale writes them. */
export const digits = (locale: string, n: number) => new Intl.NumberFormat(locale).format(n);

/**
 * Text for print: French groups thousands with a narrow no-break space (U+202F, in Intl's digits and
 * formatMoney), which the fonts documents embed (Roboto) have no glyph for; the plain no-break space
 * keeps the grouping and never breaks.
 */
export const printable = (formatted: string) => formatted.replace(/\u202f/g, '\u00a0');

/** 2 000 on a printed document. */
export const printedDigits = (n: number) => printable(digits('fr', n));

/** « 1 candidat inscrit », « 2 000 candidats inscrits »: a count on a printed document. */
export const frenchCount = (count: number, one: string, many: string) =>
  `${printedDigits(count)} ${frenchPlural(count, 2) ? many : one}`;

/**
 * `t(key, ...counting(locale, n, params))`: the count written as the locale groups its digits
 * (« 12 345 inscriptions »), its words still chosen by the number itself.
 */
export const counting = (locale: string, count: number, params: Record<string, unknown> = {}) =>
  [{ ...params, count: digits(locale, count) }, count] as const;
