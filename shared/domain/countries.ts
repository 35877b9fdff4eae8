import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';
import fr from 'i18n-iso-countries/langs/fr.json';
import enAdjectives from 'i18n-nationality/langs/en.json';
import frAdjectives from 'i18n-nationality/langs/fr.json';

/**
 * Countries as ISO 3166-1 alpha-2 codes, named in French. A nationality is stored as its code
 * (KM, MA, FR) so that "Comorienne", "comores" and "KM" cannot become three nationalities in the
 * office's figures, and printed by its name on the fiche.
 */
countries.registerLocale(fr);
countries.registerLocale(en);

const NAMES: Readonly<Record<string, string>> = countries.getNames('fr', { select: 'official' });

/** Every code, in the order of its French name: what a list offers. */
export const COUNTRY_CODES: readonly string[] = Object.keys(NAMES).sort((a, b) =>
  NAMES[a]!.localeCompare(NAMES[b]!, 'fr'),
);

export const isCountryCode = (code: string): boolean => Object.hasOwn(NAMES, code);

/** The French name of a code; a value stored before nationalities were codes is shown as it was typed. */
export const countryName = (code: string): string => NAMES[code] ?? code;

/** Case, accents, hyphens and apostrophes do not matter: "cote d ivoire" is Côte-d'Ivoire. */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

let byName: Map<string, string> | null = null;
function names(): Map<string, string> {
  if (!byName) {
    byName = new Map();
    for (const lang of ['en', 'fr'])
      for (const [code, all] of Object.entries(countries.getNames(lang, { select: 'all' })))
        for (const n of all) byName.set(fold(n), code);
  }
  return byName;
}

/**
 * The library gives French adjectives in the masculine; a school writes the pupil's own:
 * comorien(ne), marocain(e), malgache, grec(que), turc (turque).
 */
const frenchForms = (masculine: string) => {
  const m = fold(masculine);
  return [m, `${m}e`, `${m}ne`, ...(m.endsWith('c') ? [`${m}que`, `${m.slice(0, -1)}que`] : [])];
};

let byAdjective: Map<string, string | null> | null = null;
/**
 * Nationality adjectives → code. "Français" is France's; "Français (Guyane)" only says it is also
 * French Guiana's, so the bracketed use gives way. A word two brackets share (congolais) maps to
 * null: it is asked for, not guessed.
 */
function adjectives(): Map<string, string | null> {
  if (!byAdjective) {
    const map = new Map<string, string | null>();
    const owned = new Set<string>();
    const add = (forms: string[], code: string, qualified: boolean) => {
      for (const form of forms) {
        if (owned.has(form)) continue;
        if (!qualified) owned.add(form);
        map.set(form, !qualified || !map.has(form) || map.get(form) === code ? code : null);
      }
    };
    const entries = [
      ...Object.entries(frAdjectives.nationalities).map(([code, a]) => [code, a, frenchForms] as const),
      ...Object.entries(enAdjectives.nationalities).map(([code, a]) => [code, a, (w: string) => [fold(w)]] as const),
    ];
    const bracket = /\s*\(.*\)\s*$/;
    // Unqualified adjectives first, so that they own their word.
    for (const [code, adjective, forms] of entries) if (!bracket.test(adjective)) add(forms(adjective), code, false);
    for (const [code, adjective, forms] of entries)
      if (bracket.test(adjective)) add(forms(adjective.replace(bracket, '')), code, true);
    byAdjective = map;
  }
  return byAdjective;
}

/**
 * What a school or a candidate typed, as a code: the code itself (km), the three-letter code
 * (COM), the country's name in French or English, with or without its article (les Comores,
 * Comoros), or its nationality adjective (Comorienne, Comoran). Null when nothing matches, or when
 * the word could be two countries.
 */
export function toCountryCode(text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  const upper = t.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper)) return isCountryCode(upper) ? upper : null;
  if (/^[A-Z]{3}$/.test(upper)) {
    const code = countries.alpha3ToAlpha2(upper);
    if (code) return code;
  }
  const folded = fold(t);
  return names().get(folded) ?? names().get(withoutArticle(folded)) ?? adjectives().get(folded) ?? null;
}

/** French writes most countries with their article (« La Réunion », « les Comores », « l’Algérie »); the list does not. */
const withoutArticle = (folded: string) => folded.replace(/^(la|le|les|l) /, '');
