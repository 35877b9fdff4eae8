import type { SubmitInput } from '../../shared/contract/registrations';
import type { PreregRow } from '../../shared/contract/prereg';

/** An online pre-registration as HQ imports it; `n` varies the person and the number. */
export function preregFixture(n: number, over: Record<string, unknown> = {}) {
  return {
    number: `PRE-26-${String(n).padStart(6, '0')}`,
    region: 'Ngazidja',
    officeCode: null,
    createdAt: `2026-02-${String((n % 27) + 1).padStart(2, '0')}T10:00:00Z`,
    identity: {
      surname: n === 1 ? 'Mohamed' : `Mohamed${n}`,
      givenNames: 'Fatima Zahra',
      sex: 'F',
      birthDate: '2007-04-12',
      birthPlace: 'Mitsamiouli',
      nationality: 'KM',
      idType: 'NIN_KM',
      idNumber: `KM${9000000 + n}`,
      phone: '+269 321 45 67',
      email: null,
      address: 'Mitsamiouli',
    },
    application: {
      examCode: 'BAC',
      seriesCode: 'A1',
      category: 'scolaire',
      etablissementCode: 'LSMC',
      centreCode: 'MOR-01',
    },
    ...over,
  };
}

/** What the wizard sends when it converts a pre-registration: its identity, typed again where the diploma needs it. */
export function conversionOf(p: PreregRow, surname = p.identity.surname): SubmitInput {
  const i = p.identity;
  return {
    preregistrationNumber: p.number,
    identity: {
      surname,
      givenNames: i.givenNames,
      sex: i.sex ?? 'F',
      birthDate: i.birthDate,
      birthPlace: i.birthPlace,
      nationality: i.nationality,
      idType: i.idType,
      idNumber: i.idNumber,
      phone: i.phone,
      email: i.email,
      address: i.address,
      guardian: null,
    },
    confirmation: { surname, givenNames: i.givenNames, birthDate: i.birthDate, idNumber: i.idNumber },
    application: {
      sessionId: 'KM-2026',
      examCode: p.application.examCode,
      seriesCode: p.application.seriesCode,
      category: p.application.category,
      etablissementCode: p.application.etablissementCode,
      centreCode: p.application.centreCode ?? 'MOR-01',
      accommodations: { needed: false, details: '' },
      consentPublish: true,
    },
    epreuves: { optional: [], exemptions: [] },
  };
}
