import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';
import fr from 'i18n-iso-countries/langs/fr.json';

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
 * What a school or a candidate typed, as a code: the code itself (km), the three-letter code
 * (COM) or the country's name in French or English (Comores, Comoros). Null when nothing matches.
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
  return names().get(fold(t)) ?? null;
}
