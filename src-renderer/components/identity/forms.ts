import type { CandidateDetail, IdentityInput } from '../../../shared/contract/candidates';
import { asksBirthDepartment } from '../../../shared/domain/candidate';

/** An identity as its form holds it: every field a string, '' for nothing typed. */
export const emptyIdentity = (country = '') => ({
  surname: '',
  givenNames: '',
  usageName: '',
  sex: '' as '' | 'M' | 'F',
  birthDate: '',
  birthPlace: '',
  // Most candidates are of the office's country, and born in it.
  birthCountry: country,
  birthDepartment: '',
  nationality: country,
  idType: '',
  idNumber: '',
  phone: '',
  email: '',
  address: '',
  guardianName: '',
  guardianPhone: '',
  socioCategory: '',
});
export type IdentityForm = ReturnType<typeof emptyIdentity>;

/** The diploma fields typed a second time. */
export const emptyConfirmation = () => ({ surname: '', givenNames: '', birthDate: '', idNumber: '' });
export type ConfirmationForm = ReturnType<typeof emptyConfirmation>;

export const nullable = (s: string) => (s.trim() ? s.trim() : null);

/** What src-main is sent: empty optional fields as null, and a guardian only when named. */
export const identityInput = (f: IdentityForm): IdentityInput => ({
  surname: f.surname,
  givenNames: f.givenNames,
  usageName: nullable(f.usageName),
  sex: (f.sex || undefined) as 'M' | 'F',
  birthDate: f.birthDate,
  birthPlace: f.birthPlace,
  birthCountry: nullable(f.birthCountry),
  // Kept in the form while the country changes back and forth, sent only while the list shows.
  birthDepartment: asksBirthDepartment(f.birthCountry) ? nullable(f.birthDepartment) : null,
  nationality: f.nationality,
  idType: nullable(f.idType),
  idNumber: nullable(f.idNumber),
  phone: nullable(f.phone),
  email: nullable(f.email),
  address: nullable(f.address),
  guardian: f.guardianName.trim() ? { name: f.guardianName, phone: f.guardianPhone } : null,
  socioCategory: nullable(f.socioCategory),
});

/** A stored candidate back in the form, to correct it. */
export const identityForm = (c: CandidateDetail): IdentityForm => ({
  surname: c.surname,
  givenNames: c.givenNames,
  usageName: c.usageName ?? '',
  sex: c.sex,
  birthDate: c.birthDate,
  birthPlace: c.birthPlace,
  birthCountry: c.birthCountry ?? '',
  birthDepartment: c.birthDepartment ?? '',
  nationality: c.nationality,
  idType: c.idType ?? '',
  idNumber: c.idNumber ?? '',
  phone: c.phone ?? '',
  email: c.email ?? '',
  address: c.address ?? '',
  guardianName: c.guardian?.name ?? '',
  guardianPhone: c.guardian?.phone ?? '',
  socioCategory: c.socioCategory ?? '',
});
