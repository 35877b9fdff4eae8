import { registrationFr } from '../i18n/registration.fr';

/**
 * CYCLADES's « catégorie socio-professionnelle du candidat ou d'un représentant légal », as the
 * eight groups of INSEE's PCS, stored by their group number (named in the i18n messages,
 * `wizard.socioCategories`): the ministry's figures count by group, whatever the wording.
 */
export const SOCIO_CATEGORIES = ['1', '2', '3', '4', '5', '6', '7', '8'] as const;
export type SocioCategory = (typeof SOCIO_CATEGORIES)[number];

export const isSocioCategory = (code: string): code is SocioCategory =>
  (SOCIO_CATEGORIES as readonly string[]).includes(code);

/**
 * Its French name, as the counter's form shows it, for what an office prints or exports in French
 * whatever the clerk's language; a code no longer in the list is given as stored.
 */
export const socioCategoryFr = (code: string): string =>
  (registrationFr.wizard.socioCategories as Record<string, string>)[code] ?? code;

/** The group a category typed elsewhere (an online pre-registration) stands for, by number or French name. */
export function toSocioCategory(typed: string): SocioCategory | null {
  const t = typed.trim();
  if (isSocioCategory(t)) return t;
  const names = registrationFr.wizard.socioCategories as Record<SocioCategory, string>;
  const same = (a: string) => a.localeCompare(t, 'fr', { sensitivity: 'base' }) === 0;
  return SOCIO_CATEGORIES.find((code) => same(names[code])) ?? null;
}
