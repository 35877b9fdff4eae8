import { isValidPhoneNumber, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { isCountryCode } from './countries';
import { departmentLabel, isDepartmentCode, territoryDepartment } from './departments';
import { isSocioCategory } from './socioCategories';
import { isCalendarDate } from './localTime';

/** The fields printed on the diploma: typed twice at the counter (Moroccan "vérification des données"). */
export const DIPLOMA_FIELDS = ['surname', 'givenNames', 'birthDate', 'idNumber'] as const;

/** Letters of any script, spaces, apostrophes and hyphens: N'Diaye, Saïd, Ébène, عبد الرحمن. */
const NAME = /^[\p{L}\p{M}][\p{L}\p{M}' ’-]*$/u;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

const name = (max = 80) =>
  z
    .string()
    .trim()
    .min(1, 'required')
    .max(max, 'too_long')
    .refine((s) => !CONTROL.test(s) && NAME.test(s), 'name_chars');

/**
 * Bidirectional embeddings, overrides and isolates: invisible, they reverse or reorder what follows,
 * so the text typed is not the text read ("Moroni" + U+202E + "gpj.exe" reads "Moroniexe.jpg").
 * Names already refuse them (they are no letters); the marks LRM and RLM, which only hint a
 * direction, stay allowed.
 */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

const plainText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'too_long')
    .refine((s) => !CONTROL.test(s) && !BIDI_CONTROL.test(s) && !/[<>]/.test(s), 'invalid_chars');

/**
 * A national ID as it is stored, compared, searched and printed: trimmed and in capitals, null
 * when nothing is typed. The wizard's summary shows it this way too, so the clerk reads what the
 * record and the fiche will say.
 */
export const normaliseIdNumber = (typed: string | null | undefined): string | null =>
  typed?.trim().toUpperCase() || null;

/**
 * A diploma field as it is stored, for the double entry: the ID in capitals, the rest trimmed
 * (names keep their case). The counter's page and src-main compare the two typings with it.
 */
export const diplomaFieldAsStored = (field: (typeof DIPLOMA_FIELDS)[number], value: string | null | undefined) =>
  field === 'idNumber' ? (normaliseIdNumber(value) ?? '') : (value ?? '').trim();

/** CYCLADES's « France (dont outre-mer) »: a birth there may be in any department, DOM or COM. */
export const FRANCE = 'FR';

/** France, and the DOM and COM picked as countries of their own (RE, NC…): the department is asked. */
export const asksBirthDepartment = (country: string | null | undefined): boolean =>
  country === FRANCE || territoryDepartment(country) !== null;

/** National ID formats by type. Moroccan CNIE: one or two letters then digits (e.g. BE123456). */
export const ID_TYPES = {
  CNIE: /^[A-Z]{1,2}\d{1,6}$/,
  NIN_KM: /^[A-Z0-9]{6,12}$/,
  CNI_FR: /^[A-Z0-9]{9,12}$/,
  PASSPORT: /^[A-Z0-9]{6,9}$/,
  OTHER: /^[A-Z0-9/-]{3,20}$/,
} as const;
export type IdType = keyof typeof ID_TYPES;

export const ageOn = (birthDate: string, on: string) => {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
};

/** A code from a list, as stored: trimmed, in capitals, null when none. */
const listCode = () =>
  z
    .string()
    .trim()
    .toUpperCase()
    .nullable()
    .transform((s) => s || null);

/**
 * Candidate identity rules. `today` refuses future birth dates; `referenceDate` (the exam's)
 * decides who is a minor and so needs a guardian; `region` is the default phone country.
 * `birthDepartmentAsked: false` (a school's list, whose template has no column for it) takes a
 * birth in France without its department; one given is still checked.
 */
export function candidateSchema(opts: {
  region: string;
  today: string;
  referenceDate?: string;
  birthDepartmentAsked?: boolean;
}) {
  return z
    .object({
      surname: name(),
      givenNames: name(),
      usageName: z
        .string()
        .trim()
        .max(80, 'too_long')
        .refine((s) => !s || (!CONTROL.test(s) && NAME.test(s)), 'name_chars')
        .nullable()
        .transform((s) => s || null),
      sex: z.enum(['M', 'F'], 'required'),
      birthDate: z
        .string()
        .trim()
        .refine(isCalendarDate, 'date_invalid')
        .refine((s) => s <= opts.today, 'date_future')
        .refine((s) => s >= '1900-01-01', 'date_implausible'),
      birthPlace: plainText(100).pipe(z.string().min(1, 'required')),
      birthCountry: listCode().refine((s) => !s || isCountryCode(s), 'country_unknown'),
      birthDepartment: listCode().refine((s) => !s || isDepartmentCode(s), 'department_unknown'),
      // A code from the list (KM, MA): a nationality typed as text would split the office's figures.
      nationality: z.string().trim().toUpperCase().min(1, 'required').refine(isCountryCode, 'country_unknown'),
      idType: z.enum(Object.keys(ID_TYPES) as [IdType, ...IdType[]], 'id_type').nullable(),
      idNumber: z.string().nullable().transform(normaliseIdNumber).pipe(z.string().max(20, 'too_long').nullable()),
      phone: z
        .string()
        .trim()
        .max(30, 'too_long')
        .nullable()
        .refine((p) => !p || isValidPhoneNumber(p, opts.region as CountryCode), 'phone_invalid'),
      email: z
        .string()
        .trim()
        .max(120, 'too_long')
        .nullable()
        .refine((e) => !e || z.email().safeParse(e).success, 'email_invalid'),
      address: plainText(200).nullable(),
      guardian: z.object({ name: name(120), phone: z.string().trim().max(30, 'too_long') }).nullable(),
      socioCategory: listCode().refine((s) => !s || isSocioCategory(s), 'socio_category_unknown'),
    })
    .superRefine((c, ctx) => {
      // Either ID field without the other is half a document: a number needs its type, a type its number.
      if (c.idNumber && !c.idType) ctx.addIssue({ code: 'custom', path: ['idType'], message: 'required' });
      if (c.idType && !c.idNumber) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: 'id_number_required' });
      if (c.idNumber && c.idType && !ID_TYPES[c.idType].test(c.idNumber))
        ctx.addIssue({ code: 'custom', path: ['idNumber'], message: 'id_pattern' });
      const minor = isCalendarDate(c.birthDate) && ageOn(c.birthDate, opts.referenceDate ?? opts.today) < 18;
      if (minor && !c.guardian)
        ctx.addIssue({ code: 'custom', path: ['guardian', 'name'], message: 'guardian_required' });
      // A minor's guardian is the person the office calls: a name alone reaches no one.
      if (minor && c.guardian && !c.guardian.phone)
        ctx.addIssue({ code: 'custom', path: ['guardian', 'phone'], message: 'guardian_phone_required' });
      // The department says where in France: asked for a birth there, meaningless for any other.
      if (asksBirthDepartment(c.birthCountry) && !c.birthDepartment && opts.birthDepartmentAsked !== false)
        ctx.addIssue({ code: 'custom', path: ['birthDepartment'], message: 'required' });
      if (c.birthDepartment && !asksBirthDepartment(c.birthCountry))
        ctx.addIssue({ code: 'custom', path: ['birthDepartment'], message: 'department_not_france' });
      // Born « at La Réunion », the birth can only be in 974: another department contradicts the country.
      const own = territoryDepartment(c.birthCountry);
      if (own && c.birthDepartment && isDepartmentCode(c.birthDepartment) && c.birthDepartment !== own)
        ctx.addIssue({
          code: 'custom',
          path: ['birthDepartment'],
          message: 'department_not_territory',
          params: { department: departmentLabel(own) },
        });
      if (c.guardian?.phone && !isValidPhoneNumber(c.guardian.phone, opts.region as CountryCode))
        ctx.addIssue({ code: 'custom', path: ['guardian', 'phone'], message: 'phone_invalid' });
    });
}
