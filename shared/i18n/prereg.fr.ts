/** French strings of pre-registrations and offline limits, merged into `fr`. */
export const preregFr = {
  nav: { prereg: 'Demandes en ligne' },
  prereg: {
    title: 'Préinscriptions en ligne',
    intro:
      'Les préinscriptions faites en ligne par les candidats de la région arrivent du siège à chaque synchronisation. Vérifiez chaque champ avec le candidat avant de convertir.',
    search: 'N° de préinscription, nom ou pièce d’identité',
    searchButton: 'Chercher',
    noResult: 'Aucune préinscription trouvée. Elle arrive du siège à la prochaine synchronisation.',
    number: 'N° préinscription',
    name: 'Nom et prénoms',
    birthDate: 'Né(e) le',
    idNumber: 'Pièce d’identité',
    nationality: 'Nationalité',
    exam: 'Examen demandé',
    createdAt: 'Faite en ligne le',
    entered: 'Ce que le candidat a saisi en ligne',
    convert: 'Convertir en inscription',
    converted: 'Convertie : inscription {number}',
    openCandidate: 'Voir le candidat',
    wizardBanner:
      'Conversion de la préinscription {number} : corrigez avec le candidat ce qu’il a saisi en ligne, puis ressaisissez les champs du diplôme.',
    wizardCancel: 'Ne plus convertir',
    registrationPrereg: 'Préinscription',
  },
  offline: {
    warn: 'Sans contact avec le siège depuis {days} j (limite {max} j)',
    over: 'Sans contact avec le siège depuis {days} j : inscriptions soumises à un superviseur',
    catalogueExpired: 'Catalogue expiré depuis le {date}',
    maxOfflineDays: 'Jours maximum sans contact avec le siège',
  },
  rules: {
    offline_too_long:
      'Ce poste n’a pas eu de contact avec le siège depuis {days} jours (dernier contact le {last}, limite {max} jours). Synchronisez ou importez un accusé de réception USB ; sinon un superviseur doit autoriser l’inscription avec un motif.',
    catalogue_expired:
      'Le catalogue en vigueur n’est plus valable depuis le {validUntil}. Synchronisez pour recevoir le nouveau catalogue ; sinon un superviseur doit autoriser l’inscription avec un motif.',
  },
  validation: {
    prereg_already_converted: 'Cette préinscription a déjà été convertie (inscription {registration}).',
    prereg_unknown: 'Préinscription inconnue sur ce poste : synchronisez pour la recevoir du siège.',
    prereg_number_format: 'Le numéro de préinscription a la forme PRE-26-000123.',
    prereg_query_short: 'Tapez au moins 2 caractères.',
  },
  sync: {
    phases: { preregistrations: 'Préinscriptions' },
    reasons: {
      prereg_already_converted:
        'Cette préinscription a déjà été convertie sur un autre poste : le siège garde la première inscription. Voyez avec le superviseur laquelle retirer.',
    },
  },
};
