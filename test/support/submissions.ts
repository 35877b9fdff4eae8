import type { SubmitInput } from '../../shared/contract/registrations';

type Confirmed = Pick<NonNullable<SubmitInput['identity']>, 'surname' | 'givenNames' | 'birthDate' | 'idNumber'>;

/** The diploma fields of an identity typed a second time, as the clerk confirms them. */
export const confirmationOf = (i: Confirmed): NonNullable<SubmitInput['confirmation']> => ({
  surname: i.surname,
  givenNames: i.givenNames,
  birthDate: i.birthDate,
  idNumber: i.idNumber,
});

/** A walk-in Bac candidate of the Comoros demo catalogue; `n` varies the person (name, ID, phone). */
export function bacSubmission(n = 0, over: Partial<SubmitInput> = {}): SubmitInput {
  const suffix = n ? ` ${String.fromCharCode(65 + (n % 26))}${n}` : '';
  const identity = {
    surname: 'Abdérémane',
    givenNames: `Saïd Ali${suffix.replace(/\d/g, '')}`,
    sex: 'M' as const,
    birthDate: `2007-05-${String((n % 28) + 1).padStart(2, '0')}`,
    birthPlace: 'Moroni',
    nationality: 'KM',
    idType: 'NIN_KM',
    idNumber: `KM${String(1234567 + n)}`,
    phone: `+269 333 ${String(1000 + (n % 9000)).slice(0, 2)} ${String(10 + (n % 90))}`,
    email: 'said.abderemane@example.km',
    address: 'Mitsamiouli',
    guardian: null,
  };
  return {
    identity,
    confirmation: confirmationOf(identity),
    differentPerson: n > 0,
    application: {
      sessionId: 'KM-2026',
      examCode: 'BAC',
      seriesCode: 'A1',
      category: 'scolaire',
      etablissementCode: 'LSMC',
      centreCode: 'MOR-01',
      accommodations: { needed: false, details: '' },
      consentPublish: true,
    },
    epreuves: { optional: [], exemptions: [] },
    ...over,
  };
}
