import type { preregFr } from './prereg.fr';

/** English strings of pre-registrations and offline limits (same keys as French). */
export const preregEn: typeof preregFr = {
  nav: { prereg: 'Online requests' },
  prereg: {
    title: 'Online pre-registrations',
    intro:
      'Pre-registrations made online by the region’s candidates arrive from headquarters at each sync. Check every field with the candidate before converting.',
    search: 'Pre-registration number, name or ID number',
    searchButton: 'Search',
    noResult: 'No pre-registration found. It arrives from headquarters at the next sync.',
    number: 'Pre-registration no.',
    name: 'Name',
    birthDate: 'Born on',
    idNumber: 'ID document',
    nationality: 'Nationality',
    exam: 'Exam applied for',
    createdAt: 'Made online on',
    entered: 'What the candidate entered online',
    convert: 'Convert into a registration',
    converted: 'Converted: registration {number}',
    openCandidate: 'Open the candidate',
    wizardBanner:
      'Converting pre-registration {number}: correct what the candidate entered online with them, then type the diploma fields again.',
    wizardCancel: 'Stop converting',
    registrationPrereg: 'Pre-registration',
  },
  offline: {
    warn: 'No contact with headquarters for {days} d (limit {max} d)',
    over: 'No contact with headquarters for {days} d: registrations need a supervisor',
    catalogueExpired: 'Catalogue expired on {date}',
    maxOfflineDays: 'Maximum days without contact with headquarters',
  },
  rules: {
    offline_too_long:
      'This workstation has had no contact with headquarters for {days} days (last contact {last}, limit {max} days). Sync or import a USB acknowledgement; otherwise a supervisor must allow the registration with a reason.',
    catalogue_expired:
      'The catalogue in force expired on {validUntil}. Sync to receive the new catalogue; otherwise a supervisor must allow the registration with a reason.',
  },
  validation: {
    prereg_already_converted: 'This pre-registration has already been converted (registration {registration}).',
    prereg_unknown: 'Unknown pre-registration on this workstation: sync to receive it from headquarters.',
    prereg_number_format: 'A pre-registration number looks like PRE-26-000123.',
    prereg_query_short: 'Type at least 2 characters.',
  },
  sync: {
    phases: { preregistrations: 'Pre-registrations' },
    reasons: {
      prereg_already_converted:
        'This pre-registration was already converted on another workstation: headquarters keeps the first registration. See with the supervisor which one to withdraw.',
    },
  },
};
